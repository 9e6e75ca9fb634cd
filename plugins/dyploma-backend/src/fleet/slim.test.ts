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

import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import * as k8s from '@kubernetes/client-node';
import {
  ANNOTATIONS,
  renderManifests,
  resolveEffectiveModel,
  validateServiceEntity,
} from '@dyploma/plugin-dyploma-common';
import { GOOD_MODELS } from '@dyploma/plugin-dyploma-common/testUtils';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { applyObjects } from '../apply';
import { WorkloadIndex } from '../batch/WorkloadIndex';
import { namespaceFor, readTopology, Topology } from '../clusters/topology';
import { fleetCostSamples } from '../cost/fleetSamples';
import { readServiceEvents } from '../service/events';
import { readLiveState } from '../service/liveState';
import type { RouteContext } from '../service/types';
import { FleetRolloutObserver } from '../worker/FleetRolloutObserver';
import { FleetCache } from './FleetCache';
import { ALL_KINDS, FleetKind, KINDS } from './kinds';
import type { KubeClients } from './KubeClients';
import { Interner, slimPodMetric } from './slim';

// Every reader of the fleet caches, run twice on one snapshot of a realistic fleet: once
// on the objects as the API server sends them (what the caches held before they kept
// slim objects), once on their slim form. What a user sees must not change.

jest.setTimeout(90_000);

const quiet = mockServices.logger.mock();

const SERVICE = 'checkout';
const CLUSTERS = ['dc1', 'dc2'];

type Versions = (
  kind: FleetKind | 'podmetrics',
  cluster: string,
  object: { metadata: { namespace?: string; name: string } },
) => any;

/**
 * The fleet cache, reading `version(object)` in place of each cached object: its own
 * queries (cluster, namespace, labels) pick the objects, as they do for every reader.
 */
function reading(fleet: FleetCache, version: Versions): FleetCache {
  const wrapped: FleetCache = Object.create(fleet);
  const swap =
    (kind: FleetKind | 'podmetrics') =>
    ({ cluster, object }: { cluster: string; object: any }) => ({
      cluster,
      object: version(kind, cluster, object),
    });
  wrapped.list = ((kind: FleetKind, query: any) =>
    fleet.list(kind, query).map(swap(kind))) as FleetCache['list'];
  wrapped.get = ((kind: FleetKind, cluster: string, ns: string, n: string) => {
    const object = fleet.get(kind, cluster, ns, n);
    return object && version(kind, cluster, object);
  }) as FleetCache['get'];
  wrapped.podMetrics = (query =>
    fleet
      .podMetrics(query)
      .map(swap('podmetrics'))) as FleetCache['podMetrics'];
  return wrapped;
}

describe('slim cached objects', () => {
  let sim: KubeSim;
  let topology: Topology;
  let fleet: FleetCache;
  /** cluster/kind/namespace/name → the object as the API server sent it. */
  const snapshot = new Map<string, any>();
  const key = (
    cluster: string,
    kind: string,
    o: { metadata: { namespace?: string; name: string } },
  ) => `${cluster}/${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

  function render(version: string, cluster: string) {
    const good = GOOD_MODELS.find(g => g.name === 'rich')!;
    const valid = validateServiceEntity(parse(good.entity) as Entity);
    if (!valid.ok || !valid.hasModel) throw new Error('rich model is invalid');
    const { model } = resolveEffectiveModel({
      service: valid.service,
      model: valid.model,
      environment: 'production',
    });
    return renderManifests({
      model,
      release: {
        version,
        replicas: 2,
        enabled: true,
        releaseId: `${SERVICE}/production/${version}`,
        orderId: `order-${version}`,
      },
      cluster: { name: cluster, datacenter: cluster },
      environment: {
        name: 'production',
        namespace: namespaceFor(
          topology.environments.get('production')!,
          SERVICE,
        ),
      },
    });
  }

  const clients = (cluster: string) =>
    fleet.kubeClients(cluster) as KubeClients;

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: CLUSTERS,
      port: 0,
      timeScale: 50,
      nodes: { count: 2 },
    });
    topology = readTopology(
      new ConfigReader({
        dyploma: {
          clusters: sim.clusters.map(c => ({
            name: c.name,
            datacenter: `${c.name}-datacenter`,
            url: c.url,
            serviceAccountToken: c.token,
            caData: c.caData,
          })),
          environments: { production: { clusters: CLUSTERS } },
        },
      }),
    );
    fleet = new FleetCache({
      clusters: topology.clusters.values(),
      logger: quiet,
      timing: { metricsIntervalMs: 200, backoffInitialMs: 50 },
    });
    await fleet.start();
    await fleet.waitForSync({ timeoutMs: 10_000 });

    // The rich model (ports, env, probes, Secrets, an HPA, a CronJob) in both clusters,
    // then in dc2 a version that crash-loops: two ReplicaSets, waiting containers with
    // a previous one, BackOff warnings. Its pods want nodes labelled disktype=ssd.
    for (const cluster of CLUSTERS) {
      for (const { object: node } of fleet.nodes({ cluster })) {
        await clients(cluster).core.patchNode(
          {
            name: node.metadata.name,
            body: { metadata: { labels: { disktype: 'ssd' } } },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
      }
      await applyObjects(
        { cluster: topology.clusters.get(cluster)! },
        render('1.0.0', cluster),
      );
    }
    const rolledOut = (cluster: string) => {
      const d = fleet.get('deployments', cluster, SERVICE, SERVICE);
      return (
        !!d?.status?.availableReplicas &&
        d.status.availableReplicas === d.spec?.replicas &&
        fleet.podMetrics({ cluster, namespace: SERVICE }).length > 0
      );
    };
    await fleet.waitFor(() => CLUSTERS.every(rolledOut), { timeoutMs: 30_000 });
    await applyObjects(
      { cluster: topology.clusters.get('dc2')! },
      render('2.0.0-crashloop', 'dc2'),
    );
    await fleet.waitFor(
      () =>
        fleet
          .pods({ cluster: 'dc2', namespace: SERVICE })
          .some(
            p =>
              (p.object.status?.containerStatuses?.[0]?.restartCount ?? 0) >=
                2 && p.object.status?.containerStatuses?.[0]?.state?.waiting,
          ),
      { timeoutMs: 30_000 },
    );
    // kube-sim has no pause: stopping a cluster's clock stops its controllers and
    // kubelets, so its objects hold still while both versions are read.
    for (const cluster of CLUSTERS) sim.cluster(cluster).clock.stop();
    await new Promise(r => setTimeout(r, 300));

    for (const cluster of CLUSTERS) {
      const signal = AbortSignal.timeout(5000);
      for (const kind of ALL_KINDS) {
        const list = await clients(cluster).getJson(
          KINDS[kind].path,
          {},
          signal,
        );
        for (const item of list.items) {
          snapshot.set(key(cluster, kind, item), item);
        }
      }
      const metrics = await clients(cluster).getJson(
        '/apis/metrics.k8s.io/v1beta1/pods',
        {},
        signal,
      );
      for (const item of metrics.items) {
        snapshot.set(key(cluster, 'podmetrics', item), item);
      }
    }
  });

  afterAll(async () => {
    await fleet?.stop();
    await sim?.stop();
  });

  const interner = new Interner();
  const full = () =>
    reading(fleet, (kind, cluster, object) => {
      const found = snapshot.get(key(cluster, kind, object));
      if (!found)
        throw new Error(`not in the snapshot: ${key(cluster, kind, object)}`);
      return found;
    });
  const slim = () =>
    reading(fleet, (kind, cluster, object) => {
      const found = snapshot.get(key(cluster, kind, object));
      if (!found)
        throw new Error(`not in the snapshot: ${key(cluster, kind, object)}`);
      return kind === 'podmetrics'
        ? slimPodMetric(found, interner)
        : KINDS[kind].slim(found, interner);
    });

  it('caches exactly the slim form of what the API server has, of every kind', async () => {
    await fleet.waitFor(
      () =>
        CLUSTERS.every(cluster =>
          ALL_KINDS.every(kind =>
            fleet.list(kind, { cluster }).every(({ object }) => {
              // The cache may still be taking in the last changes before the freeze.
              const wire = snapshot.get(key(cluster, kind, object));
              return (
                wire &&
                isDeepStrictEqual(object, KINDS[kind].slim(wire, interner))
              );
            }),
          ),
        ),
      // As the waits above: on a loaded machine (a CI run on 2 cores) the watches take
      // their last events in more than 5 s; a cache that never matches still fails here.
      { timeoutMs: 30_000 },
    );
    const fullBytes: Record<string, number> = {};
    const slimBytes: Record<string, number> = {};
    for (const cluster of CLUSTERS) {
      for (const kind of ALL_KINDS) {
        const cached = fleet.list(kind, { cluster });
        expect(cached.map(i => key(cluster, kind, i.object)).sort()).toEqual(
          [...snapshot.keys()]
            .filter(k => k.startsWith(`${cluster}/${kind}/`))
            .sort(),
        );
        for (const { object } of cached) {
          const wire = snapshot.get(key(cluster, kind, object));
          expect(object).toEqual(KINDS[kind].slim(wire, new Interner()));
          // What the caches held before: all of it but managedFields.
          fullBytes[kind] =
            (fullBytes[kind] ?? 0) +
            JSON.stringify({
              ...wire,
              metadata: { ...wire.metadata, managedFields: undefined },
            }).length;
          slimBytes[kind] =
            (slimBytes[kind] ?? 0) + JSON.stringify(object).length;
        }
      }
    }
    // Slim: a small part of what the API server sends.
    // Slim: a small part of what the API server sends (as JSON; in memory the shared
    // values make it smaller still). Events keep most of what they are.
    for (const kind of ['deployments', 'replicasets', 'pods', 'nodes']) {
      expect(slimBytes[kind]).toBeLessThan(fullBytes[kind] / 3);
    }
    expect(slimBytes.events).toBeLessThan(fullBytes.events * 0.75);
  });

  it('shows the same status read (liveState)', () => {
    const before = readLiveState(full(), topology, SERVICE);
    const after = readLiveState(slim(), topology, SERVICE);
    expect(after).toEqual(before);
    // The fleet behind it is the one meant: a crash loop in dc2, usage and an HPA.
    const dc2 = before.find(l => l.cluster === 'dc2')!;
    expect(dc2.pods.some(p => p.waiting === 'CrashLoopBackOff')).toBe(true);
    expect(dc2.pods.some(p => p.restarts >= 2)).toBe(true);
    expect(dc2.autoscaler).toMatchObject({ min: 2, max: 10 });
    expect(dc2.pods.every(p => p.cpu.request !== undefined)).toBe(true);
    expect(before.some(l => l.pods.some(p => p.cpu.usage !== undefined))).toBe(
      true,
    );
  });

  it('shows the same events, with every filter', () => {
    const ctx = { topology } as unknown as RouteContext;
    const environment = topology.environments.get('production')!;
    const filters = [
      {},
      { type: 'Warning' },
      { reason: 'backoff' },
      { cluster: 'dc1' },
      { limit: 3 },
    ];
    for (const f of filters) {
      const query = {
        type: undefined,
        reason: undefined,
        cluster: undefined,
        limit: 1000,
        ...f,
      };
      const before = readServiceEvents(
        ctx,
        full(),
        environment,
        SERVICE,
        query,
      );
      const after = readServiceEvents(ctx, slim(), environment, SERVICE, query);
      expect(after).toEqual(before);
      expect(before.items.length).toBeGreaterThan(0);
    }
  });

  it('judges rollouts the same (the worker)', async () => {
    for (const cluster of CLUSTERS) {
      const target = { cluster, namespace: SERVICE, name: SERVICE };
      const before = new FleetRolloutObserver(full()).rollout(target);
      const after = new FleetRolloutObserver(slim()).rollout(target);
      expect(after).toEqual(before);
      const applied = async (f: FleetCache) => {
        const found = await new FleetRolloutObserver(f).appliedDeployment({
          ...target,
          timeoutMs: 1000,
        });
        // What OrderExecutor.resumeApply reads of it.
        return {
          releaseId: found?.annotations[ANNOTATIONS.releaseId],
          orderId: found?.annotations[ANNOTATIONS.orderId],
          generation: found?.generation,
        };
      };
      expect(await applied(slim())).toEqual(await applied(full()));
    }
    expect(
      new FleetRolloutObserver(full()).rollout({
        cluster: 'dc2',
        namespace: SERVICE,
        name: SERVICE,
      }),
    ).toMatchObject({ phase: 'failed', reason: 'CrashLoopBackOff' });
  });

  it('shows the same fleet page rows and cost samples', async () => {
    for (const cluster of CLUSTERS) {
      expect(
        new WorkloadIndex(slim()).get(cluster, SERVICE, 'production'),
      ).toEqual(new WorkloadIndex(full()).get(cluster, SERVICE, 'production'));
    }
    const now = () => new Date('2026-11-24T12:00:00Z');
    const before = await fleetCostSamples(full(), now)();
    expect(await fleetCostSamples(slim(), now)()).toEqual(before);
    expect(before.flatMap(s => s.pods).length).toBeGreaterThan(0);
    expect(before.flatMap(s => s.nodes)[0].instanceType).toBeDefined();
  });
});
