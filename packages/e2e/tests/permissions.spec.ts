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
import { sendOrder, tokenOf, waitForService } from './backendApi';
import { openAs, screenshot } from './helpers';

// Who may press what, seen by two people of the demo's catalog (examples/org.yaml):
// carol is in team-checkout, which owns `pricing`; alice is in team-payments. The demo's
// permission policy lets owners deploy and scale their services and everyone look.
// `pricing` is a service no other test touches.
const SERVICE = 'pricing';
const PAGE = `/catalog/default/component/${SERVICE}/deploy`;
const REASON = `You may not deploy, roll back or restart component:default/${SERVICE}: it needs the permission dyploma.service.deploy, usually given to the service's owners.`;

const environment = (page: Page, name: string) =>
  page.getByRole('region', { name: `${name} environment` });

test('a user who does not own the service sees the order buttons disabled, with the reason', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);

  // alice, before anything was deployed: the first deploy is offered, but not to her.
  await openAs(page, 'alice', PAGE);
  const production = environment(page, 'production');
  const first = production.getByRole('button', {
    name: 'Deploy the first version',
  });
  await expect(first).toBeDisabled();
  await expect(production.getByText(REASON)).toBeVisible();
  await screenshot(page, 'permissions-1-alice-never-deployed');

  // The backend refuses her too, whatever the page shows.
  const alice = await tokenOf(request, 'alice');
  await waitForService(request, alice, SERVICE);
  const refused = await sendOrder(request, alice, SERVICE, {
    kind: 'deploy',
    environment: 'dev',
    version: '2.0.0',
  });
  expect(refused.status()).toBe(403);

  // carol owns it: she deploys its first version to dev from the page.
  await openAs(page, 'carol', PAGE);
  const dev = environment(page, 'dev');
  await dev.getByRole('button', { name: 'Deploy the first version' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Version').fill('2.0.0');
  await dialog.getByLabel('Replicas').fill('2');
  await dialog.getByLabel('Reason').fill('pricing on the new platform');
  await dialog.getByRole('button', { name: 'Deploy a version' }).click();
  await expect(dialog).toBeHidden();
  // The release in effect, once the order is done (what a reload shows too).
  await expect(dev.getByText('2.0.0', { exact: true })).toBeVisible({
    timeout: 90_000,
  });
  await expect(
    dev.getByText(/^By carol on .*: pricing on the new platform$/).last(),
  ).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: 'orders' })
      .getByRole('row')
      .filter({ hasText: 'deploy 2.0.0 × 2 to dev' }),
  ).toContainText('dc1: succeeded', { timeout: 90_000 });
  for (const name of ['Deploy', 'Scale', 'Disable', 'Restart']) {
    await expect(dev.getByRole('button', { name, exact: true })).toBeEnabled();
  }
  await screenshot(page, 'permissions-2-carol-owner-deployed');

  // alice again: the release is there for her to see, every order is disabled, and the
  // page says why, next to the buttons and as their description.
  await openAs(page, 'alice', PAGE);
  await expect(dev.getByText('2.0.0', { exact: true })).toBeVisible();
  await expect(dev.getByText(/By carol/).first()).toBeVisible();
  for (const name of ['Deploy', 'Scale', 'Disable', 'Restart', 'Roll back']) {
    const button = dev.getByRole('button', { name, exact: true });
    await expect(button).toBeDisabled();
  }
  await expect(
    dev.getByRole('button', { name: 'Deploy', exact: true }),
  ).toHaveAccessibleDescription(REASON);
  await expect(dev.getByText(REASON)).toBeVisible();
  await expect(
    dev.getByText(
      `You may not scale, disable or enable component:default/${SERVICE}: it needs the permission dyploma.service.scale, usually given to the service's owners.`,
    ),
  ).toBeVisible();
  await screenshot(page, 'permissions-3-alice-buttons-disabled');
});
