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

import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import {
  postgresDatabase,
  ProcessDatabase,
} from './__testUtils__/processDatabases';
import {
  deploymentAppliesPerCluster,
  recordDeploymentApplies,
  resetRequestCounters,
  simClusters,
} from './__testUtils__/kubeSimProbes';
import {
  BackendProcess,
  serviceEntity,
  startBackendProcess,
  waitFor,
} from './__testUtils__/processHarness';

/*
 * Two backend replicas on one PostgreSQL database share 50 orders, and each order is
 * executed exactly once: claimed once, started once, one Deployment apply per cluster.
 *
 * Real parts: two Node processes running the Dyploma backend (createBackend, worker,
 * fleet cache) at the same time on one PostgreSQL database, kube-sim's three clusters
 * over HTTPS. Test doubles (see __testUtils__/backendProcess.ts): the catalog serves the
 * 50 service entities from memory, auth takes mock user tokens, permissions allow all.
 */

jest.setTimeout(120_000);

const ORDERS = 50;
const CLUSTERS = ['dc1', 'dc2', 'dc3'];
const services = Array.from(
  { length: ORDERS },
  (_, i) => `svc-${String(i).padStart(2, '0')}`,
);

describe('two backends on one PostgreSQL database', () => {
  let sim: KubeSim;
  let database: ProcessDatabase;
  const replicas: BackendProcess[] = [];

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: CLUSTERS,
      port: 0,
      timeScale: 20,
      nodes: { count: 2 },
    });
    database = await postgresDatabase();
    // One after the other: Backstage's scheduler migrates its own tables on a new
    // database without knex's lock around the bookkeeping tables, and two replicas
    // starting together can both try to create them — one then exits with
    // "duplicate key … pg_type_typname_nsp_index" (knex/knex#3457, backstage/charts#300;
    // Kubernetes restarts such a replica). Dyploma's own migrations retry that race
    // (database/migrateConcurrently.test.ts); what this test is about is the 50 orders.
    for (const name of ['a', 'b']) {
      replicas.push(
        await startBackendProcess({
          name,
          database,
          entities: services.map(s =>
            serviceEntity(s, { image: `registry.example.com/${s}` }),
          ),
          dyploma: {
            clusters: simClusters(sim),
            environments: { production: { clusters: CLUSTERS } },
            worker: { concurrency: 16 },
          },
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.allSettled(replicas.map(p => p.stop()));
    await database?.remove();
    await sim?.stop();
  });

  it('executes each of 50 orders exactly once', async () => {
    const applies = recordDeploymentApplies(sim);
    await resetRequestCounters(sim);

    // Orders arrive at both replicas at once, as behind a load balancer.
    const created = await Promise.all(
      services.map((service, i) =>
        replicas[i % 2].api('POST', `/services/default/${service}/orders`, {
          kind: 'deploy',
          environment: 'production',
          version: '1.0.0',
          replicas: 3,
          reason: 'first deploy',
        }),
      ),
    );
    expect(created.map(r => r.status)).toEqual(services.map(() => 201));
    const ids: string[] = created.map(r => r.body.id);

    const finished = await waitFor(
      () =>
        database
          .knex('dyploma_orders')
          .whereIn('id', ids)
          .select('id', 'status', 'attempts'),
      rows => rows.every(r => !['pending', 'running'].includes(r.status)),
      { what: 'every order to finish', timeoutMs: 90_000, intervalMs: 250 },
    );
    expect(finished.map(r => [r.status, Number(r.attempts)])).toEqual(
      ids.map(() => ['succeeded', 1]),
    );

    // kube-sim: 50 Deployment applies per cluster by its counters, one per Deployment.
    expect(await deploymentAppliesPerCluster(sim)).toEqual({
      dc1: ORDERS,
      dc2: ORDERS,
      dc3: ORDERS,
    });
    const perDeployment = applies.counts();
    expect(perDeployment.size).toBe(ORDERS * CLUSTERS.length);
    expect([...perDeployment.values()].every(n => n === 1)).toBe(true);

    // The database: each order went pending → running → succeeded once, started by one
    // replica and never resumed, and each cluster went applying → progressing → succeeded.
    const events = await database
      .knex('dyploma_order_events')
      .whereIn('order_id', ids)
      .orderBy('id');
    const startedBy = new Set<string>();
    for (const id of ids) {
      const mine = events.filter(e => e.order_id === id);
      const order = mine.filter(e => e.cluster === null);
      expect(order.map(e => e.status)).toEqual([
        'pending',
        'running',
        'succeeded',
      ]);
      expect(order[1].message).toMatch(/^started by /);
      startedBy.add(order[1].message);
      for (const cluster of CLUSTERS) {
        expect([
          cluster,
          mine.filter(e => e.cluster === cluster).map(e => e.status),
        ]).toEqual([cluster, ['applying', 'progressing', 'succeeded']]);
      }
    }
    // Both replicas did part of the work.
    const workers = new Set(
      [...startedBy].map(m => m.replace(/^started by /, '')),
    );
    expect(workers.size).toBe(2);
  });
});
