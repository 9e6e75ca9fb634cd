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

import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { tokenOf } from './backendApi';
import { openAsGuest, screenshot } from './helpers';

// Cost on the real demo: the backend backfills a week of demo rows at start-up
// (dyploma.cost.demoBackfill), so the Cost page and a team's page show figures at once.
// The test reads the same reports from the API, with the page's guest session, and looks
// for those figures on the pages. The collector folds a new sample into the current hour
// every 5 minutes, so a comparison that straddles one is simply made again (as is one
// that meets the dev server rebuilding the portal while the checkout changes).
const backend = 'http://localhost:7007';

/** As the portal prints a cost (plugins/dyploma/src/lib/cost.ts). */
const money = (value: number) =>
  value.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
/** `group:default/team-checkout` → `team-checkout`. */
const short = (ref: string | null) => (ref ?? '(none)').replace(/^.*\//, '');

async function getJson(request: APIRequestContext, path: string) {
  const token = await tokenOf(request);
  const response = await request.get(`${backend}/api/dyploma${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** Waits for the demo backfill: the catalog settles a few seconds after start-up. */
async function waitForDemoCost(page: Page) {
  await expect
    .poll(
      async () =>
        (
          await getJson(page.request, '/cost/owners?window=30d')
        ).total.cost,
      { timeout: 180_000, intervals: [2000] },
    )
    .toBeGreaterThan(0);
}

test('the Cost page shows the owners, idle cost and chart the API reports', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openAsGuest(page, '/dyploma-cost');
  await waitForDemoCost(page);

  await expect(async () => {
    await page.reload();
    const owners = page.getByRole('table').filter({
      has: page.getByRole('columnheader', { name: 'Own services' }),
    });
    await expect(owners.getByRole('row').nth(1)).toBeVisible();
    const report = await getJson(page.request, '/cost/owners?window=30d');
    expect(report.demo).toBe(true);
    await expect(
      page.getByText(money(report.total.cost), { exact: true }).first(),
    ).toBeVisible({ timeout: 5_000 });
    await expect(
      page.getByText(money(report.total.idleCost), { exact: true }).first(),
    ).toBeVisible({ timeout: 5_000 });
    // The three dearest owners, each in its row with its rolled-up cost.
    for (const item of report.items.slice(0, 3)) {
      const row = owners
        .getByRole('row')
        .filter({ has: page.getByText(short(item.key), { exact: true }) });
      await expect(row.first()).toContainText(money(item.cost), {
        timeout: 5_000,
      });
    }
  }).toPass({ timeout: 120_000 });
  await expect(page.getByText('demo data').first()).toBeVisible();

  // The chart's totals per owner are the daily series' sums. The current hour's cost
  // grows while the test runs (the collector writes every 5 minutes), so each attempt
  // reads the page again before comparing it with a fresh answer of the API.
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('table', { name: 'cost over time by owner' }),
    ).toBeVisible();
    const series = await getJson(
      page.request,
      '/cost/series?window=30d&groupBy=owner&step=day',
    );
    const totals = new Map<string, number>();
    let idle = 0;
    for (const p of series.points) {
      if (p.idle) idle += p.cost;
      else totals.set(short(p.key), (totals.get(short(p.key)) ?? 0) + p.cost);
    }
    const [dearest, cost] = [...totals].sort((a, b) => b[1] - a[1])[0];
    const chart = page.getByRole('table', { name: 'cost over time by owner' });
    await expect(
      chart.getByRole('row').filter({ hasText: dearest }).first(),
    ).toContainText(money(cost), { timeout: 5_000 });
    await expect(
      chart.getByRole('row').filter({ hasText: 'idle' }),
    ).toContainText(money(idle), { timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  await page.getByTestId('cost-chart').scrollIntoViewIfNeeded();
  await screenshot(page, 'cost-1-page');

  // A custom window: the last three whole days, as the API reads it.
  const day = (offset: number) =>
    new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByRole('button', { name: /Window/ }).click();
  await page.getByRole('option', { name: 'custom' }).click();
  await page.getByLabel('From', { exact: true }).fill(day(3));
  await page.getByLabel('To (included)', { exact: true }).fill(day(1));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(`Allocated, ${day(3)}..${day(1)}`)).toBeVisible();
  const custom = await getJson(
    page.request,
    `/cost/owners?from=${day(3)}T00:00:00Z&to=${day(0)}T00:00:00Z`,
  );
  // Whole past days: no collector run changes them any more.
  await expect(
    page.getByText(money(custom.total.cost), { exact: true }).first(),
  ).toBeVisible();
  await screenshot(page, 'cost-2-custom-window');
});

test('a team’s page ranks its services with the costs the API reports', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openAsGuest(page, '/catalog/default/group/team-checkout');
  await waitForDemoCost(page);

  await expect(async () => {
    await page.reload();
    const services = page.getByRole('table', { name: 'services by cost' });
    await expect(services.getByRole('row').nth(1)).toBeVisible();
    const team = await getJson(
      page.request,
      '/cost/owners/default/team-checkout?window=30d',
    );
    expect(team.services.length).toBeGreaterThan(0);
    await expect(
      page.getByText(money(team.cost), { exact: true }).first(),
    ).toBeVisible({ timeout: 5_000 });
    // Ranked as the API ranks them, each with its cost.
    const rows = services.getByRole('row');
    for (const [i, s] of team.services.entries()) {
      await expect(rows.nth(i + 1)).toContainText(short(s.key), {
        timeout: 5_000,
      });
      await expect(rows.nth(i + 1)).toContainText(money(s.cost), {
        timeout: 5_000,
      });
    }
  }).toPass({ timeout: 120_000 });
  await expect(page.getByText('demo data').first()).toBeVisible();
  await page
    .getByRole('table', { name: 'services by cost' })
    .scrollIntoViewIfNeeded();
  await screenshot(page, 'cost-3-team-checkout');
});

test('a service’s page shows its cost card and its days by environment', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openAsGuest(page, '/catalog/default/component/checkout');
  await waitForDemoCost(page);

  await expect(async () => {
    await page.reload();
    const environments = page.getByRole('table', {
      name: 'cost by environment',
    });
    await expect(environments).toBeVisible();
    const card = await getJson(
      page.request,
      '/cost/services/default/checkout?window=30d',
    );
    expect(card.demo).toBe(true);
    await expect(
      page.getByText(money(card.cost), { exact: true }).first(),
    ).toBeVisible({ timeout: 5_000 });
    await expect(
      page.getByText(`projected ${money(card.month.projected)}`),
    ).toBeVisible({ timeout: 5_000 });
    for (const line of card.byEnvironment) {
      await expect(
        environments.getByRole('row').filter({ hasText: line.key }),
      ).toContainText(money(line.cost), { timeout: 5_000 });
    }
    // The chart's totals per environment add up to the same days.
    const chart = page.getByRole('table', {
      name: 'cost over time by environment',
    });
    for (const line of card.byEnvironment) {
      await expect(
        chart.getByRole('row').filter({ hasText: line.key }),
      ).toContainText(money(line.cost), { timeout: 5_000 });
    }
  }).toPass({ timeout: 120_000 });
  await page
    .getByRole('table', { name: 'cost by environment' })
    .scrollIntoViewIfNeeded();
  await screenshot(page, 'cost-4-service-checkout');
});
