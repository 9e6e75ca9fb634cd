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

import { expect, Locator, Page, test } from '@playwright/test';
import { orderAndWait, tokenOf } from './backendApi';
import { openAsGuest, screenshot } from './helpers';

// A release's whole life on the real demo, in production (dc1, dc2, dc3): a new version
// with a reason, its bars to 100% in every cluster, the history entry, a rollback after
// looking at the diff, a scale. `refunds` is a service no other test touches; its first
// release is made through the REST API, the page's first deploy has its own test.
const SERVICE = 'refunds';
const PAGE = `/catalog/default/component/${SERVICE}/deploy`;
const CLUSTERS = ['dc1', 'dc2', 'dc3'];

const production = (page: Page) =>
  page.getByRole('region', { name: 'production environment' });

/** Every cluster's bar of the order on show reaches 100% and says succeeded. */
async function expectRolledOut(card: Locator) {
  for (const cluster of CLUSTERS) {
    const label = `${cluster} (${cluster})`;
    await expect(
      card.getByRole('progressbar', { name: `${label} updated` }),
    ).toHaveAttribute('aria-valuenow', '100', { timeout: 90_000 });
    await expect(card.getByText(`${label} · succeeded`)).toBeVisible();
  }
}

test('deploy a new version to production, follow it, roll it back after the diff, scale it', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const guest = await tokenOf(request);
  await orderAndWait(request, guest, SERVICE, {
    kind: 'deploy',
    environment: 'production',
    version: '1.0.0',
    replicas: 3,
    reason: 'first release of refunds',
  });

  await openAsGuest(page, PAGE);
  const card = production(page);
  await expect(card.getByText('1.0.0', { exact: true })).toBeVisible();
  await screenshot(page, 'flow-01-release-1');

  // A new version, with a reason; production shows what will change before it is sent.
  await card.getByRole('button', { name: 'Deploy', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Version').fill('1.1.0');
  await dialog.getByLabel('Reason').fill('ship the refund fix');
  await dialog.getByRole('button', { name: 'Deploy a version' }).click();
  const changes = dialog.getByRole('list', { name: 'changes' });
  await expect(changes).toContainText('version 1.0.0 → 1.1.0 in production');
  await screenshot(page, 'flow-02-confirm-deploy');
  await dialog
    .getByRole('button', { name: 'Confirm deploy in production' })
    .click();
  await expect(dialog).toBeHidden();

  // The order's bars, live, until every cluster has the new version.
  await expect(card.getByText('deploy 1.1.0 to production')).toBeVisible();
  await screenshot(page, 'flow-03-rolling-out');
  await expectRolledOut(card);
  await expect(card.getByText('1.1.0', { exact: true })).toBeVisible();
  await screenshot(page, 'flow-04-rolled-out');

  // The history has the order: who, why, the result in each cluster.
  const orders = page.getByRole('table', { name: 'orders' });
  const entry = orders
    .getByRole('row')
    .filter({ hasText: 'deploy 1.1.0 to production' });
  await expect(entry).toContainText('guest');
  await expect(entry).toContainText('ship the refund fix');
  await expect(entry).toContainText('succeeded');
  await expect(entry).toContainText(
    /dc1: succeeded.*; dc2: succeeded.*; dc3: succeeded/,
  );
  await entry.scrollIntoViewIfNeeded();
  await screenshot(page, 'flow-05-history');

  // Roll back: pick release 1, see the diff, say why.
  await card.getByRole('button', { name: 'Roll back', exact: true }).click();
  const rollback = page.getByRole('dialog');
  await rollback
    .getByRole('button', { name: /Release to roll back to/ })
    .click();
  await page.getByRole('option', { name: /^Release 1: 1\.0\.0/ }).click();
  const diff = rollback.getByRole('table', {
    name: 'changes from release 2 to 1',
  });
  await expect(
    diff.getByRole('row').filter({ hasText: '1.1.0' }),
  ).toContainText('1.0.0');
  await rollback.getByLabel('Reason').fill('1.1.0 double-refunds');
  await screenshot(page, 'flow-06-rollback-diff');
  await rollback
    .getByRole('button', { name: 'Roll back production to release 1' })
    .click();
  await expect(rollback).toBeHidden();
  await expect(
    card.getByText('roll back production to release 1'),
  ).toBeVisible();
  await expectRolledOut(card);
  await expect(card.getByText('1.0.0', { exact: true })).toBeVisible();
  await expect(card.getByText(/Release 3 · 3 replicas/)).toBeVisible();
  await screenshot(page, 'flow-07-rolled-back');

  // Scale 3 → 6 with the keyboard only: Tab from the dialog reaches its first field.
  await card.getByRole('button', { name: 'Scale', exact: true }).focus();
  await page.keyboard.press('Enter');
  const scale = page.getByRole('dialog');
  await expect(scale).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(scale.getByLabel('Replicas')).toBeFocused();
  await page.keyboard.type('6');
  await page.keyboard.press('Tab');
  await page.keyboard.type('more refunds after the sale');
  await page.keyboard.press('Tab'); // Cancel
  await page.keyboard.press('Tab'); // Scale
  await page.keyboard.press('Enter');
  await expect(scale.getByRole('list', { name: 'changes' })).toContainText(
    'replicas 3 → 6 in production',
  );
  await screenshot(page, 'flow-08-confirm-scale');
  await scale
    .getByRole('button', { name: 'Confirm scale in production' })
    .press('Enter');
  await expect(scale).toBeHidden();
  await expectRolledOut(card);
  for (const cluster of CLUSTERS) {
    await expect(
      card
        .getByText(`${cluster} (${cluster}) · succeeded`)
        .locator('xpath=../..'),
    ).toContainText('updated 2/2 · ready 2/2');
  }
  await expect(card.getByText(/Release 4 · 6 replicas/)).toBeVisible();
  await screenshot(page, 'flow-09-scaled');

  // Escape closes a dialog without ordering anything.
  await card.getByRole('button', { name: 'Restart', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
});
