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

import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import { EffectiveModel } from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import { ClusterInfo, DEFAULT_PRICING, Topology } from '../clusters/topology';
import { DatabaseOrderStore } from '../database/DatabaseOrderStore';
import { DatabaseReleaseStore } from '../database/DatabaseReleaseStore';
import { migrationsDir } from '../database/migrate';
import { OrderKind } from '../database/OrderStore';
import { FleetCache } from '../fleet';
import { corpusModel } from './__testUtils__/corpusModel';
import { FleetRolloutObserver } from './FleetRolloutObserver';
import { OrderExecutor } from './OrderExecutor';
import { ServerSideApplier } from './ServerSideApplier';
import type { RolloutObserver } from './types';

// client-node is ESM-only; Jest runs CommonJS without VM modules (see fleet/clientNode.ts).
jest.mock('../fleet/clientNode', () => ({
  loadClientNode: async () => require('@kubernetes/client-node'),
}));

jest.setTimeout(180_000);

const SERVICE = 'component:default/ledger';

/** The representative "minimal" service (image only), resolved for production. */
function ledgerModel(): EffectiveModel {
  return corpusModel('minimal', 'production');
}

/** Waits until `read()` equals `expected` (the fleet cache catches up within moments). */
async function eventually<T>(read: () => T, expected: T, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      expect(read()).toEqual(expected);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('OrderExecutor against kube-sim (three clusters)', () => {
  const databases = createStoreTestDatabases();
  let sim: KubeSim;
  let fleet: FleetCache;
  let clusters: ClusterInfo[];

  const control = async (path: string, method = 'POST', body?: object) => {
    const res = await fetch(`${sim.controlUrl}/control/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    return res.json();
  };

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1', 'dc2', 'dc3'],
      port: 0,
      timeScale: 20,
      nodes: { count: 2 },
    });
    clusters = sim.clusters.map(c => ({
      name: c.name,
      datacenter: c.name,
      url: c.url,
      serviceAccountToken: c.token,
      caData: c.caData,
      skipTLSVerify: false,
      pricing: DEFAULT_PRICING,
    }));
    fleet = new FleetCache({
      clusters,
      logger: mockServices.logger.mock(),
      timing: { watchSilenceMs: 10_000, metricsIntervalMs: 5_000 },
    });
    await fleet.start();
    if (!(await fleet.waitForSync({ timeoutMs: 30_000 }))) {
      throw new Error('the fleet cache did not sync with kube-sim in 30 s');
    }
  });

  afterAll(async () => {
    await fleet?.stop();
    await sim?.stop();
  });

  function setup(databaseId: TestDatabaseId, namespace: string) {
    const topology: Topology = {
      clusters: new Map(clusters.map(c => [c.name, c])),
      environments: new Map([
        [
          'production',
          {
            name: 'production',
            clusters: clusters.map(c => ({ name: c.name, weight: 1 })),
            placement: 'weighted',
            waves: false,
            requireReason: false,
            autoRollback: true,
            namespace,
          },
        ],
      ]),
    };
    return databases.init(databaseId).then(async knex => {
      await knex.migrate.latest({ directory: migrationsDir });
      const orders = new DatabaseOrderStore(knex);
      const releases = new DatabaseReleaseStore(knex);
      const makeExecutor = (
        observer: RolloutObserver = new FleetRolloutObserver(fleet),
      ) =>
        new OrderExecutor({
          orders,
          releases,
          topology,
          models: { effectiveModel: async () => ledgerModel() },
          applier: new ServerSideApplier({ timeoutMs: 2_000 }),
          observer,
          logger: mockServices.logger.mock(),
          timing: {
            retryBaseMs: 50,
            retryMaxMs: 200,
            maxAttempts: 3,
            rolloutTimeoutMs: 90_000,
            pollMs: 250,
          },
        });
      const executor = makeExecutor();
      const order = async (
        kind: OrderKind,
        params: Record<string, unknown> = {},
      ) => {
        const { order: created } = await orders.create({
          serviceRef: SERVICE,
          environment: 'production',
          kind,
          params: params as any,
          author: 'user:default/alice',
          reason: `test ${kind}`,
          clusters: clusters.map(c => c.name),
        });
        const claimed = await orders.claim('test-worker', 60_000);
        expect(claimed?.id).toBe(created.id);
        await executor.execute(
          claimed!,
          'test-worker',
          new AbortController().signal,
        );
        return (await orders.get(created.id))!;
      };
      const rerun = async (id: string) => {
        const claimed = await orders.claim('test-worker', 60_000);
        expect(claimed?.id).toBe(id);
        await executor.execute(
          claimed!,
          'test-worker',
          new AbortController().signal,
        );
        return (await orders.get(id))!;
      };
      /** Ready pods of the service per cluster, with their images, from the API itself. */
      const pods = () =>
        Object.fromEntries(
          clusters.map(c => [
            c.name,
            fleet
              .pods({
                cluster: c.name,
                namespace,
                labelSelector: { 'app.kubernetes.io/name': 'ledger' },
              })
              .map(p => p.object)
              .filter(
                p =>
                  !p.metadata?.deletionTimestamp &&
                  p.status?.phase === 'Running',
              )
              .map(p => p.spec!.containers[0].image!.split(':').pop()),
          ]),
        );
      return { orders, releases, order, rerun, pods, makeExecutor };
    });
  }

  it.each(databases.eachSupportedId())(
    'deploys, updates, rolls back, scales, disables, enables and restarts across three clusters, on %p',
    async databaseId => {
      const ns = `ledger-${databaseId.toLowerCase().replace('_', '')}`;
      const { order, releases, pods } = await setup(databaseId, ns);

      const v1 = await order('deploy', { version: '1.0.0', replicas: 3 });
      expect(v1).toMatchObject({ status: 'succeeded', releaseRevision: 1 });
      expect(
        v1.targets.map(t => [t.cluster, t.status, t.desired, t.available]),
      ).toEqual([
        ['dc1', 'succeeded', 1, 1],
        ['dc2', 'succeeded', 1, 1],
        ['dc3', 'succeeded', 1, 1],
      ]);
      expect(pods()).toEqual({
        dc1: ['1.0.0'],
        dc2: ['1.0.0'],
        dc3: ['1.0.0'],
      });

      const v2 = await order('deploy', { version: '2.0.0' });
      expect(v2).toMatchObject({ status: 'succeeded', releaseRevision: 2 });
      await eventually(pods, {
        dc1: ['2.0.0'],
        dc2: ['2.0.0'],
        dc3: ['2.0.0'],
      });

      const back = await order('rollback');
      expect(back).toMatchObject({ status: 'succeeded', releaseRevision: 3 });
      expect(
        (await releases.get(SERVICE, 'production', 3))?.spec,
      ).toMatchObject({
        version: '1.0.0',
      });
      await eventually(pods, {
        dc1: ['1.0.0'],
        dc2: ['1.0.0'],
        dc3: ['1.0.0'],
      });

      const scaled = await order('scale', { replicas: 9 });
      expect(scaled.status).toBe('succeeded');
      expect(scaled.targets.map(t => t.desired)).toEqual([3, 3, 3]);
      await eventually(
        () => Object.values(pods()).map(p => p.length),
        [3, 3, 3],
      );

      expect((await order('disable')).status).toBe('succeeded');
      await eventually(
        () => Object.values(pods()).map(p => p.length),
        [0, 0, 0],
      );
      expect(
        (await releases.latest(SERVICE, 'production'))?.spec,
      ).toMatchObject({
        replicas: 9,
        enabled: false,
      });
      expect((await order('enable')).status).toBe('succeeded');
      await eventually(
        () => Object.values(pods()).map(p => p.length),
        [3, 3, 3],
      );

      const before = fleet
        .pods({ cluster: 'dc1', namespace: ns })
        .map(p => p.object.metadata!.name);
      expect((await order('restart')).status).toBe('succeeded');
      await eventually(() => {
        const after = fleet
          .pods({ cluster: 'dc1', namespace: ns })
          .filter(
            p =>
              p.object.status?.phase === 'Running' &&
              !p.object.metadata?.deletionTimestamp,
          )
          .map(p => p.object.metadata!.name);
        return (
          after.length === 3 && after.every(name => !before.includes(name))
        );
      }, true);
    },
  );

  it.each(databases.eachSupportedId())(
    'finishes the healthy clusters when one is down, and a retry writes only to that one, on %p',
    async databaseId => {
      const ns = `ledger-down-${databaseId.toLowerCase().replace('_', '')}`;
      const { order, orders, rerun, pods } = await setup(databaseId, ns);
      await control('/clusters/dc2/down');
      let partial;
      try {
        partial = await order('deploy', { version: '1.0.0', replicas: 3 });
      } finally {
        await control('/clusters/dc2/up');
      }
      expect(partial.status).toBe('partially-failed');
      expect(partial.targets.map(t => [t.cluster, t.status])).toEqual([
        ['dc1', 'succeeded'],
        ['dc2', 'failed'],
        ['dc3', 'succeeded'],
      ]);
      expect(partial.targets[1].message).toMatch(/gave up after 3 attempts/);
      expect(partial.error).toMatch(/^dc2: /);

      await control('/clusters/dc1/requests', 'DELETE');
      await control('/clusters/dc2/requests', 'DELETE');
      await orders.retry(partial.id, ['dc2'], 'user:default/alice');
      const retried = await rerun(partial.id);
      expect(retried.status).toBe('succeeded');
      await eventually(pods, {
        dc1: ['1.0.0'],
        dc2: ['1.0.0'],
        dc3: ['1.0.0'],
      });

      const writes = ({
        requests,
      }: {
        requests: Array<{ verb: string; count: number }>;
      }) =>
        requests
          .filter(c =>
            ['create', 'update', 'patch', 'apply', 'delete'].includes(c.verb),
          )
          .reduce((sum, c) => sum + c.count, 0);
      expect(writes(await control('/clusters/dc1/requests', 'GET'))).toBe(0);
      expect(
        writes(await control('/clusters/dc2/requests', 'GET')),
      ).toBeGreaterThan(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls back automatically when the new version crash-loops, and records both releases, on %p',
    async databaseId => {
      const ns = `ledger-crash-${databaseId.toLowerCase().replace('_', '')}`;
      const { order, releases, pods } = await setup(databaseId, ns);
      expect(
        (await order('deploy', { version: '1.0.0', replicas: 3 })).status,
      ).toBe('succeeded');

      const bad = await order('deploy', { version: '1.1.0-crashloop' });
      expect(bad.status).toBe('rolled-back');
      expect(bad.error).toMatch(
        /automatic rollback to release 1: .*CrashLoopBackOff/,
      );
      expect(bad.targets.every(t => t.status === 'rolled-back')).toBe(true);

      const history = await releases.list(SERVICE, 'production');
      expect(
        history.items.map(r => [r.revision, (r.spec as any).version]),
      ).toEqual([
        [3, '1.0.0'],
        [2, '1.1.0-crashloop'],
        [1, '1.0.0'],
      ]);
      expect(history.items[0].reason).toMatch(
        /^automatic rollback to release 1/,
      );
      await eventually(pods, {
        dc1: ['1.0.0'],
        dc2: ['1.0.0'],
        dc3: ['1.0.0'],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes the order of a replica that died mid-rollout, with one apply per cluster, on %p',
    async databaseId => {
      const ns = `ledger-resume-${databaseId.toLowerCase().replace('_', '')}`;
      const { orders, releases, rerun, pods, makeExecutor } = await setup(
        databaseId,
        ns,
      );
      for (const c of clusters)
        await control(`/clusters/${c.name}/requests`, 'DELETE');

      // Replica A applies everywhere, then freezes (its observer never sees the rollout end,
      // as if the process had been killed) and stops renewing its short lease.
      const frozen: RolloutObserver = {
        rollout: () => undefined,
        changed: (_cluster, ms) =>
          new Promise(resolve => setTimeout(resolve, ms)),
      };
      const { order: created } = await orders.create({
        serviceRef: SERVICE,
        environment: 'production',
        kind: 'deploy',
        params: { version: '1.0.0', replicas: 3 },
        author: 'user:default/alice',
        reason: 'resume test',
        clusters: clusters.map(c => c.name),
      });
      const claimedByA = (await orders.claim('replica-a', 300))!;
      const killA = new AbortController();
      const runA = makeExecutor(frozen)
        .execute(claimedByA, 'replica-a', killA.signal)
        .catch(error => error);
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        const o = await orders.get(created.id);
        if (o!.targets.every(t => t.status === 'progressing')) break;
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      await new Promise(resolve => setTimeout(resolve, 400)); // A's lease runs out

      // Replica B takes the order over; A, waking up, is fenced off.
      const resumed = await rerun(created.id);
      killA.abort();
      expect((await runA)?.name).toBe('LeaseLostError');
      expect(resumed.status).toBe('succeeded');
      expect(resumed.attempts).toBe(2);
      await eventually(pods, {
        dc1: ['1.0.0'],
        dc2: ['1.0.0'],
        dc3: ['1.0.0'],
      });

      // The release was recorded once, and each cluster got exactly one Deployment apply.
      expect((await releases.list(SERVICE, 'production')).items).toHaveLength(
        1,
      );
      for (const c of clusters) {
        const { requests } = await control(
          `/clusters/${c.name}/requests`,
          'GET',
        );
        const applies = requests
          .filter(
            (r: { verb: string; resource: string }) =>
              ['apply', 'patch'].includes(r.verb) &&
              r.resource === 'deployments',
          )
          .reduce((sum: number, r: { count: number }) => sum + r.count, 0);
        expect([c.name, applies]).toEqual([c.name, 1]);
      }
      const events = await orders.events(created.id);
      expect(events.map(e => e.message)).toContain(
        'resumed by test-worker (attempt 2)',
      );
    },
  );
});
