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
import { clusterDown, clusterUp } from './kubeSim';

// The Runtime tab on the real demo: what runs where, a pod's log followed live, and a
// cluster that goes away. Each test deploys its own service (one no other test touches)
// to production through the REST API first: the page's deploy has its own tests.
const CLUSTERS = ['dc1', 'dc2', 'dc3'];

const runtimeOf = (page: Page, environment: string) =>
  page.getByRole('region', { name: `${environment} runtime` });

/** Opens the Logs view of an environment on a pod of the cluster. */
async function openLog(page: Page, environment: string, cluster: string) {
  const card = runtimeOf(page, environment);
  await card.getByRole('tab', { name: 'Logs' }).click();
  await card.getByRole('button', { name: /Pod/ }).click();
  const option = page.getByRole('option', { name: new RegExp(`^${cluster}/`) });
  const podName = (await option.textContent())!.slice(cluster.length + 1);
  await option.click();
  return { log: card.getByLabel('log', { exact: true }), podName };
}

async function deploy(request: Parameters<typeof tokenOf>[0], service: string) {
  await orderAndWait(request, await tokenOf(request), service, {
    kind: 'deploy',
    environment: 'production',
    version: '1.0.0',
    replicas: 3,
    reason: `pods for the Runtime tab test of ${service}`,
  });
}

test('the Runtime tab lists the pods per cluster and shows a pod’s log', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const service = 'email-sender';
  await deploy(request, service);

  await openAsGuest(page, `/catalog/default/component/${service}/runtime`);
  const production = runtimeOf(page, 'production');
  for (const cluster of CLUSTERS) {
    const section = production.getByRole('region', {
      name: `${cluster} (${cluster})`,
    });
    await expect(
      section.getByRole('row').filter({ hasText: 'Running' }),
    ).toHaveCount(1, { timeout: 60_000 });
  }
  await screenshot(page, 'runtime-1-pods');

  const { log, podName } = await openLog(page, 'production', 'dc2');
  expect(podName).toMatch(new RegExp(`^${service}-`));
  // kube-sim's containers write JSON lines that name their pod.
  await expect(log).toContainText(`"pod":"${podName}"`, { timeout: 30_000 });
  await screenshot(page, 'runtime-2-log');

  const search = runtimeOf(page, 'production').getByLabel('Search');
  await search.fill('no line says this');
  await expect(log).toHaveText('');
  await search.fill(podName);
  await expect(log).toContainText(`"pod":"${podName}"`);
});

// Following streams the log (GET …/logs?follow=true) through the backend, whose
// compression middleware would hold small lines back unless the route says no-transform.
test('following a pod’s log shows the lines the container writes next', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const service = 'push-gateway';
  await deploy(request, service);
  await openAsGuest(page, `/catalog/default/component/${service}/runtime`);
  const { log, podName } = await openLog(page, 'production', 'dc1');
  await expect(log).toContainText(`"pod":"${podName}"`, { timeout: 30_000 });
  const production = runtimeOf(page, 'production');
  await production.getByLabel('Follow').check();
  const lines = async () =>
    ((await log.textContent()) ?? '').split('\n').filter(Boolean).length;
  await expect.poll(lines, { timeout: 30_000 }).toBeGreaterThan(0);
  const first = await lines();
  // kube-sim writes a line every 5 s; a followed log shows it as it comes.
  await expect.poll(lines, { timeout: 30_000 }).toBeGreaterThan(first);
  await screenshot(page, 'runtime-3-log-followed');
});

test('with dc2 down, dc1 and dc3 stay live and dc2 shows its last known state and when', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const service = 'sms-gateway';
  await deploy(request, service);

  await openAsGuest(page, `/catalog/default/component/${service}/runtime`);
  const production = runtimeOf(page, 'production');
  const section = (cluster: string) =>
    production.getByRole('region', { name: `${cluster} (${cluster})` });
  for (const cluster of CLUSTERS) {
    await expect(
      section(cluster).getByRole('row').filter({ hasText: 'Running' }),
    ).toHaveCount(1, { timeout: 60_000 });
  }
  const dc2Pod = await section('dc2')
    .getByRole('row')
    .filter({ hasText: 'Running' })
    .getByRole('cell')
    .first()
    .textContent();

  try {
    await clusterDown('dc2');
    // The tab reads the live state every 10 s; the banner says since when.
    const banner = section('dc2').getByRole('alert');
    await expect(banner).toContainText(
      'dc2 (dc2) is unreachable. Showing its last known state, from ',
      { timeout: 60_000 },
    );
    await expect(banner).toContainText(/from \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // Its last known pods are still listed; the other clusters are live.
    await expect(section('dc2').getByText(dc2Pod!)).toBeVisible();
    await expect(section('dc2')).toContainText('· down');
    for (const cluster of ['dc1', 'dc3']) {
      await expect(section(cluster)).toContainText('· connected');
      await expect(section(cluster).getByRole('alert')).toHaveCount(0);
      await expect(
        section(cluster).getByRole('row').filter({ hasText: 'Running' }),
      ).toHaveCount(1);
    }
    await screenshot(page, 'runtime-4-dc2-down');
  } finally {
    await clusterUp('dc2');
  }
  // Back up, the banner goes away by itself.
  await expect(section('dc2').getByRole('alert')).toHaveCount(0, {
    timeout: 120_000,
  });
  await expect(section('dc2')).toContainText('· connected');
  await screenshot(page, 'runtime-5-dc2-back');
});
