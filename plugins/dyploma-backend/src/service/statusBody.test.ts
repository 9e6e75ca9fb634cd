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
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import * as k8s from '@kubernetes/client-node';
import {
  renderManifests,
  resolveEffectiveModel,
  ServiceStatus,
  validateServiceEntity,
  validationContextFromConfig,
} from '@dyploma/plugin-dyploma-common';
import { GOOD_MODELS } from '@dyploma/plugin-dyploma-common/testUtils';
import { parse } from 'yaml';
import { applyObjects } from '../apply';
import { namespaceFor, readTopology, Topology } from '../clusters/topology';
import { Order } from '../database/OrderStore';
import { Release } from '../database/ReleaseStore';
import { FleetCache } from '../fleet/FleetCache';
import type { LoadedService } from './access';
import { effectiveModelOf, validationOf } from './entityModel';
import { readLiveState } from './liveState';
import { toApiOrder, toApiRelease } from './serialize';
import { StatusBodies } from './statusBody';
import { RouteContext } from './types';

// client-node is ESM-only; Jest runs CommonJS without VM modules, so the lazy
// import is replaced by Jest's own (transpiling) require.
jest.mock('../fleet/clientNode', () => ({
  loadClientNode: async () => require('@kubernetes/client-node'),
}));

jest.setTimeout(90_000);

// The status body is kept as text in parts (StatusBodies) while what each part is made of
// stays the same. Here, on a real fleet cache of kube-sim's clusters, every body it renders
// must be exactly the text JSON.stringify makes of the status as the route built it before
// (`statusAsBefore`, the object route), while the clusters, the releases, the orders and
// the entity change under it: a part kept past a change would show here.

const quiet = mockServices.logger.mock();

const SERVICE = 'checkout';
const REF = `component:default/${SERVICE}`;

/** The status body as the route made it before StatusBodies: one object, JSON.stringify'd. */
function statusAsBefore(
  ctx: Pick<RouteContext, 'modelContext' | 'topology' | 'fleet'>,
  loaded: LoadedService,
  releases: Map<string, Release>,
  activeOrders: Map<string, Order>,
): ServiceStatus {
  const validation = validationOf(ctx.modelContext, loaded.entity);
  const spec = (loaded.entity.spec ?? {}) as Record<string, unknown>;
  return {
    service: {
      ref: loaded.ref,
      namespace: loaded.compound.namespace,
      name: loaded.compound.name,
      ...(typeof spec.owner === 'string' && { owner: spec.owner }),
      ...(typeof spec.system === 'string' && { system: spec.system }),
    },
    ...(!validation.ok && { problems: validation.problems }),
    environments: [...ctx.topology.environments.values()].map(env => {
      const effective = effectiveModelOf(
        ctx.modelContext,
        loaded.entity,
        env.name,
      );
      const release = releases.get(env.name);
      const activeOrder = activeOrders.get(env.name);
      return {
        name: env.name,
        namespace: namespaceFor(env, loaded.compound.name),
        clusters: env.clusters.map(c => ({
          name: c.name,
          datacenter: ctx.topology.clusters.get(c.name)?.datacenter ?? c.name,
          weight: c.weight,
        })),
        placement: env.placement,
        requireReason: env.requireReason,
        ...(effective && { effective }),
        ...(release && { release: toApiRelease(release) }),
        ...(activeOrder && { activeOrder: toApiOrder(activeOrder) }),
      };
    }),
    live: ctx.fleet
      ? readLiveState(ctx.fleet, ctx.topology, loaded.compound.name)
      : [],
  };
}

const loadedFrom = (entity: Entity): LoadedService => ({
  entity,
  ref: stringifyEntityRef(entity),
  compound: getCompoundEntityRef(entity),
});

function aRelease(environment: string, revision: number, id: string): Release {
  return {
    id,
    serviceRef: REF,
    environment,
    revision,
    spec: { version: `1.0.${revision}`, replicas: 2, enabled: true },
    author: 'user:default/alice',
    reason: `release ${revision}`,
    createdAt: new Date(Date.UTC(2026, 10, 24, 10, revision)),
  };
}

function anActiveOrder(environment: string, ready: number): Order {
  return {
    id: `order-${environment}`,
    serviceRef: REF,
    environment,
    kind: 'scale',
    params: { replicas: 3 },
    author: 'user:default/alice',
    status: 'running',
    attempts: 1,
    createdAt: new Date(Date.UTC(2026, 10, 24, 11)),
    targets: [
      {
        cluster: 'dc1',
        status: 'progressing',
        desired: 3,
        ready,
        attempts: 1,
        updatedAt: new Date(Date.UTC(2026, 10, 24, 11, ready)),
      },
    ],
  };
}

describe('StatusBodies on kube-sim', () => {
  let sim: KubeSim;
  let topology: Topology;
  let fleet: FleetCache;
  let ctx: Pick<RouteContext, 'modelContext' | 'topology' | 'fleet'>;
  let entity: Entity;

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1', 'dc2'],
      port: 0,
      timeScale: 50,
      nodes: { count: 2 },
    });
    const config = new ConfigReader({
      dyploma: {
        clusters: sim.clusters.map(c => ({
          name: c.name,
          datacenter: `${c.name}-datacenter`,
          url: c.url,
          serviceAccountToken: c.token,
          caData: c.caData,
        })),
        environments: {
          production: { clusters: ['dc1', 'dc2'] },
          staging: { clusters: ['dc2'], namespace: '{service}-staging' },
        },
      },
    });
    topology = readTopology(config);
    fleet = new FleetCache({
      clusters: topology.clusters.values(),
      logger: quiet,
      timing: { metricsIntervalMs: 200, backoffInitialMs: 50 },
    });
    ctx = {
      modelContext: validationContextFromConfig(config),
      topology,
      fleet,
    };
    await fleet.start();
    await fleet.waitForSync({ timeoutMs: 10_000 });
    entity = parse(GOOD_MODELS.find(g => g.name === 'rich')!.entity);
    // Its production placement names a dc3 these clusters do not have.
    delete (entity.spec as any).dyploma.environments.production.placement;
    // The rich model's pods want nodes labelled disktype=ssd.
    for (const cluster of ['dc1', 'dc2']) {
      for (const { object: node } of fleet.nodes({ cluster })) {
        await fleet.kubeClients(cluster)!.core.patchNode(
          {
            name: node.metadata.name,
            body: { metadata: { labels: { disktype: 'ssd' } } },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
      }
    }
  });

  afterAll(async () => {
    await fleet?.stop();
    await sim?.stop();
  });

  /**
   * Deploys the rich model at `replicas` in an environment's clusters: in production
   * without its HPA (so the replicas are the test's), in staging with it.
   */
  async function deploy(
    version: string,
    replicas: number,
    environment = 'production',
  ) {
    const valid = validateServiceEntity(entity);
    if (!valid.ok || !valid.hasModel) throw new Error('rich model is invalid');
    const { model } = resolveEffectiveModel({
      service: valid.service,
      model: valid.model,
      environment: 'production',
    });
    const env = topology.environments.get(environment)!;
    for (const { name: cluster } of env.clusters) {
      await applyObjects(
        { cluster: topology.clusters.get(cluster)! },
        renderManifests({
          model:
            environment === 'production'
              ? { ...model, autoscaling: undefined }
              : { ...model, environment },
          release: {
            version,
            replicas,
            enabled: true,
            releaseId: `${SERVICE}/${environment}/${version}`,
            orderId: `order-${version}`,
          },
          cluster: { name: cluster, datacenter: cluster },
          environment: {
            name: environment,
            namespace: namespaceFor(env, SERVICE),
          },
        }),
      );
    }
  }

  /** The production Deployment's desired replicas in a cluster once all are available. */
  const rolledOut = (cluster: string) => {
    const d = fleet.get('deployments', cluster, SERVICE, SERVICE);
    return d?.status?.availableReplicas === d?.spec?.replicas &&
      d?.status?.updatedReplicas === d?.spec?.replicas
      ? d?.spec?.replicas
      : undefined;
  };

  it('renders the text the status object makes, through every change of what it is made of', async () => {
    const bodies = new StatusBodies(ctx);
    let releases = new Map<string, Release>();
    let orders = new Map<string, Order>();
    let loaded = loadedFrom(entity);
    const rendered: string[] = [];
    const check = () => {
      const text = bodies.render(loaded, releases, orders);
      expect(text).toBe(
        JSON.stringify(statusAsBefore(ctx, loaded, releases, orders)),
      );
      rendered.push(text);
      return JSON.parse(text) as ServiceStatus;
    };

    // Nothing deployed: every pair connected, no pods.
    expect(check().live.map(l => [l.cluster, l.pods.length])).toEqual([
      ['dc1', 0],
      ['dc2', 0],
      ['dc2', 0],
    ]);
    check(); // kept parts, same text

    await deploy('1.0.0', 2);
    await fleet.waitFor(() => rolledOut('dc1') && rolledOut('dc2'), {
      timeoutMs: 30_000,
    });
    const running = check();
    expect(running.problems).toBeUndefined();
    expect(running.environments.map(e => !!e.effective)).toEqual([true, true]);
    const desired = running.live[0].deployment!.desired;
    expect(desired).toBeGreaterThan(0);
    expect(running.live[0].pods).toHaveLength(desired);
    expect(running.live[0].deployment!.version).toBe('1.0.0');

    // A poll of the metrics: new usage objects, new figures.
    await fleet.waitFor(
      () =>
        fleet
          .podMetrics({ cluster: 'dc1', namespace: SERVICE })
          .filter(m => m.object.containers.length > 0).length === desired,
      { timeoutMs: 10_000 },
    );
    const polls = rendered.length;
    const withUsage = check();
    expect(withUsage.live[0].pods.every(p => p.cpu.usage !== undefined)).toBe(
      true,
    );
    await new Promise(r => setTimeout(r, 500)); // two more polls
    check();
    expect(rendered.length).toBe(polls + 2);

    // Scaled: new pods, a changed Deployment.
    await deploy('1.0.0', 6);
    await fleet.waitFor(() => (rolledOut('dc1') ?? 0) > desired, {
      timeoutMs: 30_000,
    });
    const scaled = check().live[0];
    expect(scaled.deployment!.desired).toBeGreaterThan(desired);
    expect(scaled.pods).toHaveLength(scaled.deployment!.desired);

    // A rollout to a new version, read at every change the cache takes on the way: new
    // pods pending, then ready, old ones terminating, the Deployment progressing.
    const before = rendered.length;
    const rollout = deploy('1.1.0', 6);
    rollout.catch(() => {}); // awaited below; a failed check must not leave it unhandled
    await fleet.waitFor(
      () => {
        const body = check();
        return body.live
          .slice(0, 2)
          .every(
            l =>
              l.pods.length === l.deployment?.desired &&
              l.pods.every(
                p => p.version === '1.1.0' && p.ready && p.phase === 'Running',
              ),
          );
      },
      { timeoutMs: 30_000 },
    );
    await rollout;
    expect(new Set(rendered.slice(before)).size).toBeGreaterThan(3);

    // Staging with its HPA: the autoscaler's bounds and figures.
    await deploy('2.0.0', 2, 'staging');
    await fleet.waitFor(
      () => {
        const body = check();
        return (
          body.live[2].autoscaler !== undefined &&
          body.live[2].pods.some(p => p.ready)
        );
      },
      { timeoutMs: 30_000 },
    );
    expect(check().live[2].autoscaler).toMatchObject({ min: 2, max: 10 });

    // Releases: a first one, then a newer one of another id.
    releases = new Map([['production', aRelease('production', 1, '1')]]);
    expect(check().environments[0].release?.revision).toBe(1);
    releases = new Map([
      ['production', aRelease('production', 2, '2')],
      ['staging', aRelease('staging', 1, '3')],
    ]);
    expect(check().environments.map(e => e.release?.revision)).toEqual([2, 1]);
    // An id seen before that now names another release (a database started anew).
    releases = new Map([['production', aRelease('production', 5, '2')]]);
    expect(check().environments[0].release?.revision).toBe(5);

    // An active order, as it progresses, then gone.
    orders = new Map([['production', anActiveOrder('production', 1)]]);
    expect(check().environments[0].activeOrder?.targets[0].ready).toBe(1);
    orders = new Map([['production', anActiveOrder('production', 2)]]);
    expect(check().environments[0].activeOrder?.targets[0].ready).toBe(2);
    orders = new Map();
    expect(check().environments[0].activeOrder).toBeUndefined();

    // The entity read again (a new object) with another owner, then with a broken model.
    loaded = loadedFrom({
      ...entity,
      spec: { ...entity.spec, owner: 'group:default/team-b' },
    });
    expect(check().service.owner).toBe('group:default/team-b');
    loaded = loadedFrom({
      ...entity,
      spec: {
        ...entity.spec,
        dyploma: { ...(entity.spec as any).dyploma, replicas: -1 },
      },
    });
    const broken = check();
    expect(broken.problems?.length).toBeGreaterThan(0);
    expect(broken.environments[0].effective).toBeUndefined();

    // A cluster down: its health and last-seen time change, its last known pods stay.
    await fetch(`${sim.controlUrl}/control/v1/clusters/dc2/down`, {
      method: 'POST',
    });
    try {
      await fleet.waitFor(() => fleet.clusterHealth('dc2')?.state === 'down', {
        timeoutMs: 30_000,
      });
      const down = check();
      expect(down.live[1]).toMatchObject({ health: 'down' });
      expect(down.live[1].lastSeen).toEqual(expect.any(String));
      expect(down.live[1].pods.length).toBeGreaterThan(0);
    } finally {
      await fetch(`${sim.controlUrl}/control/v1/clusters/dc2/up`, {
        method: 'POST',
      });
    }
    await fleet.waitFor(
      () => fleet.clusterHealth('dc2')?.state === 'connected',
      { timeoutMs: 30_000 },
    );
    expect(check().live[1].health).toBe('connected');
  });

  it('renders an empty live state without a fleet cache', () => {
    const noFleet = { ...ctx, fleet: undefined };
    const bodies = new StatusBodies(noFleet);
    const loaded = loadedFrom(entity);
    const text = bodies.render(loaded, new Map(), new Map());
    expect(text).toBe(
      JSON.stringify(statusAsBefore(noFleet, loaded, new Map(), new Map())),
    );
    expect(JSON.parse(text).live).toEqual([]);
  });
});
