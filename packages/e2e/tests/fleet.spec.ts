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
import { orderAndWait, tokenOf } from './backendApi';
import { openAsGuest, screenshot } from './helpers';

// The Fleet page on the real demo: three services deployed through the REST API first
// (the deploy itself has its own tests), then found on the page with its filters, picked by
// hand and restarted together with the preview; each gets its own order and the batch ends
// with three successes. The services are ones no other browser test touches (`search` is
// left alone: the Kubernetes plugin test counts its pods).
const SERVICES = ['ledger', 'recommendations', 'search-indexer'];
const BACKEND = 'http://localhost:7007';

async function pick(page: Page, filter: string, option: RegExp) {
  await page.getByLabel(filter, { exact: true }).click();
  await page.getByRole('option', { name: option }).click();
  await page.keyboard.press('Escape');
}

test('the Fleet page finds services by filter and restarts three of them in one batch, with a preview', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const token = await tokenOf(request);
  // A fresh demo reads its catalog a little after it answers: wait for the services.
  for (const service of SERVICES) {
    await expect
      .poll(
        async () =>
          (
            await request.get(
              `${BACKEND}/api/catalog/entities/by-name/component/default/${service}`,
              { headers: { Authorization: `Bearer ${token}` } },
            )
          ).status(),
        { timeout: 120_000, intervals: [1000] },
      )
      .toBe(200);
  }
  await Promise.all(
    SERVICES.map(service =>
      orderAndWait(request, token, service, {
        kind: 'deploy',
        environment: 'production',
        version: '1.0.0',
        reason: `a running version for the Fleet page test of ${service}`,
      }),
    ),
  );

  // The page is in the navigation.
  await openAsGuest(page, '/');
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Fleet' })
    .click();
  await expect(page).toHaveURL(/\/dyploma-fleet/);
  const fleet = page.getByRole('table', { name: 'Fleet' });
  await expect(fleet).toBeVisible();
  await screenshot(page, 'fleet-1-page');

  // Filters go to the URL, so the view can be shared.
  await pick(page, 'Environment', /^production \(\d+\)$/);
  await expect(page).toHaveURL(/environment=production/);
  await pick(page, 'Status', /^healthy \(\d+\)$/);
  await expect(page).toHaveURL(/status=healthy/);
  for (const service of SERVICES) {
    await expect(
      fleet.getByRole('link', { name: service, exact: true }).first(),
    ).toBeVisible({ timeout: 60_000 });
  }
  await screenshot(page, 'fleet-2-filtered');

  // Three services by hand: one checkbox per service picks it in every cluster.
  for (const service of SERVICES) {
    await fleet
      .getByRole('checkbox', { name: new RegExp(`^Select ${service} \\(`) })
      .first()
      .check();
  }
  await expect(page.getByText('Selected: 3 services')).toBeVisible();
  await page.getByRole('button', { name: 'Batch operation…' }).click();

  const dialog = page.getByRole('dialog', {
    name: 'Batch operation on 3 services',
  });
  await expect(dialog.getByLabel('Action')).toHaveValue('restart');
  await expect(dialog.getByLabel('Environment')).toHaveValue('production');
  await dialog.getByLabel('Reason').fill('weekly restart from the fleet page');
  await dialog.getByRole('button', { name: 'Preview', exact: true }).click();
  const preview = dialog.getByRole('region', { name: 'Preview' });
  await expect(preview.getByText('Preview: 3 will change')).toBeVisible();
  for (const service of SERVICES) {
    await expect(
      preview.getByRole('cell', { name: service, exact: true }),
    ).toBeVisible();
  }
  await screenshot(page, 'fleet-3-preview');
  await dialog
    .getByRole('button', { name: 'Restart 3 services in production' })
    .click();

  // The batch's progress: each item its own order, read every 2 s until the end.
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/batch=[0-9a-f-]{36}/);
  const items = page.getByRole('table', { name: 'Batch items' });
  await expect(items.getByRole('row')).toHaveCount(4);
  await expect(
    items.getByRole('link', { name: 'ledger', exact: true }),
  ).toHaveAttribute('href', '/catalog/default/component/ledger/deploy');
  await screenshot(page, 'fleet-4-batch-running');
  await expect(page.getByLabel('summary')).toHaveText('3 succeeded', {
    timeout: 180_000,
  });
  await expect(page.getByRole('region', { name: /^batch / })).toContainText(
    'succeeded · 3 succeeded · 3 services',
  );
  await expect(page.getByRole('button', { name: /^Resume/ })).toHaveCount(0);
  // At its end the table is read again: each row's last order is now its restart.
  for (const service of SERVICES) {
    const rows = fleet.getByRole('row').filter({
      has: page.getByRole('link', { name: service, exact: true }),
    });
    await expect(rows.first()).toBeVisible();
    await expect(
      rows.filter({ hasNotText: 'restart · succeeded' }),
    ).toHaveCount(0);
  }
  await screenshot(page, 'fleet-5-batch-succeeded');
});
