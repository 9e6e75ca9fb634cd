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

import { expect, Page } from '@playwright/test';
import { join, resolve } from 'node:path';

const screenshots = resolve(__dirname, '../../../test-results/e2e/screenshots');

/**
 * Opens a page of the portal, signing in through the demo's guest sign-in page when the
 * portal asks (the first visit, or after the backend restarted), as a newcomer would.
 */
export async function openAsGuest(page: Page, path: string = '/') {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  const catalogLink = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });
  await expect(enter.or(catalogLink)).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(catalogLink).toBeVisible();
}

/** Saves a full-page screenshot under test-results/e2e/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: join(screenshots, `${name}.png`),
    fullPage: true,
  });
}
