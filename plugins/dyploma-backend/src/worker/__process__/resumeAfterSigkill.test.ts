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
  sqliteFileDatabase,
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
 * The backend killed with SIGKILL mid-rollout, then started again: the order resumes and
 * finishes, and every cluster got exactly one apply of the Deployment.
 *
 * Real parts: two Node processes running the Dyploma backend (createBackend, worker,
 * fleet cache), one after the other on the same database (a SQLite file, then
 * PostgreSQL), and kube-sim's three clusters over HTTPS. Test doubles (see
 * backendProcess.ts): the catalog serves the service entity from memory, auth takes
 * mock user tokens, every permission is allowed.
 */

jest.setTimeout(120_000);

const LEASE_SECONDS = 2;
/** Pods become ready this long after they start, so the rollout outlives the first process. */
const READY_AFTER_SECONDS = 8;

describe.each([
  ['a SQLite file', sqliteFileDatabase],
  ['PostgreSQL', postgresDatabase],
])('a backend killed mid-rollout, on %s', (_label, createDatabase) => {
  let sim: KubeSim;
  let database: ProcessDatabase;
  const processes: BackendProcess[] = [];

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1', 'dc2', 'dc3'],
      port: 0,
      nodes: { count: 2 },
    });
    database = await createDatabase();
  });

  afterAll(async () => {
    await Promise.allSettled(processes.map(p => p.stop()));
    await database?.remove();
    await sim?.stop();
  });

  it('resumes the order in a second process, with one Deployment apply per cluster', async () => {
    const applies = recordDeploymentApplies(sim);
    const start = (name: string) =>
      startBackendProcess({
        name,
        database,
        entities: [
          serviceEntity('ledger', {
            image: 'registry.example.com/ledger',
            health: {
              readiness: {
                path: '/ready',
                initialDelaySeconds: READY_AFTER_SECONDS,
              },
            },
          }),
        ],
        dyploma: {
          clusters: simClusters(sim),
          environments: { production: { clusters: ['dc1', 'dc2', 'dc3'] } },
          worker: { leaseSeconds: LEASE_SECONDS },
        },
      }).then(p => {
        processes.push(p);
        return p;
      });

    const first = await start('first');
    await resetRequestCounters(sim);
    const created = await first.api('POST', '/services/default/ledger/orders', {
      kind: 'deploy',
      environment: 'production',
      version: '1.0.0',
      replicas: 6,
      reason: 'ship 1.0.0',
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;

    // Mid-rollout: the first process has applied somewhere and follows the rollout.
    const before = await waitFor(
      () => first.api('GET', `/orders/${id}`),
      res =>
        res.body.targets?.some(
          (t: { status: string }) => t.status === 'progressing',
        ),
      { what: 'a cluster progressing', timeoutMs: 20_000, intervalMs: 20 },
    );
    await first.kill9();
    expect(before.body.status).toBe('running');
    // The rollout really was under way: no cluster had its pods ready yet.
    for (const { name } of sim.clusters) {
      const deployment = sim
        .cluster(name)
        .store.get('apps/deployments', 'ledger', 'ledger');
      expect(deployment?.status?.readyReplicas ?? 0).toBeLessThan(2);
    }

    const second = await start('second');
    const done = await waitFor(
      () => second.api('GET', `/orders/${id}`),
      res => !['pending', 'running'].includes(res.body.status),
      { what: 'the order to finish', timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(done.body.status).toBe('succeeded');
    expect(
      done.body.targets.map((t: any) => [t.cluster, t.status, t.available]),
    ).toEqual([
      ['dc1', 'succeeded', 2],
      ['dc2', 'succeeded', 2],
      ['dc3', 'succeeded', 2],
    ]);

    // Exactly one apply of the Deployment per cluster, by the control API's counters and
    // by name.
    expect(await deploymentAppliesPerCluster(sim)).toEqual({
      dc1: 1,
      dc2: 1,
      dc3: 1,
    });
    expect(Object.fromEntries(applies.counts())).toEqual({
      'dc1/ledger/ledger': 1,
      'dc2/ledger/ledger': 1,
      'dc3/ledger/ledger': 1,
    });

    // The history says who started it and who resumed it.
    const events = await database
      .knex('dyploma_order_events')
      .where({ order_id: id })
      .whereNull('cluster')
      .orderBy('id');
    expect(events.map(e => [e.status, e.message])).toEqual([
      ['pending', `deploy ordered by user:default/alice`],
      ['running', expect.stringMatching(/^started by .*-\d+$/)],
      ['running', expect.stringMatching(/^resumed by .*-\d+ \(attempt 2\)$/)],
      ['succeeded', null],
    ]);
  });
});
