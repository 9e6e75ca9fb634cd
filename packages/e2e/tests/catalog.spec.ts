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

import { expect, test } from '@playwright/test';
import { openAsGuest, screenshot } from './helpers';

test('a guest signs in and finds the demo services in the catalog', async ({
  page,
}) => {
  await openAsGuest(page);

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  // Everyone's services, not only the ones the guest owns (the catalog's default filter).
  const catalogUrl = new URL(page.url());
  catalogUrl.search =
    '?filters[kind]=component&filters[type]=service&filters[user]=all';
  await openAsGuest(page, catalogUrl.pathname + catalogUrl.search);
  const table = page.getByRole('table');
  for (const service of ['payments', 'checkout', 'search', 'notifications']) {
    await expect(
      table.getByRole('link', { name: service, exact: true }),
    ).toBeVisible();
  }
  await screenshot(page, 'catalog-services');

  await table.getByRole('link', { name: 'payments', exact: true }).click();
  await expect(
    page.getByText('Authorises and captures card payments'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'team-payments' }).first(),
  ).toBeVisible();
  await screenshot(page, 'payments-overview');
});
