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
import { CATALOG_NAMESPACE, SERVICES, serviceName } from './fleetShape';
import type { KubeSimCounters } from './kubeSimApi';
import { sleep } from './processes';
import { waitForOrders } from './seed';

export type RestartResult = {
  /** How the restart was asked for: the batch API, or one order per service without it. */
  via: 'batch' | 'orders';
  services: number;
  acceptMs: number;
  convergeMs: number;
  byStatus: Record<string, number>;
  errors: string[];
  writes: number;
  reads: number;
  watches: number;
  /** Every request by verb and resource. */
  detail: Array<[string, number]>;
  /** Production Deployments the restart rolled: 3 per service whose order succeeded. */
  deployments: number;
};

/** Whether `POST /api/dyploma/batches` is served (an empty body: 400 when it is, 404 when not). */
export async function batchesServed(backend: Backend): Promise<boolean> {
  const res = await backend.call('POST', '/api/dyploma/batches', {});
  return res.status !== 404;
}

/**
 * (g) A rolling restart of all 400 services in production. With the batch API
 * one request names them all; on a backend without it the bench sends one
 * restart order per service, the nearest thing a user could do, and says so.
 * Accept: from the first request until every order exists. Converge: until the
 * last order finished (its rollouts complete in all three clusters).
 */
export async function restartAll(
  backend: Backend,
  counters: KubeSimCounters,
  useBatch: boolean,
): Promise<RestartResult> {
  const names = Array.from({ length: SERVICES }, (_, i) => serviceName(i));
  await counters.reset();
  const start = Date.now();
  let done: {
    byStatus: Record<string, number>;
    lastFinished: number;
    errors: string[];
  };
  let acceptMs: number;
  if (useBatch) {
    // One request; it answers once every item has its order (the orders then run on the workers).
    const res = await backend.expect([201], 'POST', '/api/dyploma/batches', {
      environment: 'production',
      action: { kind: 'restart' },
      select: { refs: names.map(n => `component:${CATALOG_NAMESPACE}/${n}`) },
      reason: 'bench: restart everything',
    });
    acceptMs = Date.now() - start;
    done = await waitForBatch(backend, res.body.id);
  } else {
    const ids = await inParallel(names, 8, async name => {
      const res = await backend.expect(
        [201],
        'POST',
        `/api/dyploma/services/${CATALOG_NAMESPACE}/${name}/orders`,
        {
          kind: 'restart',
          environment: 'production',
          reason: 'bench: restart everything',
        },
      );
      return res.body.id as string;
    });
    acceptMs = Date.now() - start;
    done = await waitForOrders(backend, ids, { timeoutMs: 30 * 60_000 });
  }
  const counts = await counters.read();
  return {
    via: useBatch ? 'batch' : 'orders',
    services: names.length,
    acceptMs,
    convergeMs: done.lastFinished - start,
    byStatus: done.byStatus,
    errors: done.errors,
    writes: counts.writes,
    reads: counts.reads,
    watches: counts.watches,
    detail: counts.detail,
    deployments: (done.byStatus.succeeded ?? 0) * 3,
  };
}

/**
 * Polls the batch (one request, every 2 s) until it is no longer running; its
 * `finishedAt` is when its last order finished, from the orders' own times.
 */
async function waitForBatch(backend: Backend, id: string) {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    // A failed poll (the backend is busy with 400 rollouts) is tried again at the next round.
    const { status, body } = await backend
      .call('GET', `/api/dyploma/batches/${id}`)
      .catch(() => ({ status: 0, body: undefined as any }));
    if (status === 200 && body.status !== 'running') {
      const byStatus: Record<string, number> = {};
      const errors: string[] = [];
      for (const item of body.items ?? []) {
        byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
        if (item.status !== 'succeeded' && errors.length < 5) {
          errors.push(`${item.service}: ${item.status} ${item.error ?? ''}`);
        }
      }
      return { byStatus, errors, lastFinished: Date.parse(body.finishedAt) };
    }
    if (Date.now() > deadline)
      throw new Error(`batch ${id} still running after 30 minutes`);
    await sleep(2000);
  }
}
