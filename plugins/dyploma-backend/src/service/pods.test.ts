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

import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import type {
  ServiceEventList,
  ServiceStatus,
} from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Dyploma, startDyploma, USERS } from './__testUtils__/testBackend';

// Logs and events of a service's pods, over HTTP, against kube-sim: the backend's real
// worker deploys the services, the real fleet caches watch them, and logs are read with
// client-node from the simulated clusters. Orders are not what is tested here, so one
// database (SQLite) is enough; the stores have their own tests on both. Signals and
// notifications go to recording services: delivering them needs the signals and
// notifications backends (and a browser), which are not dependencies of this plugin.
jest.setTimeout(180_000);

const OWNER = mockCredentials.user.header(USERS.owner);
const ADMIN = mockCredentials.user.header(USERS.admin);
const PAYMENTS = '/api/dyploma/services/default/payments';
const LEDGER = '/api/dyploma/services/default/ledger';

/** Waits until `read()` resolves to a truthy value. */
async function eventually<T>(
  read: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe('pod logs and events against kube-sim', () => {
  const databases = createStoreTestDatabases();
  const signals: SignalPayload[] = [];
  const notifications: NotificationSendOptions[] = [];
  const recorders = [
    createServiceFactory({
      service: signalsServiceRef,
      deps: {},
      factory: () => ({
        publish: async (signal: SignalPayload) => {
          signals.push(signal);
        },
      }),
    }),
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({
        send: async (options: NotificationSendOptions) => {
          notifications.push(options);
        },
      }),
    }),
  ];
  let sim: KubeSim;
  let dyploma: Dyploma;

  const control = (path: string) =>
    fetch(`${sim.controlUrl}/control/v1${path}`, { method: 'POST' });

  const get = (path: string, authorization = OWNER) =>
    request(dyploma.server).get(path).set('Authorization', authorization);

  async function order(service: string, body: object, as = OWNER) {
    const res = await request(dyploma.server)
      .post(`${service}/orders`)
      .set('Authorization', as)
      .send(body);
    if (res.status !== 201) throw new Error(`order refused: ${res.text}`);
    return eventually(async () => {
      const now = await get(`/api/dyploma/orders/${res.body.id}`);
      return !['pending', 'running'].includes(now.body.status) && now.body;
    }, `order ${res.body.id}`);
  }

  async function status(service = PAYMENTS): Promise<ServiceStatus> {
    return (await get(service)).body;
  }

  /** Running, ready pods of a service per cluster, as the status route shows them. */
  async function readyPods(environment: string, service = PAYMENTS) {
    return (await status(service)).live
      .filter(l => l.environment === environment)
      .flatMap(l =>
        l.pods
          .filter(p => p.ready && p.phase === 'Running')
          .map(p => ({ cluster: l.cluster, pod: p.name })),
      );
  }

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1', 'dc2', 'stg1'],
      port: 0,
      timeScale: 20,
      nodes: { count: 2 },
    });
    const [[databaseId]] = databases.eachSupportedId();
    dyploma = await startDyploma(databases, databaseId, {
      features: recorders,
      config: {
        dyploma: {
          worker: { enabled: true, leaseSeconds: 30 },
          clusters: sim.clusters.map(c => ({
            name: c.name,
            datacenter: c.name === 'stg1' ? 'dc1' : c.name,
            url: c.url,
            serviceAccountToken: c.token,
            caData: c.caData,
          })),
          environments: {
            production: { clusters: ['dc1', 'dc2'] },
            staging: {
              clusters: ['stg1'],
              requireReason: false,
              autoRollback: false,
            },
          },
        },
      },
    });
    const deployed = await Promise.all([
      order(PAYMENTS, {
        kind: 'deploy',
        environment: 'production',
        version: '1.0.0',
        replicas: 2,
        reason: 'first',
      }),
      order(
        LEDGER,
        {
          kind: 'deploy',
          environment: 'production',
          version: '3.0.0',
          replicas: 2,
          reason: 'first',
        },
        ADMIN,
      ),
      // Crash-looping from the start, so a previous container's log exists.
      order(PAYMENTS, {
        kind: 'deploy',
        environment: 'staging',
        version: '2.0.0-crashloop',
        replicas: 1,
      }),
    ]);
    const statuses = deployed.map(o => o.status).join(', ');
    if (statuses !== 'succeeded, succeeded, failed') {
      throw new Error(`the set-up orders ended ${statuses}`);
    }
    await eventually(
      async () => (await readyPods('production')).length === 2,
      'two ready payments pods',
    );
  });

  afterAll(async () => {
    await dyploma?.server.stop?.();
    await sim?.stop();
  });

  it('signalled every order’s changes on its service’s channel and told the owners of the failed one', async () => {
    // The owners are told just after the order's end is stored (and seen by the poll).
    await eventually(() => notifications.length > 0, 'the notification');
    const payments = signals.filter(
      x => x.channel === 'dyploma:service:default/payments',
    );
    const ledger = signals.filter(
      x => x.channel === 'dyploma:service:default/ledger',
    );
    expect(ledger.length).toBeGreaterThan(0);
    expect(new Set(signals.map(x => JSON.stringify(x.recipients)))).toEqual(
      new Set([JSON.stringify({ type: 'broadcast' })]),
    );
    // Each order's last signal is its end; progress came per cluster before it.
    const byOrder = new Map<string, Array<Record<string, unknown>>>();
    for (const { message } of payments) {
      const id = message.orderId as string;
      byOrder.set(id, [...(byOrder.get(id) ?? []), message]);
    }
    const ends = [...byOrder.values()].map(m => m[m.length - 1]);
    expect(ends.map(m => [m.environment, m.status]).sort()).toEqual([
      ['production', 'succeeded'],
      ['staging', 'failed'],
    ]);
    // Progress per cluster is signalled too. Signals are throttled per service, not per
    // order (the page refetches the whole service), so with two orders of payments
    // running at once, which cluster's progress survives a 250 ms window varies.
    expect(payments.map(x => x.message)).toContainEqual(
      expect.objectContaining({
        status: 'running',
        cluster: expect.stringMatching(/^(dc[123]|stg1)$/),
      }),
    );

    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'group:default/team-payments' },
      payload: {
        title: 'Deploy of payments 2.0.0-crashloop in staging failed',
        description: expect.stringMatching(/^stg1: .*CrashLoopBackOff/),
        link: '/catalog/default/component/payments/deploy',
        severity: 'high',
      },
    });
  });

  describe('logs', () => {
    it('returns the last lines of a pod’s log as text, the cluster found from the pod', async () => {
      const [{ pod }] = await readyPods('production');
      const res = await get(
        `${PAYMENTS}/environments/production/logs?pod=${pod}&tailLines=2`,
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      const lines = res.text
        .trim()
        .split('\n')
        .map(l => JSON.parse(l));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ pod, level: 'info' });
      expect(lines[1].seq).toBe(lines[0].seq + 1);
    });

    it('returns the previous container’s log of a crash-looping pod, ending with its crash', async () => {
      const crashed = await eventually(async () => {
        const live = (await status()).live.find(l => l.cluster === 'stg1');
        return live?.pods.find(p => p.restarts > 0);
      }, 'a restarted staging pod');
      const res = await get(
        `${PAYMENTS}/environments/staging/logs?pod=${crashed.name}&previous=true&tailLines=1`,
      );
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text.trim())).toMatchObject({
        level: 'error',
        msg: expect.stringMatching(/^fatal/),
        pod: crashed.name,
      });
    });

    it('streams a followed log until the caller leaves, then closes the request to the cluster', async () => {
      const [{ pod, cluster }] = await readyPods('production');
      const open = () => sim.cluster(cluster).watches.size;
      const before = open();
      const { port } = (
        dyploma.server as unknown as http.Server
      ).address() as AddressInfo;
      const received: string[] = [];
      const req = http.get({
        host: '127.0.0.1',
        port,
        path: `/api/dyploma/services/default/payments/environments/production/logs?pod=${pod}&follow=true&tailLines=1`,
        headers: { Authorization: OWNER },
      });
      const response = await new Promise<http.IncomingMessage>(resolve =>
        req.on('response', resolve),
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(
        'text/plain; charset=utf-8',
      );
      // The real backend gzips responses a browser accepts so (this test backend does
      // not); its compression middleware leaves a no-transform response alone, which is
      // what lets a followed log reach the browser line by line.
      expect(response.headers['cache-control']).toBe('no-store, no-transform');
      response.setEncoding('utf8');
      response.on('data', chunk => received.push(chunk));
      // One line a simulated 5 s: at 20× a new line comes every 250 ms while we listen.
      const lines = () => received.join('').split('\n').filter(Boolean);
      await eventually(() => lines().length >= 3, 'three streamed lines');
      const seqs = lines().map(l => JSON.parse(l).seq);
      expect(seqs.slice(1)).toEqual(
        seqs.slice(0, -1).map((s: number) => s + 1),
      );
      expect(open()).toBe(before + 1);

      req.destroy();
      await eventually(() => open() === before, 'the upstream follow to close');
    });

    it('answers 404 for a pod of another service, or one that does not exist', async () => {
      const [{ pod: ledgerPod }] = await readyPods('production', LEDGER);
      const res = await get(
        `${PAYMENTS}/environments/production/logs?pod=${ledgerPod}`,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        `no pod ${ledgerPod} of component:default/payments in production`,
      );
      // The same pod through its own service is readable.
      expect(
        (
          await get(
            `${LEDGER}/environments/production/logs?pod=${ledgerPod}&tailLines=1`,
          )
        ).status,
      ).toBe(200);
      // A payments pod asked for in the wrong environment is not found either.
      const [{ pod }] = await readyPods('production');
      expect(
        (await get(`${PAYMENTS}/environments/staging/logs?pod=${pod}`)).status,
      ).toBe(404);
    });

    it('answers 400 naming the parameter for bad query values, before any cluster is asked', async () => {
      const [{ pod }] = await readyPods('production');
      const base = `${PAYMENTS}/environments/production/logs`;
      const cases: Array<[string, RegExp]> = [
        ['', /^pod: required/],
        ['?pod=Not_A_Pod', /^pod: expected a pod name/],
        [
          `?pod=${pod}&follow=yes`,
          /^follow: expected true or false, got "yes"/,
        ],
        [
          `?pod=${pod}&previous=1`,
          /^previous: expected true or false, got "1"/,
        ],
        [
          `?pod=${pod}&tailLines=0`,
          /^tailLines: expected a whole number from 1 to 100000, got "0"/,
        ],
        [`?pod=${pod}&tailLines=ten`, /^tailLines: expected a whole number/],
        [
          `?pod=${pod}&follow=true&previous=true`,
          /^follow: a previous container has ended/,
        ],
        [
          `?pod=${pod}&cluster=stg1`,
          /^cluster: expected one of the clusters of production \(dc1, dc2\), got "stg1"/,
        ],
        [
          `?pod=${pod}&container=sidecar`,
          /^container: expected one of the containers of pod .* \(payments\), got "sidecar"/,
        ],
        [`?pod=${pod}&pod=${pod}`, /^pod: expected one value, got a list/],
        [
          `?pod=${pod}&previous=true`,
          /^previous: container payments of pod .* has not restarted/,
        ],
      ];
      const counted = () =>
        ['dc1', 'dc2'].reduce(
          (n, c) => n + sim.cluster(c).requests.get('get', 'pods', 'log'),
          0,
        );
      const logCalls = counted();
      for (const [query, message] of cases) {
        const res = await get(`${base}${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.error.message).toMatch(message);
      }
      expect(counted()).toBe(logCalls);
      expect(
        (await get(`${base}?pod=${pod}`, 'Bearer mock-none-token')).status,
      ).toBe(401);
    });

    it('answers 503 naming the cluster when the pod’s cluster is down, before and after the caches notice', async () => {
      const pods = await readyPods('production');
      const inDc2 = pods.find(p => p.cluster === 'dc2')!;
      const path = `${PAYMENTS}/environments/production/logs?pod=${inDc2.pod}&tailLines=1`;
      await control('/clusters/dc2/down');
      try {
        // At once: the caches still think dc2 is up, the log request finds it is not.
        const first = await get(path);
        expect(first.status).toBe(503);
        expect(first.body.error.message).toMatch(/^cluster dc2 .*unreachable/);
        await eventually(
          async () =>
            (await status()).live.find(l => l.cluster === 'dc2')?.health ===
            'down',
          'the fleet cache to see dc2 down',
        );
        const later = await get(path);
        expect(later.status).toBe(503);
        expect(later.body.error.message).toMatch(
          /^cluster dc2 \(dc2\) is unreachable since .*; logs are read from the cluster itself/,
        );
        // The pod in dc1 is still readable.
        const inDc1 = pods.find(p => p.cluster === 'dc1')!;
        expect(
          (
            await get(
              `${PAYMENTS}/environments/production/logs?pod=${inDc1.pod}&tailLines=1`,
            )
          ).status,
        ).toBe(200);
      } finally {
        await control('/clusters/dc2/up');
        await eventually(
          async () =>
            (await status()).live.find(l => l.cluster === 'dc2')?.health ===
            'connected',
          'the fleet cache to see dc2 back',
        );
      }
    });
  });

  describe('events', () => {
    const nonCacheCalls = () =>
      ['dc1', 'dc2', 'stg1'].flatMap(c =>
        sim
          .cluster(c)
          .requests.list()
          // The caches' own watches and the metrics poll run whatever the API is asked.
          .filter(r => r.verb !== 'watch' && r.group !== 'metrics.k8s.io')
          .map(r => `${c}: ${r.verb} ${r.resource}`),
      );

    it('lists the events of the service’s Deployment, ReplicaSets and Pods per cluster, newest first, with no Kubernetes call', async () => {
      await eventually(async () => {
        const res = await get(`${PAYMENTS}/environments/production/events`);
        const kinds = new Set(
          (res.body as ServiceEventList).items.map(e => e.involvedObject.kind),
        );
        return (
          kinds.has('Deployment') && kinds.has('ReplicaSet') && kinds.has('Pod')
        );
      }, 'events about the Deployment, ReplicaSet and Pods');

      for (const c of ['dc1', 'dc2', 'stg1']) sim.cluster(c).requests.reset();
      const res = await get(`${PAYMENTS}/environments/production/events`);
      expect(nonCacheCalls()).toEqual([]);

      expect(res.status).toBe(200);
      const list = res.body as ServiceEventList;
      expect(list.clusters).toEqual([
        expect.objectContaining({
          cluster: 'dc1',
          datacenter: 'dc1',
          health: 'connected',
        }),
        expect.objectContaining({
          cluster: 'dc2',
          datacenter: 'dc2',
          health: 'connected',
        }),
      ]);
      expect(new Set(list.items.map(e => e.cluster))).toEqual(
        new Set(['dc1', 'dc2']),
      );
      const times = list.items.map(e => Date.parse(e.lastTimestamp!));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // Nothing about ledger, whose objects live beside payments' in the same clusters.
      expect(
        list.items.filter(e => e.involvedObject.name.startsWith('ledger')),
      ).toEqual([]);
      const scaling = list.items.find(e => e.reason === 'ScalingReplicaSet');
      expect(scaling).toMatchObject({
        type: 'Normal',
        namespace: 'payments',
        involvedObject: { kind: 'Deployment', name: 'payments' },
        count: expect.any(Number),
        firstTimestamp: expect.any(String),
        message: expect.stringMatching(/^Scaled up replica set payments-/),
      });
      expect(list.total).toBe(list.items.length);
    });

    it('filters by type, reason and cluster, and limits the list', async () => {
      const warnings = await eventually(async () => {
        const res = await get(
          `${PAYMENTS}/environments/staging/events?type=Warning`,
        );
        return res.body.items.length > 0 && (res.body as ServiceEventList);
      }, 'warnings about the crash-looping pod');
      expect(new Set(warnings.items.map(e => e.type))).toEqual(
        new Set(['Warning']),
      );
      expect(warnings.items.map(e => e.reason)).toContain('BackOff');

      const scaled = await get(
        `${PAYMENTS}/environments/production/events?reason=scalingreplicaset&cluster=dc2`,
      );
      expect(scaled.status).toBe(200);
      expect(scaled.body.items.length).toBeGreaterThan(0);
      for (const e of scaled.body.items) {
        expect(e).toMatchObject({
          reason: 'ScalingReplicaSet',
          cluster: 'dc2',
        });
      }
      const one = await get(
        `${PAYMENTS}/environments/production/events?limit=1`,
      );
      expect(one.body.items).toHaveLength(1);
      expect(one.body.total).toBeGreaterThan(1);
    });

    it('answers 400 for bad filters and keeps a down cluster’s last known events', async () => {
      const base = `${PAYMENTS}/environments/production/events`;
      for (const [query, message] of [
        ['?type=Error', /^type: expected Normal or Warning, got "Error"/],
        ['?reason=not%20a%20reason', /^reason: expected an event reason/],
        ['?limit=0', /^limit: expected a whole number from 1 to 1000/],
        [
          '?cluster=stg1',
          /^cluster: expected one of the clusters of production/,
        ],
      ] as Array<[string, RegExp]>) {
        const res = await get(`${base}${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }

      const before = (await get(`${base}?cluster=dc1`))
        .body as ServiceEventList;
      await control('/clusters/dc1/down');
      try {
        const after = await eventually(async () => {
          const res = await get(`${base}?cluster=dc1`);
          return (
            res.body.clusters[0].health === 'down' &&
            (res.body as ServiceEventList)
          );
        }, 'dc1 seen down');
        expect(after.items.length).toBeGreaterThanOrEqual(before.items.length);
        expect(after.clusters[0].lastSeen).toEqual(expect.any(String));
      } finally {
        await control('/clusters/dc1/up');
      }
    });
  });
});
