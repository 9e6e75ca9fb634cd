/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { expect, Locator, Page } from '@playwright/test';
import { join, resolve } from 'node:path';

const screenshots = resolve(__dirname, '../../../test-results/e2e/screenshots');

const catalogLinkOf = (page: Page) =>
  page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });

/**
 * Presses a button of the sign-in page until the portal opens. The demo's backend restarts
 * whenever a source file is saved (it runs in development mode), and while it does the
 * sign-in answers "Failed to fetch"; a person would press again, and so does this.
 */
async function signInWith(page: Page, button: Locator) {
  const catalogLink = catalogLinkOf(page);
  await expect(async () => {
    if (await button.isVisible()) await button.click();
    await expect(catalogLink).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 90_000, intervals: [1_000, 2_000, 5_000] });
}

/**
 * Opens a page of the portal, signing in through the demo's guest sign-in page when the
 * portal asks (the first visit, or after the backend restarted), as a newcomer would.
 */
export async function openAsGuest(page: Page, path: string = '/') {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter', exact: true });
  await expect(enter.or(catalogLinkOf(page))).toBeVisible();
  await signInWith(page, enter);
}

/** Where the demo's sign-in page keeps the choice (packages/app/src/modules/signIn). */
const SIGN_IN_CHOICE_KEY = '@dyploma/demo-sign-in';

/**
 * Opens a page of the portal signed in as one of the demo's catalog users (`carol`,
 * `alice`, …; app-config.yaml lists them), through the sign-in page's "Sign in as"
 * button, as a person trying the demo would. Signed in as someone else already, it
 * switches: the sign-in page remembers its choice in local storage.
 */
export async function openAs(page: Page, user: string, path: string = '/') {
  await page.goto(path);
  const signIn = page.getByRole('button', {
    name: `Sign in as ${user}`,
    exact: true,
  });
  await expect(signIn.or(catalogLinkOf(page))).toBeVisible();
  if (!(await signIn.isVisible())) {
    const current = await page.evaluate(
      key => window.localStorage.getItem(key),
      SIGN_IN_CHOICE_KEY,
    );
    if (current !== user) {
      await page.evaluate(
        ([key, value]) => window.localStorage.setItem(key, value),
        [SIGN_IN_CHOICE_KEY, user],
      );
      await page.reload();
    }
  }
  await signInWith(page, signIn);
}

/** Saves a full-page screenshot under test-results/e2e/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: join(screenshots, `${name}.png`),
    fullPage: true,
  });
}
