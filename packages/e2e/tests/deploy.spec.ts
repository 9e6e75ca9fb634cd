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

import { expect, Page, test } from '@playwright/test';
import { openAsGuest, screenshot } from './helpers';

// The whole daily path on the real demo: the backend's worker applies to kube-sim's three
// clusters and the page follows the rollout. The service is one no other test touches.
const SERVICE = '/catalog/default/component/cart';

async function order(
  page: Page,
  button: string,
  fill: Record<string, string>,
  scope = page.locator('body'),
) {
  await scope
    .getByRole('button', { name: button, exact: true })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(fill)) {
    await dialog.getByLabel(label, { exact: false }).first().fill(value);
  }
  await dialog.locator('button[type="submit"]').click();
  return dialog;
}

async function waitForAllClusters(page: Page) {
  for (const cluster of ['dc1', 'dc2', 'dc3']) {
    await expect(
      page.getByText(`${cluster} (${cluster}) · succeeded`).first(),
    ).toBeVisible({ timeout: 90_000 });
  }
}

test('deploy a version to production from the service page, follow it, scale it, see its pods', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openAsGuest(page, `${SERVICE}/deploy`);
  await expect(
    page.getByText('Deploy the first version').first(),
  ).toBeVisible();
  await screenshot(page, 'deploy-1-never-deployed');

  // Production asks for a reason and a confirmation that says what will change.
  const production = page
    .getByText('Never deployed to production.')
    .locator('xpath=ancestor::div[contains(@class, "MuiCard-root")][1]');
  const dialog = await order(
    page,
    'Deploy the first version',
    {
      Version: '1.0.0',
      Replicas: '3',
      Reason: 'first release of cart',
    },
    production,
  );
  await expect(dialog.getByRole('list', { name: 'changes' })).toBeVisible();
  await screenshot(page, 'deploy-2-confirm');
  await dialog
    .getByRole('button', { name: 'Confirm deploy in production' })
    .click();

  await waitForAllClusters(page);
  await screenshot(page, 'deploy-3-rolled-out');
  await expect(page.getByText('first release of cart').first()).toBeVisible();
  await expect(page.getByText('guest').first()).toBeVisible();

  // Scale 3 → 6 (placed 2/2/2 over the three clusters).
  const scale = await order(page, 'Scale', {
    Replicas: '6',
    Reason: 'Black Friday traffic',
  });
  await scale
    .getByRole('button', { name: 'Confirm scale in production' })
    .click();
  await waitForAllClusters(page);
  await expect(page.getByText('updated 2/2 · ready 2/2').first()).toBeVisible({
    timeout: 90_000,
  });
  await screenshot(page, 'deploy-4-scaled');

  // History lists both orders, with who and why, without a reload.
  const history = page.getByRole('table').last();
  await expect(history.getByText('Black Friday traffic')).toBeVisible();
  await expect(history.getByText('first release of cart')).toBeVisible();
  await screenshot(page, 'deploy-5-history');

  await openAsGuest(page, `${SERVICE}/runtime`);
  await expect(page.getByText(/cart-[a-z0-9]+-[a-z0-9]+/).first()).toBeVisible({
    timeout: 60_000,
  });
  await screenshot(page, 'deploy-6-runtime');
});
