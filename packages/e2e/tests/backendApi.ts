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

import { APIRequestContext, APIResponse, expect } from '@playwright/test';

// Setting a service up through the REST API, where a test is about something else than
// the order it needs (the Runtime tab needs pods; the page's deploy has its own tests).
const backend = 'http://localhost:7007';

/**
 * A Backstage token: the guest's (a platform admin), or a demo catalog user's through the
 * demo's `demoUser` auth provider, the same request the sign-in page makes.
 */
export async function tokenOf(request: APIRequestContext, user?: string) {
  let token = '';
  // The dev backend restarts whenever a source file is saved; try again meanwhile.
  await expect(async () => {
    const response = await request.get(
      `${backend}/api/auth/${user ? 'demoUser' : 'guest'}/refresh`,
      {
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          ...(user && { 'x-dyploma-demo-user': user }),
        },
      },
    );
    expect(response.status(), await response.text()).toBe(200);
    token = (await response.json()).backstageIdentity.token;
    // Until the catalog has read examples/org.yaml, the guest provider signs in without
    // the user's groups (so without platform-admins): wait for a token that has them.
    const info = await request.get(`${backend}/api/auth/v1/userinfo`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await info.text()).toContain('"group:');
  }).toPass({ timeout: 120_000, intervals: [1_000, 2_000] });
  return token;
}

export type OrderBody = {
  kind: string;
  environment: string;
  [field: string]: unknown;
};

/**
 * Sends an order for a service of the demo catalog; returns the HTTP response. Sent
 * again while the backend is restarting, under one idempotency key, so it is stored once.
 */
export async function sendOrder(
  request: APIRequestContext,
  token: string,
  service: string,
  body: OrderBody,
) {
  const data = {
    idempotencyKey: `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    ...body,
  };
  let response: APIResponse | undefined;
  await expect(async () => {
    response = await request.post(
      `${backend}/api/dyploma/services/default/${service}/orders`,
      { headers: { Authorization: `Bearer ${token}` }, data },
    );
    expect(response.status()).toBeLessThan(500);
  }).toPass({ timeout: 60_000 });
  return response!;
}

/**
 * Waits for the catalog to have the service: on a fresh database the demo's catalog
 * is still reading examples/ for a little while after the backend starts.
 */
export async function waitForService(
  request: APIRequestContext,
  token: string,
  service: string,
) {
  await expect
    .poll(
      async () => {
        try {
          const response = await request.get(
            `${backend}/api/catalog/entities/by-name/component/default/${service}`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          return response.status();
        } catch (e) {
          return `unreachable: ${e}`;
        }
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(200);
}

/** Orders and waits until the order has succeeded in every cluster. */
export async function orderAndWait(
  request: APIRequestContext,
  token: string,
  service: string,
  body: OrderBody,
) {
  await waitForService(request, token, service);
  const created = await sendOrder(request, token, service, body);
  expect(created.status(), await created.text()).toBeLessThan(300);
  const { id } = await created.json();
  await expect
    .poll(
      async () => {
        try {
          const order = await request.get(
            `${backend}/api/dyploma/orders/${id}`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          return (await order.json()).status;
        } catch (e) {
          return `unreadable: ${e}`;
        }
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe('succeeded');
  return id as string;
}
