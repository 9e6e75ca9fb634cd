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

import type { LoggerService } from '@backstage/backend-plugin-api';
import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import * as k8s from '@kubernetes/client-node';
import { ClusterInfo, DEFAULT_PRICING } from '../clusters/topology';
import { FleetCache } from './FleetCache';
import { ALL_KINDS } from './kinds';
import { createKubeClients, KubeClients } from './KubeClients';
import { Interner, slimDeployment } from './slim';

// client-node is ESM-only; Jest runs CommonJS without VM modules, so the lazy
// import is replaced by Jest's own (transpiling) require.
jest.mock('./clientNode', () => ({
  loadClientNode: async () => require('@kubernetes/client-node'),
}));

jest.setTimeout(20_000);

const SEED_DEPLOYMENTS = 40;
const SEED_REPLICAS = 2;

function captureLogger(lines: string[]): LoggerService {
  const log = (level: string) => (message: string, meta?: unknown) =>
    lines.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
  const logger: LoggerService = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}

const deployment = (name: string, namespace: string, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, tier: 'web' } },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'nginx:1.27',
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
          },
        ],
      },
    },
  },
});

describe('FleetCache against kube-sim', () => {
  let sim: KubeSim;
  let fleet: FleetCache;
  let clients: Record<string, KubeClients>;
  let syncMs: number;
  let synced: boolean;
  const logs: string[] = [];
  const startedAt = new Date();

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.controlUrl}/control/v1${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  const apply = (cluster: string, body: any) =>
    clients[cluster].apps.patchNamespacedDeployment(
      {
        name: body.metadata.name,
        namespace: body.metadata.namespace,
        body,
        fieldManager: 'dyploma',
        force: true,
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );

  const status = (cluster: string, resource: string) =>
    fleet.clusterHealth(cluster)!.resources.find(r => r.resource === resource)!;

  const names = (items: Array<{ object: { metadata?: { name?: string } } }>) =>
    items.map(i => i.object.metadata!.name!).sort();

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1', 'dc2'],
      port: 0,
      timeScale: 100,
      scenario: {
        clusters: ['dc1'],
        objects: Array.from({ length: SEED_DEPLOYMENTS }, (_, i) =>
          deployment(`seed-${i}`, 'seed', SEED_REPLICAS),
        ),
      },
    });
    const infos: ClusterInfo[] = sim.clusters.map(c => ({
      name: c.name,
      datacenter: `${c.name}-datacenter`,
      url: c.url,
      serviceAccountToken: c.token,
      caData: c.caData,
      skipTLSVerify: false,
      pricing: DEFAULT_PRICING,
    }));
    clients = {};
    for (const info of infos)
      clients[info.name] = await createKubeClients(info);
    fleet = new FleetCache({
      clusters: infos,
      logger: captureLogger(logs),
      timing: {
        // kube-sim at time scale 100 sends a bookmark every 0.6 s.
        watchSilenceMs: 1500,
        watchTimeoutSeconds: 60,
        requestTimeoutMs: 2000,
        backoffInitialMs: 50,
        backoffMaxMs: 400,
        metricsIntervalMs: 200,
        // Small pages, so that the seed namespace is listed in several.
        listPageSize: 25,
      },
    });
    const t0 = Date.now();
    await fleet.start();
    synced = await fleet.waitForSync({ timeoutMs: 10_000 });
    syncMs = Date.now() - t0;
  });

  afterAll(async () => {
    await fleet?.stop();
    await sim?.stop();
  });

  it('syncs every kind of every cluster and reports the clusters connected', () => {
    // Printed for the record: two clusters, eight kinds each, paged lists.
    process.stdout.write(`fleet cache initial sync: ${syncMs} ms\n`);
    expect(synced).toBe(true);
    expect(syncMs).toBeLessThan(5000);
    const health = fleet.clusterHealth();
    expect(health.map(h => [h.cluster, h.datacenter, h.state])).toEqual([
      ['dc1', 'dc1-datacenter', 'connected'],
      ['dc2', 'dc2-datacenter', 'connected'],
    ]);
    expect(health[0].resources.map(r => r.resource).sort()).toEqual(
      [
        'cronjobs',
        'deployments',
        'events',
        'horizontalpodautoscalers',
        'jobs',
        'nodes',
        'pods',
        'replicasets',
      ].sort(),
    );
    expect(fleet.nodes({ cluster: 'dc2' })).toHaveLength(3);
    expect(
      fleet.deployments({ cluster: 'dc1', namespace: 'seed' }),
    ).toHaveLength(SEED_DEPLOYMENTS);
  });

  it('converges on what the controllers do: Deployments bring ReplicaSets, Pods and Events', async () => {
    // The seed namespace: every pod, listed in pages of 25 then watched.
    await fleet.waitFor(
      () =>
        fleet
          .pods({ cluster: 'dc1', namespace: 'seed' })
          .filter(p => p.object.status?.phase === 'Running').length ===
        SEED_DEPLOYMENTS * SEED_REPLICAS,
      { timeoutMs: 10_000 },
    );

    await clients.dc2.core.createNamespace({
      body: { metadata: { name: 'shop' } },
    });
    await apply('dc2', deployment('cart', 'shop', 3));
    const ready = await fleet.waitFor(
      () => {
        const d = fleet.get('deployments', 'dc2', 'shop', 'cart');
        return d?.status?.availableReplicas === 3 && d;
      },
      {
        timeoutMs: 10_000,
        when: c => c.cluster === 'dc2' && c.type !== 'HEALTH',
      },
    );
    expect(ready.metadata?.labels).toEqual({ app: 'cart' });
    const pods = fleet.pods({
      cluster: 'dc2',
      namespace: 'shop',
      labelSelector: 'app=cart,tier in (web, api)',
    });
    expect(pods).toHaveLength(3);
    expect(pods.every(p => p.cluster === 'dc2')).toBe(true);
    expect(fleet.pods({ labelSelector: { app: 'cart' } })).toHaveLength(3);
    expect(fleet.replicaSets({ namespace: 'shop' })).toHaveLength(1);
    expect(
      fleet
        .events({
          cluster: 'dc2',
          namespace: 'shop',
          involvedObject: { kind: 'Deployment', name: 'cart' },
        })
        .map(e => e.object.reason),
    ).toContain('ScalingReplicaSet');
    // The other cluster is untouched.
    expect(fleet.deployments({ cluster: 'dc1', namespace: 'shop' })).toEqual(
      [],
    );
  });

  it('caches HorizontalPodAutoscalers, Jobs and CronJobs, and polls pod metrics', async () => {
    await clients.dc2.autoscaling.createNamespacedHorizontalPodAutoscaler({
      namespace: 'shop',
      body: {
        metadata: { name: 'cart' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'cart',
          },
          minReplicas: 3,
          maxReplicas: 6,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 80 },
              },
            },
          ],
        },
      },
    });
    const jobSpec = {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: 'busybox:1.36' }],
        },
      },
    };
    await clients.dc2.batch.createNamespacedJob({
      namespace: 'shop',
      body: { metadata: { name: 'migrate' }, spec: jobSpec },
    });
    await clients.dc2.batch.createNamespacedCronJob({
      namespace: 'shop',
      body: {
        metadata: { name: 'nightly' },
        spec: { schedule: '0 3 * * *', jobTemplate: { spec: jobSpec } },
      },
    });
    await fleet.waitFor(
      () =>
        fleet.horizontalPodAutoscalers({ namespace: 'shop' }).length === 1 &&
        fleet.jobs({ namespace: 'shop' }).length === 1 &&
        fleet.cronJobs({ namespace: 'shop' }).length === 1,
      { timeoutMs: 5000 },
    );
    expect(
      fleet.horizontalPodAutoscalers({ cluster: 'dc2' })[0].object.spec
        ?.maxReplicas,
    ).toBe(6);

    const metrics = await fleet.waitFor(
      () => {
        const m = fleet.podMetrics({
          namespace: 'shop',
          labelSelector: 'app=cart',
        });
        return m.length === 3 && m;
      },
      { timeoutMs: 5000 },
    );
    expect(metrics[0].object.containers[0]).toMatchObject({
      name: 'main',
      usage: { cpu: expect.any(String), memory: expect.any(String) },
    });
    expect(fleet.clusterHealth('dc2')!.podMetrics.lastPolled).toBeInstanceOf(
      Date,
    );
  });

  it('keeps the same slim form of an object whether it was listed or watched', async () => {
    const sameAsLive = (cluster: string, namespace: string, name: string) =>
      eventually(async () => {
        const live = await clients[cluster].getJson(
          `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
          {},
          AbortSignal.timeout(2000),
        );
        expect(live.metadata.managedFields.length).toBeGreaterThan(0);
        expect(fleet.get('deployments', cluster, namespace, name)).toEqual(
          slimDeployment(live, new Interner()),
        );
      });
    // seed-1 came with the first list, cart through the watch afterwards.
    await sameAsLive('dc1', 'seed', 'seed-1');
    await sameAsLive('dc2', 'shop', 'cart');
    const all = ALL_KINDS.flatMap(kind => fleet.list(kind));
    expect(all.length).toBeGreaterThan(SEED_DEPLOYMENTS * (SEED_REPLICAS + 2));
    // What no reader reads is not kept, whatever the kind.
    const text = JSON.stringify(all);
    for (const dropped of [
      'managedFields',
      'tolerations',
      'dnsPolicy',
      'hostIP',
    ]) {
      expect(text).not.toContain(dropped);
    }
    // Dates stay the strings they are on the wire.
    expect(typeof all[0].object.metadata.creationTimestamp).toBe('string');
  });

  it('answers reads from memory: zero Kubernetes API requests', async () => {
    await control('DELETE', '/clusters/dc1/requests');
    await control('DELETE', '/clusters/dc2/requests');
    let reads = 0;
    for (let round = 0; round < 20; round++) {
      for (const cluster of ['dc1', 'dc2', undefined]) {
        reads += fleet.deployments({ cluster }).length;
        reads += fleet.pods({ cluster, labelSelector: 'app=cart' }).length;
        reads += fleet.replicaSets({ cluster, namespace: 'seed' }).length;
        reads += fleet.events({ cluster, namespace: 'shop' }).length;
        reads += fleet.horizontalPodAutoscalers({ cluster }).length;
        reads += fleet.podMetrics({ cluster, namespace: 'seed' }).length;
        reads += fleet.clusterHealth().length;
      }
      await new Promise(r => setTimeout(r, 5));
    }
    expect(reads).toBeGreaterThan(1000);
    for (const cluster of ['dc1', 'dc2']) {
      const counts = await control('GET', `/clusters/${cluster}/requests`);
      // Background work may run meanwhile (the pod metrics poll); nothing else.
      const other = counts.requests.filter(
        (r: any) => r.group !== 'metrics.k8s.io',
      );
      expect(other).toEqual([]);
    }
  });

  it('relists after a forced 410 Expired and stays correct', async () => {
    const before = status('dc1', 'deployments');
    const listCounts = await control('GET', '/clusters/dc1/requests');
    const listsBefore = countOf(listCounts, 'list', 'deployments');
    // The server only answers 410 to a watch resuming from before the forgotten
    // history, so first move the cluster's resourceVersion past the cache's (a
    // ConfigMap is not cached), then expire before a bookmark catches it up.
    for (let attempt = 0; attempt < 3; attempt++) {
      await clients.dc1.core.createNamespacedConfigMap({
        namespace: 'seed',
        body: { metadata: { name: `bump-${attempt}` } },
      });
      await control('POST', '/clusters/dc1/expire-watch-history');
      // Changes while the cache is catching up must not be lost: one added, one removed.
      if (attempt === 0) {
        await apply('dc1', deployment('orders', 'seed', 1));
        await clients.dc1.apps.deleteNamespacedDeployment({
          name: 'seed-0',
          namespace: 'seed',
        });
      }
      const relisted = await fleet
        .waitFor(() => status('dc1', 'deployments').lists > before.lists, {
          timeoutMs: 2000,
        })
        .catch(() => false);
      if (relisted) break;
    }
    expect(status('dc1', 'deployments').lists).toBeGreaterThan(before.lists);
    expect(status('dc1', 'deployments').expirations).toBeGreaterThan(
      before.expirations,
    );
    const after = await control('GET', '/clusters/dc1/requests');
    expect(countOf(after, 'list', 'deployments')).toBeGreaterThan(listsBefore);

    // The cache equals the API server again, object for object.
    const live = async () =>
      (await clients.dc1.apps.listDeploymentForAllNamespaces()).items
        .map(d => `${d.metadata!.name}@${d.metadata!.resourceVersion}`)
        .sort();
    const cached = () =>
      fleet
        .deployments({ cluster: 'dc1' })
        .map(
          d =>
            `${d.object.metadata!.name}@${d.object.metadata!.resourceVersion}`,
        )
        .sort();
    await eventually(async () => {
      expect(cached()).toEqual(await live());
    });
    expect(
      names(fleet.deployments({ cluster: 'dc1', namespace: 'seed' })),
    ).toContain('orders');
    expect(fleet.get('deployments', 'dc1', 'seed', 'seed-0')).toBeUndefined();
    expect(fleet.clusterHealth('dc1')!.state).toBe('connected');
  });

  it('notices a stalled watch with its watchdog and recovers by relisting', async () => {
    const before = status('dc2', 'deployments');
    await control('PUT', '/clusters/dc2/faults', { stallWatches: true });
    try {
      await apply('dc2', deployment('stalled', 'shop', 1));
      // No event arrives (the watch is silent), yet the relist finds it.
      await fleet.waitFor(
        () => fleet.get('deployments', 'dc2', 'shop', 'stalled'),
        { timeoutMs: 6000 },
      );
      const after = status('dc2', 'deployments');
      expect(after.stalls).toBeGreaterThan(before.stalls);
      expect(after.lists).toBeGreaterThan(before.lists);
      expect(logs.some(l => l.includes('was silent for 1500 ms'))).toBe(true);
    } finally {
      await control('DELETE', '/clusters/dc2/faults');
    }
    // Once the server talks again, changes come through the watch.
    const lists = status('dc2', 'deployments').lists;
    await apply('dc2', deployment('after-stall', 'shop', 1));
    await fleet.waitFor(
      () => fleet.get('deployments', 'dc2', 'shop', 'after-stall'),
      { timeoutMs: 5000 },
    );
    expect(fleet.clusterHealth('dc2')!.state).toBe('connected');
    expect(status('dc2', 'deployments').lists).toBeLessThanOrEqual(lists + 1);
  });

  it('backs off on server errors instead of hammering the API server, then recovers', async () => {
    await control('PUT', '/clusters/dc1/faults', { errorRates: { 500: 1 } });
    await control('DELETE', '/clusters/dc1/requests');
    // Ends every open watch: each kind must now reconnect against a failing server.
    await control('POST', '/clusters/dc1/expire-watch-history');
    const down = await fleet.waitFor(
      () => {
        const h = fleet.clusterHealth('dc1')!;
        return h.state === 'down' && h;
      },
      { timeoutMs: 3000 },
    );
    expect(down.failing.map(f => f.error)).toContainEqual(
      expect.stringMatching(/^HTTP 500/),
    );
    await new Promise(r => setTimeout(r, 1500));
    const counts = await control('GET', '/clusters/dc1/requests');
    const attempts = counts.requests
      .filter((r: any) => r.group !== 'metrics.k8s.io')
      .reduce((sum: number, r: any) => sum + r.count, 0);
    // Backoff from 50 ms doubling to 400 ms: a handful of tries per kind, not a hot loop.
    process.stdout.write(
      `requests of 8 failing kinds in ~1.6 s: ${attempts}\n`,
    );
    expect(attempts).toBeGreaterThanOrEqual(8 * 3);
    expect(attempts).toBeLessThanOrEqual(8 * 12);
    expect(
      Math.max(...fleet.clusterHealth('dc1')!.resources.map(r => r.failures)),
    ).toBeGreaterThanOrEqual(4);

    await control('DELETE', '/clusters/dc1/faults');
    await fleet.waitFor(
      () => fleet.clusterHealth('dc1')!.state === 'connected',
      { timeoutMs: 3000 },
    );
    expect(fleet.clusterHealth('dc1')!.failing).toEqual([]);
    expect(
      fleet.deployments({ cluster: 'dc1', namespace: 'seed' }).length,
    ).toBe(SEED_DEPLOYMENTS);
  });

  it('reports a cluster down with its last-seen time, keeps its last state, and reconnects', async () => {
    await fleet.waitFor(
      () =>
        fleet.get('deployments', 'dc2', 'shop', 'after-stall')?.status
          ?.availableReplicas === 1,
      { timeoutMs: 5000 },
    );
    const states: string[] = [];
    // clusterSeen, the status read's, says what clusterHealth says, at every change.
    const seenDiffers: unknown[] = [];
    const unsubscribe = fleet.onChange(c => {
      if (c.type === 'HEALTH' && c.cluster === 'dc2')
        states.push(c.health.state);
      for (const cluster of ['dc1', 'dc2']) {
        const { state, lastSeen } = fleet.clusterHealth(cluster)!;
        const seen = fleet.clusterSeen(cluster);
        if (seen?.state !== state || seen?.lastSeen !== lastSeen) {
          seenDiffers.push({ cluster, seen, state, lastSeen });
        }
      }
    });
    const wentDown = new Date();
    await control('POST', '/clusters/dc2/down');
    const down = await fleet.waitFor(
      () => {
        const h = fleet.clusterHealth('dc2')!;
        return h.state === 'down' && h;
      },
      { timeoutMs: 5000 },
    );
    expect(down.lastSeen!.getTime()).toBeGreaterThan(startedAt.getTime());
    expect(down.lastSeen!.getTime()).toBeLessThanOrEqual(
      wentDown.getTime() + 50,
    );
    expect(down.since.getTime()).toBeGreaterThanOrEqual(wentDown.getTime());
    expect(down.failing).toHaveLength(8);
    expect(down.failing[0].error).toMatch(/ECONNREFUSED/);
    // The last known objects are still there to be shown (with the time above),
    // through several failed reconnection attempts.
    const known = names(fleet.deployments({ cluster: 'dc2' }));
    const podsKnown = names(fleet.pods({ cluster: 'dc2' }));
    expect(known).toEqual(
      expect.arrayContaining(['after-stall', 'cart', 'stalled']),
    );
    await new Promise(r => setTimeout(r, 600));
    expect(fleet.clusterHealth('dc2')!.state).toBe('down');
    expect(names(fleet.deployments({ cluster: 'dc2' }))).toEqual(known);
    expect(names(fleet.pods({ cluster: 'dc2' }))).toEqual(podsKnown);
    expect(podsKnown.length).toBeGreaterThanOrEqual(5);
    // One cluster down costs the others nothing.
    expect(fleet.clusterHealth('dc1')!.state).toBe('connected');
    await apply('dc1', deployment('during-outage', 'seed', 1));
    await fleet.waitFor(
      () => fleet.get('deployments', 'dc1', 'seed', 'during-outage'),
      { timeoutMs: 5000 },
    );

    await control('POST', '/clusters/dc2/up');
    await apply('dc2', deployment('after-outage', 'shop', 1));
    await fleet.waitFor(
      () =>
        fleet.clusterHealth('dc2')!.state === 'connected' &&
        fleet.get('deployments', 'dc2', 'shop', 'after-outage'),
      { timeoutMs: 5000 },
    );
    unsubscribe();
    expect(seenDiffers).toEqual([]);
    expect(fleet.clusterSeen('nowhere')).toBeUndefined();
    expect(states[0]).toBe('degraded');
    expect(states).toContain('down');
    expect(states[states.length - 1]).toBe('connected');
    expect(fleet.clusterHealth('dc2')!.failing).toEqual([]);
  });

  it('never logs a token', () => {
    const text = logs.join('\n');
    for (const c of sim.clusters) {
      expect(text).not.toContain(c.token);
    }
  });
});

function countOf(counts: any, verb: string, resource: string): number {
  return counts.requests
    .filter(
      (r: any) => r.verb === verb && r.resource === resource && !r.subresource,
    )
    .reduce((sum: number, r: any) => sum + r.count, 0);
}

async function eventually(check: () => Promise<void>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, 50));
    }
  }
}
