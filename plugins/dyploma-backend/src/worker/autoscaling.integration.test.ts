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
import type { OrderKind } from '../database/OrderStore';
import { DatabaseReleaseStore } from '../database/DatabaseReleaseStore';
import { migrationsDir } from '../database/migrate';
import { FleetCache } from '../fleet';
import { corpusModel } from './__testUtils__/corpusModel';
import { FleetRolloutObserver } from './FleetRolloutObserver';
import { OrderExecutor } from './OrderExecutor';
import { ServerSideApplier } from './ServerSideApplier';

// client-node is ESM-only; Jest runs CommonJS without VM modules (see fleet/clientNode.ts).
jest.mock('../fleet/clientNode', () => ({
  loadClientNode: async () => require('@kubernetes/client-node'),
}));

jest.setTimeout(180_000);

const SERVICE = 'component:default/ledger';
const AUTOSCALING = { min: 2, max: 6, cpu: 50 };

/** The "minimal" corpus service (image only) in production, autoscaled or not. */
function ledgerModel(autoscaled: boolean): EffectiveModel {
  const model = corpusModel('minimal', 'production');
  return autoscaled ? { ...model, autoscaling: AUTOSCALING } : model;
}

async function eventually<T>(
  read: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('deploys beside an HPA against kube-sim', () => {
  const databases = createStoreTestDatabases();
  let sim: KubeSim;
  let fleet: FleetCache;
  let cluster: ClusterInfo;

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1'],
      port: 0,
      timeScale: 20,
      nodes: { count: 3 },
    });
    const [c] = sim.clusters;
    cluster = {
      name: c.name,
      datacenter: c.name,
      url: c.url,
      serviceAccountToken: c.token,
      caData: c.caData,
      skipTLSVerify: false,
      pricing: DEFAULT_PRICING,
    };
    fleet = new FleetCache({
      clusters: [cluster],
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

  async function setup(databaseId: TestDatabaseId, namespace: string) {
    const topology: Topology = {
      clusters: new Map([[cluster.name, cluster]]),
      environments: new Map([
        [
          'production',
          {
            name: 'production',
            clusters: [{ name: cluster.name, weight: 1 }],
            placement: 'weighted',
            waves: false,
            requireReason: false,
            autoRollback: true,
            namespace,
          },
        ],
      ]),
    };
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const orders = new DatabaseOrderStore(knex);
    let autoscaled = false;
    const executor = new OrderExecutor({
      orders,
      releases: new DatabaseReleaseStore(knex),
      topology,
      models: { effectiveModel: async () => ledgerModel(autoscaled) },
      applier: new ServerSideApplier({ timeoutMs: 2_000 }),
      observer: new FleetRolloutObserver(fleet),
      logger: mockServices.logger.mock(),
      timing: { rolloutTimeoutMs: 90_000, pollMs: 250 },
    });
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
        clusters: [cluster.name],
      });
      const claimed = await orders.claim('test-worker', 60_000);
      await executor.execute(
        claimed!,
        'test-worker',
        new AbortController().signal,
      );
      return (await orders.get(created.id))!;
    };
    const deploy = (version: string, replicas?: number) =>
      order('deploy', {
        version,
        ...(replicas !== undefined && { replicas }),
      });
    const replicas = () =>
      fleet.get('deployments', cluster.name, namespace, 'ledger')?.spec
        ?.replicas;
    /** The Deployment as the API server has it, with its managedFields. */
    const readDeployment = () =>
      fleet
        .kubeClients(cluster.name)!
        .apps.readNamespacedDeployment({ name: 'ledger', namespace });
    /** Running, ready pods of the service that are not being deleted. */
    const readyPods = () =>
      fleet
        .pods({
          cluster: cluster.name,
          namespace,
          labelSelector: { 'app.kubernetes.io/name': 'ledger' },
        })
        .map(p => p.object)
        .filter(
          p =>
            !p.metadata?.deletionTimestamp &&
            p.status?.phase === 'Running' &&
            p.status.conditions?.some(
              c => c.type === 'Ready' && c.status === 'True',
            ),
        ).length;
    /** The HPA's ScalingActive condition, read from the API server. */
    const scalingActive = async () =>
      (
        await fleet
          .kubeClients(cluster.name)!
          .autoscaling.readNamespacedHorizontalPodAutoscaler({
            name: 'ledger',
            namespace,
          })
      ).status?.conditions?.find(c => c.type === 'ScalingActive');
    return {
      order,
      deploy,
      replicas,
      readyPods,
      scalingActive,
      readDeployment,
      autoscale: (on: boolean) => {
        autoscaled = on;
      },
    };
  }

  it.each(databases.eachSupportedId())(
    'leaves the replicas an HPA decided alone when a new version is deployed, on %p',
    async databaseId => {
      const ns = `ledger-hpa-${databaseId.toLowerCase().replace('_', '')}`;
      const { deploy, replicas, readDeployment, autoscale } = await setup(
        databaseId,
        ns,
      );

      // Without autoscaling Dyploma owns the replicas.
      expect(await deploy('1.0.0', 3)).toMatchObject({ status: 'succeeded' });
      expect(replicas()).toBe(3);

      // The model turns autoscaling on: the Deployment stops carrying replicas, and the
      // 3 running replicas stay (without a handover the API server would default them
      // to 1 the moment Dyploma stops applying them).
      autoscale(true);
      const seen = new Set<number>();
      const stopWatching = fleet.onChange(() => {
        const r = replicas();
        if (r !== undefined) seen.add(r);
      });
      expect(await deploy('1.1.0')).toMatchObject({ status: 'succeeded' });
      stopWatching();
      // The new HPA may move them within its bounds at once, but they never fall to the
      // API server's default of 1.
      expect(Math.min(...seen)).toBeGreaterThanOrEqual(AUTOSCALING.min);
      expect(
        fleet.get('horizontalpodautoscalers', 'dc1', ns, 'ledger')?.spec,
      ).toMatchObject({ minReplicas: 2, maxReplicas: 6 });

      // Load makes the HPA scale up to its maximum: from then on it owns the replicas.
      await fetch(`${sim.controlUrl}/control/v1/clusters/dc1/load`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ namespace: ns, workload: 'ledger', factor: 4 }),
      });
      const scaled = await eventually(
        () => replicas() === AUTOSCALING.max && replicas(),
        'the HPA to scale ledger up to its maximum',
      );

      // A new version rolls out beside the HPA without touching its replicas.
      const during = new Set<number>();
      const stop = fleet.onChange(() => {
        const r = replicas();
        if (r !== undefined) during.add(r);
      });
      const v2 = await deploy('2.0.0');
      stop();
      expect(v2).toMatchObject({ status: 'succeeded' });
      expect(v2.targets[0]).toMatchObject({
        desired: scaled,
        available: scaled,
      });
      expect([...during]).toEqual([scaled]);

      // Dyploma's apply owns no replicas; the HPA's scale updates do.
      const owners = (await readDeployment()).metadata!.managedFields!.filter(
        m => 'f:replicas' in ((m.fieldsV1 as any)?.['f:spec'] ?? {}),
      );
      expect(owners.map(m => m.manager)).not.toContain('dyploma');
      expect(owners).toContainEqual(
        expect.objectContaining({
          manager: 'kube-controller-manager',
          subresource: 'scale',
        }),
      );
      expect(
        fleet.get('deployments', 'dc1', ns, 'ledger')?.spec?.template.spec
          ?.containers[0].image,
      ).toMatch(/:2\.0\.0$/);
    },
  );

  it.each(databases.eachSupportedId())(
    'brings an autoscaled service back when it is enabled after a disable, on %p',
    async databaseId => {
      const ns = `ledger-off-${databaseId.toLowerCase().replace('_', '')}`;
      const { order, deploy, replicas, readyPods, scalingActive, autoscale } =
        await setup(databaseId, ns);
      autoscale(true);
      expect(await deploy('1.0.0')).toMatchObject({ status: 'succeeded' });
      await eventually(
        async () => (await scalingActive())?.status === 'True',
        'the HPA to scale ledger',
      );

      // Disabled: Dyploma applies 0 replicas, and the HPA, which does not scale a
      // target at 0, keeps it there.
      expect(await order('disable')).toMatchObject({ status: 'succeeded' });
      await eventually(() => readyPods() === 0, 'no ledger pods');
      expect(replicas()).toBe(0);
      await eventually(
        async () => (await scalingActive())?.reason === 'ScalingDisabled',
        'the HPA to report scaling disabled',
      );

      // Enabled: the service runs again, at least at the HPA's minimum, and the HPA
      // scales it from there.
      const enabled = await order('enable');
      expect(enabled).toMatchObject({ status: 'succeeded' });
      expect(enabled.targets[0].available).toBeGreaterThanOrEqual(
        AUTOSCALING.min,
      );
      await eventually(
        () => readyPods() >= AUTOSCALING.min,
        `${AUTOSCALING.min} ready ledger pods`,
      );
      expect(replicas()).toBeGreaterThanOrEqual(AUTOSCALING.min);
      await eventually(
        async () => (await scalingActive())?.status === 'True',
        'the HPA to scale ledger again',
      );
    },
  );
});
