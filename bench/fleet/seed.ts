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

import { Backend, inParallel } from './http';
import {
  CATALOG_NAMESPACE,
  ENVIRONMENTS,
  VERSION,
  serviceName,
} from './fleetShape';
import { sleep } from './processes';

const FINISHED = new Set([
  'succeeded',
  'partially-failed',
  'failed',
  'rolled-back',
  'cancelled',
]);

/**
 * Deploys the whole fleet through Dyploma's own API, as its users would: one
 * deploy order per service and environment (1,100), so every Deployment has a
 * release behind it. Returns the order ids.
 */
export async function orderFleet(backend: Backend): Promise<string[]> {
  const orders: Array<{ name: string; body: object }> = [];
  for (const env of ENVIRONMENTS) {
    for (let i = 0; i < env.services; i++) {
      orders.push({
        name: serviceName(i),
        body: {
          kind: 'deploy',
          environment: env.name,
          version: VERSION,
          replicas: env.replicas(i),
          reason: 'bench: the seed fleet',
          idempotencyKey: `bench-seed-${env.name}-${i}`,
        },
      });
    }
  }
  return inParallel(orders, 8, async ({ name, body }) => {
    const res = await backend.expect(
      [200, 201],
      'POST',
      `/api/dyploma/services/${CATALOG_NAMESPACE}/${name}/orders`,
      body,
    );
    return res.body.id as string;
  });
}

/**
 * Waits until every order has finished, polling only those still active,
 * and returns how many ended in each status and when the last one finished
 * (the orders' own `finishedAt`, epoch ms: the poll interval does not blur it).
 */
export async function waitForOrders(
  backend: Backend,
  ids: string[],
  {
    timeoutMs,
    onProgress,
  }: { timeoutMs: number; onProgress?: (done: number) => void },
) {
  const deadline = Date.now() + timeoutMs;
  const statuses = new Map<string, string>();
  const errors: string[] = [];
  const unsuccessful: string[] = [];
  let active = [...ids];
  let lastFinished = 0;
  while (active.length > 0) {
    if (Date.now() > deadline) {
      throw new Error(
        `${active.length} of ${ids.length} orders still active after ${
          timeoutMs / 1000
        } s`,
      );
    }
    const still: string[] = [];
    await inParallel(active, 4, async id => {
      // A failed poll (a busy backend) is tried again at the next round.
      const { status, body } = await backend
        .call('GET', `/api/dyploma/orders/${id}`)
        .catch(() => ({ status: 0, body: undefined as any }));
      if (status === 200 && FINISHED.has(body.status)) {
        statuses.set(id, body.status);
        lastFinished = Math.max(
          lastFinished,
          Date.parse(body.finishedAt ?? '') || Date.now(),
        );
        if (body.status !== 'succeeded') {
          unsuccessful.push(id);
          if (errors.length < 5) {
            errors.push(
              `${body.service} ${body.environment}: ${body.status} ${
                body.error ?? ''
              }`,
            );
          }
        }
      } else still.push(id);
    });
    active = still;
    onProgress?.(ids.length - active.length);
    if (active.length > 0) await sleep(2000);
  }
  const byStatus: Record<string, number> = {};
  for (const s of statuses.values()) byStatus[s] = (byStatus[s] ?? 0) + 1;
  return { byStatus, lastFinished, errors, unsuccessful };
}

/**
 * Deploys the fleet and retries (`POST /orders/{id}/retry`, as a user would)
 * the orders that failed, up to three rounds. Returns when all succeeded.
 */
export async function deployFleet(
  backend: Backend,
  log: (message: string) => void,
) {
  const start = Date.now();
  const ids = await orderFleet(backend);
  const acceptMs = Date.now() - start;
  log(
    `${ids.length} deploy orders accepted in ${(acceptMs / 1000).toFixed(
      1,
    )} s; waiting for the rollouts`,
  );
  let done = await waitForOrders(backend, ids, {
    timeoutMs: 45 * 60_000,
    onProgress: n => log(`  ${n}/${ids.length} orders finished`),
  });
  let retried = 0;
  const retryReasons: string[] = [];
  for (let round = 1; done.unsuccessful.length > 0 && round <= 3; round++) {
    log(
      `retrying ${done.unsuccessful.length} orders: ${done.errors.join('; ')}`,
    );
    retried += done.unsuccessful.length;
    retryReasons.push(...done.errors);
    for (const id of done.unsuccessful) {
      await backend.expect([200], 'POST', `/api/dyploma/orders/${id}/retry`);
    }
    const again = await waitForOrders(backend, done.unsuccessful, {
      timeoutMs: 15 * 60_000,
    });
    done = {
      ...again,
      lastFinished: Math.max(done.lastFinished, again.lastFinished),
    };
  }
  if (done.unsuccessful.length > 0) {
    throw new Error(
      `seeding: ${
        done.unsuccessful.length
      } orders never succeeded: ${done.errors.join('; ')}`,
    );
  }
  return {
    orders: ids.length,
    acceptMs,
    ms: done.lastFinished - start,
    retried,
    retryReasons,
  };
}
