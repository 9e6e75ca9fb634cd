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
import { ANNOTATIONS, KubernetesObject } from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import { corpusModel } from './__testUtils__/corpusModel';
import { DEFAULT_PRICING, Topology } from '../clusters/topology';
import { DatabaseOrderStore } from '../database/DatabaseOrderStore';
import { DatabaseReleaseStore } from '../database/DatabaseReleaseStore';
import { migrationsDir } from '../database/migrate';
import { OrderExecutor } from './OrderExecutor';
import type { Applier, RolloutObserver } from './types';

/*
 * A worker that dies between its apply and recording it leaves the cluster `applying`.
 * The worker that resumes the order must not apply the Deployment a second time when the
 * cluster already has it (a second apply is a second step in kube-sim's counters and, for
 * a restart, a second rollout), yet must still apply what the dead worker never reached.
 * The clusters here are in memory: this test is about the executor's decision; the
 * process-level test (__process__/resumeAfterSigkill.test.ts) does it for real.
 */

const SERVICE = 'component:default/ledger';
const CLUSTERS = ['dc1', 'dc2', 'dc3'];

const imageOf = (object: KubernetesObject): string | undefined =>
  (object as any).spec?.template?.spec?.containers?.[0]?.image;

/** Three clusters as maps of applied objects, with every apply recorded. */
function memoryClusters() {
  const objects = new Map<string, Map<string, KubernetesObject>>(
    CLUSTERS.map(c => [c, new Map()]),
  );
  const applies: Array<{ cluster: string; kind: string; image?: string }> = [];
  /** Makes an applier; `dies(cluster, kind)` stops the worker right after that object. */
  const applier = (
    dies?: (cluster: string, kind: string, image?: string) => boolean,
  ): Applier => ({
    async apply(cluster, list) {
      for (const object of list) {
        const image = imageOf(object);
        if (dies?.(cluster.name, `before ${object.kind}`, image)) {
          return new Promise(() => {});
        }
        applies.push({ cluster: cluster.name, kind: object.kind, image });
        objects.get(cluster.name)!.set(object.kind, object);
        if (dies?.(cluster.name, object.kind, image)) {
          return new Promise(() => {});
        }
      }
      return { deploymentGeneration: 1 };
    },
  });
  const observer: RolloutObserver = {
    rollout: ({ cluster }) => {
      const deployment = objects.get(cluster)!.get('Deployment');
      if (!deployment) return undefined;
      const progress = { desired: 1, updated: 1, ready: 0, available: 0 };
      // kube-sim's rule: an image tag containing "crashloop" crash-loops.
      return imageOf(deployment)?.includes('crashloop')
        ? {
            phase: 'failed',
            reason: 'CrashLoopBackOff',
            message: 'back-off restarting failed container',
            ...progress,
          }
        : { phase: 'complete', ...progress, ready: 1, available: 1 };
    },
    changed: (_cluster, ms) =>
      new Promise(r => setTimeout(r, Math.min(ms, 20))),
    appliedDeployment: async ({ cluster }) => {
      const deployment = objects.get(cluster)!.get('Deployment');
      return (
        deployment && {
          annotations: deployment.metadata.annotations ?? {},
          generation: 1,
        }
      );
    },
  };
  const count = (cluster: string, kind: string) =>
    applies.filter(a => a.cluster === cluster && a.kind === kind).length;
  return { objects, applies, applier, observer, count };
}

describe('resuming an order whose worker died while applying', () => {
  const databases = createStoreTestDatabases();

  async function setup(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const orders = new DatabaseOrderStore(knex);
    const releases = new DatabaseReleaseStore(knex);
    const topology: Topology = {
      clusters: new Map(
        CLUSTERS.map(name => [
          name,
          {
            name,
            datacenter: name,
            url: `https://${name}.example.com`,
            skipTLSVerify: false,
            pricing: DEFAULT_PRICING,
          },
        ]),
      ),
      environments: new Map([
        [
          'production',
          {
            name: 'production',
            clusters: CLUSTERS.map(name => ({ name, weight: 1 })),
            placement: 'weighted',
            waves: false,
            requireReason: false,
            autoRollback: true,
            namespace: '{service}',
          },
        ],
      ]),
    };
    const executor = (applier: Applier, observer: RolloutObserver) =>
      new OrderExecutor({
        orders,
        releases,
        topology,
        models: { effectiveModel: async () => corpusModel() },
        applier,
        observer,
        logger: mockServices.logger.mock(),
        timing: { pollMs: 20, cacheSyncTimeoutMs: 1_000 },
      });
    /** Claims the next order and runs it to the end with healthy workers. */
    const run = async (
      clusters: ReturnType<typeof memoryClusters>,
      worker = 'worker-b',
    ) => {
      const claimed = (await orders.claim(worker, 60_000))!;
      await executor(clusters.applier(), clusters.observer).execute(
        claimed,
        worker,
        new AbortController().signal,
      );
      return (await orders.get(claimed.id))!;
    };
    /** Waits until every cluster of the order has reached one of `statuses`. */
    const reached = async (id: string, statuses: string[]) => {
      for (let i = 0; i < 200; i++) {
        const current = (await orders.get(id))!;
        if (current.targets.every(t => statuses.includes(t.status))) return;
        await new Promise(r => setTimeout(r, 20));
      }
      throw new Error(`order ${id} did not reach ${statuses}`);
    };
    return { orders, releases, executor, run, reached };
  }

  it.each(databases.eachSupportedId())(
    'applies the Deployment once per cluster and finishes what the dead worker left, on %p',
    async databaseId => {
      const { orders, releases, executor } = await setup(databaseId);
      const clusters = memoryClusters();
      const { order } = await orders.create({
        serviceRef: SERVICE,
        environment: 'production',
        kind: 'deploy',
        params: { version: '1.0.0', replicas: 3 },
        author: 'user:default/alice',
        clusters: CLUSTERS,
      });

      // Worker A dies: in dc1 right after the Deployment (the PDB never sent), in dc2
      // before the Deployment, and in dc3 after the whole apply but before recording it.
      const a = (await orders.claim('worker-a', 200))!;
      void executor(
        clusters.applier(
          (cluster, step) =>
            (cluster === 'dc1' && step === 'Deployment') ||
            (cluster === 'dc2' && step === 'before Deployment') ||
            (cluster === 'dc3' && step === 'PodDisruptionBudget'),
        ),
        clusters.observer,
      ).execute(a, 'worker-a', new AbortController().signal);
      for (let i = 0; i < 100; i++) {
        const current = (await orders.get(order.id))!;
        if (current.targets.every(t => t.status === 'applying')) break;
        await new Promise(r => setTimeout(r, 20));
      }
      await new Promise(r => setTimeout(r, 300)); // A's lease runs out
      expect(clusters.count('dc1', 'Deployment')).toBe(1);
      expect(clusters.count('dc1', 'PodDisruptionBudget')).toBe(0);
      expect(clusters.count('dc2', 'Deployment')).toBe(0);

      const b = (await orders.claim('worker-b', 60_000))!;
      expect(b.targets.map(t => t.status)).toEqual([
        'applying',
        'applying',
        'applying',
      ]);
      await executor(clusters.applier(), clusters.observer).execute(
        b,
        'worker-b',
        new AbortController().signal,
      );

      const done = (await orders.get(order.id))!;
      expect(done.status).toBe('succeeded');
      for (const cluster of CLUSTERS) {
        expect([cluster, clusters.count(cluster, 'Deployment')]).toEqual([
          cluster,
          1,
        ]);
        expect(clusters.objects.get(cluster)!.has('PodDisruptionBudget')).toBe(
          true,
        );
      }
      // dc1 got only what came after its Deployment. In dc3 the cache cannot tell whether
      // the PodDisruptionBudget landed (it watches Deployments, not PDBs), so it is applied
      // again: server-side apply of an unchanged object changes nothing.
      expect(clusters.count('dc1', 'PodDisruptionBudget')).toBe(1);
      expect(clusters.count('dc3', 'PodDisruptionBudget')).toBe(2);
      expect(clusters.count('dc3', 'Service')).toBe(1);
      expect(
        clusters.objects.get('dc2')!.get('Deployment')!.metadata.annotations?.[
          ANNOTATIONS.orderId
        ],
      ).toBe(order.id);
      expect(done.targets.map(t => t.message)).toEqual([
        '1/1 available',
        '1/1 available',
        '1/1 available',
      ]);
      expect((await releases.list(SERVICE, 'production')).items).toHaveLength(
        1,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'applies again when the Deployment in the cluster is from another order, on %p',
    async databaseId => {
      const { orders, executor } = await setup(databaseId);
      const clusters = memoryClusters();
      const { order } = await orders.create({
        serviceRef: SERVICE,
        environment: 'production',
        kind: 'deploy',
        params: { version: '1.0.0', replicas: 3 },
        author: 'user:default/alice',
        clusters: CLUSTERS,
      });
      // An older order's Deployment is in every cluster; A dies before its own apply.
      for (const cluster of CLUSTERS) {
        clusters.objects.get(cluster)!.set('Deployment', {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {
            name: 'ledger',
            namespace: 'ledger',
            labels: {},
            annotations: { [ANNOTATIONS.orderId]: 'an-older-order' },
          },
        });
      }
      const a = (await orders.claim('worker-a', 200))!;
      void executor(
        clusters.applier((_cluster, step) => step === 'before Deployment'),
        clusters.observer,
      ).execute(a, 'worker-a', new AbortController().signal);
      for (let i = 0; i < 100; i++) {
        const current = (await orders.get(order.id))!;
        if (current.targets.every(t => t.status === 'applying')) break;
        await new Promise(r => setTimeout(r, 20));
      }
      await new Promise(r => setTimeout(r, 300));

      const b = (await orders.claim('worker-b', 60_000))!;
      await executor(clusters.applier(), clusters.observer).execute(
        b,
        'worker-b',
        new AbortController().signal,
      );
      expect((await orders.get(order.id))!.status).toBe('succeeded');
      for (const cluster of CLUSTERS) {
        expect([cluster, clusters.count(cluster, 'Deployment')]).toEqual([
          cluster,
          1,
        ]);
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'finishes an automatic rollback a dead worker started, without rolling forward again, on %p',
    async databaseId => {
      const { orders, releases, executor, run, reached } = await setup(
        databaseId,
      );
      const clusters = memoryClusters();
      const deploy = (version: string) =>
        orders.create({
          serviceRef: SERVICE,
          environment: 'production',
          kind: 'deploy',
          params: { version },
          author: 'user:default/alice',
          clusters: CLUSTERS,
        });
      await deploy('1.0.0');
      expect((await run(clusters)).status).toBe('succeeded');

      // 2.0.0 crash-loops everywhere; worker A rolls back, and dies in dc1 just before
      // applying 1.0.0 again there (dc2 and dc3 are back on 1.0.0, not yet marked).
      const { order } = await deploy('2.0.0-crashloop');
      const a = (await orders.claim('worker-a', 200))!;
      void executor(
        clusters.applier(
          (cluster, step, image) =>
            cluster === 'dc1' &&
            step === 'before Deployment' &&
            image?.endsWith(':1.0.0') === true,
        ),
        clusters.observer,
      ).execute(a, 'worker-a', new AbortController().signal);
      await reached(order.id, ['applying', 'succeeded']);
      await new Promise(r => setTimeout(r, 300)); // A's lease runs out

      const done = await run(clusters);
      expect(done.status).toBe('rolled-back');
      expect(done.releaseRevision).toBe(3);
      expect(done.error).toMatch(/^automatic rollback to release 1: /);
      expect(done.targets.map(t => [t.status, t.message])).toEqual(
        CLUSTERS.map(() => ['rolled-back', 'back on release 1']),
      );
      // Releases: 1.0.0, the crash-looping 2.0.0, the rollback to 1.0.0; nothing after.
      expect(
        (await releases.list(SERVICE, 'production')).items.map(
          r => (r.spec as { version: string }).version,
        ),
      ).toEqual(['1.0.0', '2.0.0-crashloop', '1.0.0']);
      // Each cluster: 1.0.0, 2.0.0, then 1.0.0 once more; the bad version never again.
      for (const cluster of CLUSTERS) {
        expect([
          cluster,
          clusters.applies
            .filter(x => x.cluster === cluster && x.kind === 'Deployment')
            .map(x => x.image?.split(':')[1]),
        ]).toEqual([cluster, ['1.0.0', '2.0.0-crashloop', '1.0.0']]);
      }
    },
  );
});
