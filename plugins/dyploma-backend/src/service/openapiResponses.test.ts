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

import { mockCredentials } from '@backstage/backend-test-utils';
import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import { IDLE } from '../cost/types';
import { TEAM_ONLY } from './__testUtils__/catalogPolicy';
import { OpenApiValidator } from './__testUtils__/openApiValidator';
import {
  startWithCatalogPolicy,
  storeCosts,
} from './__testUtils__/policyBackend';
import { Dyploma, USERS } from './__testUtils__/testBackend';

/*
 * Real answers of the plugin's routes, checked against the response schemas of
 * src/schema/openapi.yaml, the document the CLI's and the frontend's types are generated
 * from: the route and status must be documented, the body must match the schema of its
 * content type, and an object may carry no field the document does not describe
 * (__testUtils__/openApiValidator.ts). The backend is the real plugin with its real worker
 * and fleet caches against kube-sim, so the status has live pods, orders have targets and
 * events; the catalog and policy of catalogPolicy.ts hide ledger from TEAM_ONLY, so the
 * views that leave out what the catalog hides are checked too. One database (SQLite): the
 * shapes do not depend on it, and the stores have their own tests on both.
 */
jest.setTimeout(180_000);

const ADMIN = USERS.admin;
/** A member of team-ledger: may not touch payments. */
const OTHER = USERS.other;
const PAYMENTS = '/services/default/payments';
const LEDGER = '/services/default/ledger';

async function eventually<T>(
  read: () => Promise<T | undefined | false>,
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

/** Fails with the answer's body when its status is not the one expected. */
function expectStatus(res: request.Response, status: number) {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  }
}

describe('the check of an answer against the document', () => {
  const validator = new OpenApiValidator();
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const batchPage = (select: object) => ({
    items: [
      {
        id: '00000000-0000-4000-8000-000000000000',
        environment: 'production',
        action: { kind: 'scale', factor: 2 },
        select,
        onForbidden: 'skip',
        author: 'user:default/root',
        status: 'running',
        summary: {
          total: 1,
          skipped: 0,
          notStarted: 0,
          refused: 0,
          active: 1,
          succeeded: 0,
          failed: 0,
        },
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ],
    total: 1,
    limit: 20,
    offset: 0,
  });

  it('accepts an answer as documented', () => {
    expect(
      validator.problems('GET', '/api/dyploma/batches', {
        status: 200,
        headers: json,
        body: batchPage({ refs: ['component:default/payments'] }),
      }),
    ).toEqual([]);
  });

  it('names a missing field, a field the document does not describe, a wrong value, an undocumented status or content type', () => {
    const problems = (status: number, body: unknown, headers = json) =>
      validator.problems('GET', '/api/dyploma/batches?limit=20', {
        status,
        headers,
        body,
        text: JSON.stringify(body),
      });
    const page = batchPage({ refs: [] }) as any;
    delete page.items[0].summary.failed;
    page.items[0].colour = 'blue';
    page.items[0].createdAt = 'yesterday';
    expect(problems(200, page)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "GET /batches 200: body.items[0].summary: must have required property 'failed'",
        ),
        'GET /batches 200: body.items[0]: must NOT have additional properties "colour"',
        'GET /batches 200: body.items[0].createdAt: must match format "date-time" (got "yesterday")',
      ]),
    );
    expect(
      problems(200, batchPage({ refs: [], hiddenFilter: ['q'] })),
    ).not.toEqual([]);
    expect(problems(418, {})).toEqual([
      'GET /batches answered 418, which the document does not list (200, 400, 401, 503)',
    ]);
    expect(problems(200, 'a,b', { 'content-type': 'text/csv' })).toEqual([
      'GET /batches 200 was sent as "text/csv", the document says application/json',
    ]);
    expect(
      validator.problems('DELETE', '/api/dyploma/batches', {
        status: 200,
        headers: json,
        body: {},
      }),
    ).toEqual(['DELETE /batches is not in the document']);
  });
});

describe('answers of the API match the OpenAPI document', () => {
  const databases = createStoreTestDatabases();
  const validator = new OpenApiValidator();
  let sim: KubeSim;
  let dyploma: Dyploma;
  /** What disagreed with the document in the current test. */
  let problems: string[] = [];

  type Call = { as?: string | null; body?: object };

  /** One request to `/api/dyploma<path>`, its answer checked against the document. */
  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: Call = {},
  ) {
    const url = `/api/dyploma${path}`;
    let req =
      method === 'GET'
        ? request(dyploma.server).get(url)
        : request(dyploma.server).post(url);
    const as = options.as === undefined ? ADMIN : options.as;
    req = req.set(
      'Authorization',
      as === null
        ? mockCredentials.none.header()
        : mockCredentials.user.header(as),
    );
    if (options.body) req = req.send(options.body);
    const res = await req;
    problems.push(
      ...validator.problems(method, url, {
        status: res.status,
        headers: res.headers,
        body: res.body,
        text: res.text,
      }),
    );
    return res;
  }
  const get = (path: string, as?: string | null) => call('GET', path, { as });
  const post = (path: string, body: object, as?: string) =>
    call('POST', path, { body, as });

  async function finished(id: string) {
    return eventually(async () => {
      const res = await get(`/orders/${id}`);
      return !['pending', 'running'].includes(res.body.status) && res.body;
    }, `order ${id}`);
  }

  async function order(service: string, body: object) {
    const res = await post(`${service}/orders`, body);
    if (res.status !== 201) throw new Error(`order refused: ${res.text}`);
    return finished(res.body.id);
  }

  const faults = (cluster: string, method: 'PUT' | 'DELETE', body?: object) =>
    fetch(`${sim.controlUrl}/control/v1/clusters/${cluster}/faults`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });

  let crashloopOrderId: string;

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1', 'dc2', 'stg1'],
      port: 0,
      timeScale: 20,
      nodes: { count: 2 },
    });
    const [[databaseId]] = databases.eachSupportedId();
    dyploma = await startWithCatalogPolicy(databases, databaseId, {
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
            production: { clusters: ['dc1', { name: 'dc2', weight: 2 }] },
            staging: {
              clusters: ['stg1'],
              requireReason: false,
              autoRollback: false,
            },
          },
        },
      },
    });
    const [payments, ledger, crashloop] = await Promise.all([
      order(PAYMENTS, {
        kind: 'deploy',
        environment: 'production',
        version: '1.0.0',
        replicas: 3,
        reason: 'first',
      }),
      order(LEDGER, {
        kind: 'deploy',
        environment: 'production',
        version: '3.0.0',
        replicas: 2,
        reason: 'first',
      }),
      // Crash-looping: a failed order with a message per cluster, a waiting pod.
      order(PAYMENTS, {
        kind: 'deploy',
        environment: 'staging',
        version: '2.0.0-crashloop',
        replicas: 1,
      }),
    ]);
    const statuses = [payments, ledger, crashloop].map(o => o.status);
    if (statuses.join() !== 'succeeded,succeeded,failed') {
      throw new Error(`the set-up orders ended ${statuses}`);
    }
    crashloopOrderId = crashloop.id;
    // A second release of payments in production, for the diff.
    await order(PAYMENTS, {
      kind: 'scale',
      environment: 'production',
      replicas: 4,
      reason: 'peak',
    });
    // An hour of cost: payments (team-payments), ledger (hidden from TEAM_ONLY), idle.
    await storeCosts(dyploma, [
      {
        serviceRef: 'component:default/payments',
        ownerRef: 'group:default/team-payments',
        cost: 10,
      },
      {
        serviceRef: 'component:default/ledger',
        ownerRef: 'group:default/team-ledger',
        cost: 500,
      },
      { serviceRef: IDLE, cost: 30 },
    ]);
  });

  afterAll(async () => {
    await dyploma?.server.stop?.();
    await sim?.stop();
  });

  beforeEach(() => {
    problems = [];
  });

  it('health and service status: live pods, a release, an active order, model problems; 401, 404', async () => {
    expect((await get('/health')).status).toBe(200);
    const status = await eventually(async () => {
      const res = await get(PAYMENTS);
      const pods = res.body.live?.flatMap((l: { pods: unknown[] }) => l.pods);
      return pods?.length >= 5 && res;
    }, 'payments pods in production and staging');
    expect(status.body.environments[0].release).toBeDefined();
    expect((await get('/services/default/broken')).body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'spec.dyploma.replicas' }),
      ]),
    );
    expect((await get('/services/default/legacy')).status).toBe(400);
    expect((await get('/services/default/nope')).status).toBe(404);
    expect((await get(PAYMENTS, null)).status).toBe(401);
    expect(problems).toEqual([]);
  });

  it('orders: created, answered again for the same key, listed, one with its events; 400, 403, 409', async () => {
    const body = {
      kind: 'restart',
      environment: 'production',
      reason: 'openapi',
      idempotencyKey: 'openapi-restart',
    };
    // Every call to dc1 takes a second while the restart is ordered, so it is still
    // active when the next order comes.
    await faults('dc1', 'PUT', { latencyMs: 1000 });
    const created = await post(`${PAYMENTS}/orders`, body);
    expect(created.status).toBe(201);
    expect((await post(`${PAYMENTS}/orders`, body)).status).toBe(200);
    // Another while it is active: 409 with the active order.
    const conflict = await post(`${PAYMENTS}/orders`, {
      kind: 'scale',
      environment: 'production',
      replicas: 2,
      reason: 'conflict',
    });
    expectStatus(conflict, 409);
    expect(conflict.body.activeOrder.id).toBe(created.body.id);
    await faults('dc1', 'DELETE');
    await finished(created.body.id);

    const page = await get(`${PAYMENTS}/orders?limit=50`);
    expect(page.body.items.length).toBeGreaterThanOrEqual(4);
    expect((await get(`/orders/${crashloopOrderId}`)).body.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ cluster: 'stg1' })]),
    );
    const bad = await post(`${PAYMENTS}/orders`, {
      kind: 'scale',
      environment: 'production',
      replicas: 'r12345',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.length).toBeGreaterThan(0);
    expect(
      (
        await post(
          `${PAYMENTS}/orders`,
          { kind: 'restart', environment: 'production', reason: 'x' },
          OTHER,
        )
      ).status,
    ).toBe(403);
    expect((await post(`/orders/${created.body.id}/cancel`, {})).status).toBe(
      409,
    );
    expect((await get(`/orders/${crypto.randomUUID()}`)).status).toBe(404);
    // Run the failed staging order again: pending again (it fails again, later).
    expect((await post(`/orders/${crashloopOrderId}/retry`, {})).status).toBe(
      200,
    );
    expect(problems).toEqual([]);
  });

  it('releases: a page, one, a diff; events and a pod log', async () => {
    const releases = `${PAYMENTS}/environments/production/releases`;
    const page = await get(`${releases}?limit=1`);
    expect(page.body.nextBefore).toBeDefined();
    expect((await get(`${releases}/1`)).status).toBe(200);
    expect(
      (await get(`${releases}/1/diff/2`)).body.changes.length,
    ).toBeGreaterThan(0);
    expect((await get(`${releases}/99`)).status).toBe(404);
    const events = await get(`${PAYMENTS}/environments/production/events`);
    expect(events.body.items.length).toBeGreaterThan(0);
    const status = await get(PAYMENTS);
    const live = status.body.live.find(
      (l: { environment: string; pods: unknown[] }) =>
        l.environment === 'production' && l.pods.length,
    );
    const log = await get(
      `${PAYMENTS}/environments/production/logs?pod=${live.pods[0].name}&cluster=${live.cluster}&tailLines=2`,
    );
    expect(log.status).toBe(200);
    expect(problems).toEqual([]);
  });

  it('fleet: rows, facets, clusters and environments, for a caller the catalog shows everything or less; 400', async () => {
    const all = await get('/fleet?sort=cost&order=desc&limit=100');
    expect(all.body.items.length).toBeGreaterThan(0);
    const team = await get('/fleet?environment=production', TEAM_ONLY);
    expect(team.body.total).toBeGreaterThan(0);
    expect((await get('/fleet?status=sideways')).status).toBe(400);
    expect(problems).toEqual([]);
  });

  it('batches: preview, create, again for the same key, one, list, resume, as its author and as callers shown less; 400, 403', async () => {
    const refs = {
      environment: 'production',
      action: { kind: 'scale', factor: 1 },
      select: {
        refs: [
          'component:default/payments',
          'component:default/ledger',
          'component:default/legacy',
        ],
      },
      reason: 'openapi',
    };
    const preview = await post('/batches/preview', refs);
    expect(preview.status).toBe(200);
    expect(
      preview.body.items.map((i: { outcome: string }) => i.outcome).sort(),
    ).toEqual(['invalid', 'no-change', 'no-change']);
    const forbidden = await post('/batches/preview', refs, OTHER);
    expect(
      forbidden.body.items.map((i: { outcome: string }) => i.outcome),
    ).toContain('forbidden');
    const keyed = { ...refs, idempotencyKey: 'openapi-batch' };
    const created = await post('/batches', keyed);
    expect(created.status).toBe(201);
    expect((await post('/batches', keyed)).status).toBe(200);
    const id = created.body.id;
    expect((await get(`/batches/${id}`)).body.items.length).toBe(3);
    // TEAM_ONLY may not see ledger: left out, counted in hiddenRefs.
    expect(
      (await get(`/batches/${id}`, TEAM_ONLY)).body.select.hiddenRefs,
    ).toBe(1);
    // A filter that names what TEAM_ONLY may not see: shown without it.
    const byFilter = await post('/batches', {
      environment: 'production',
      action: { kind: 'scale', factor: 1 },
      select: { filter: { owner: ['group:default/team-ledger'], q: 'ledger' } },
      reason: 'openapi',
    });
    expectStatus(byFilter, 201);
    expect(
      (await get(`/batches/${byFilter.body.id}`, TEAM_ONLY)).body.select
        .hiddenFilter,
    ).toBeDefined();
    expect((await get('/batches?limit=10')).body.items.length).toBe(2);
    expect((await get('/batches', TEAM_ONLY)).status).toBe(200);
    expect((await post(`/batches/${id}/resume`, {})).status).toBe(200);
    expect((await post(`/batches/${id}/resume`, {}, OTHER)).status).toBe(403);
    expect(
      (await post('/batches/preview', { ...refs, environment: 'nowhere' }))
        .status,
    ).toBe(400);
    expect((await get(`/batches/${crypto.randomUUID()}`)).status).toBe(404);
    expect(problems).toEqual([]);
  });

  it('cost: a service, owners, one owner, reports as JSON and CSV, over-provisioned, series, with what the catalog hides on one line', async () => {
    for (const as of [ADMIN, TEAM_ONLY]) {
      const card = await get('/cost/services/default/payments?window=24h', as);
      expect(card.body.cost).toBe(10);
      await get('/cost/owners?window=7d', as);
      await get('/cost/owners/default/team-payments', as);
      await get('/cost/report?groupBy=service&window=24h', as);
      await get('/cost/report?groupBy=cluster&shareIdle=true', as);
      const csv = await get('/cost/report?groupBy=owner&format=csv', as);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      await get('/cost/over-provisioned?window=24h', as);
      await get('/cost/series?groupBy=owner&step=hour&window=24h', as);
    }
    const hidden = await get(
      '/cost/report?groupBy=service&window=24h',
      TEAM_ONLY,
    );
    expect(hidden.body.items).toContainEqual(
      expect.objectContaining({ key: '__not_shown__', hiddenServices: 1 }),
    );
    expect((await get('/cost/report?groupBy=colour')).status).toBe(400);
    expect(problems).toEqual([]);
  });

  it('checked the answers the CLI and the frontend read', () => {
    const needed = [
      'GET /health 200',
      'GET /services/{namespace}/{name} 200',
      'POST /services/{namespace}/{name}/orders 201',
      'POST /services/{namespace}/{name}/orders 200',
      'POST /services/{namespace}/{name}/orders 400',
      'POST /services/{namespace}/{name}/orders 409',
      'GET /services/{namespace}/{name}/orders 200',
      'GET /orders/{id} 200',
      'POST /orders/{id}/retry 200',
      'GET /services/{namespace}/{name}/environments/{environment}/releases 200',
      'GET /services/{namespace}/{name}/environments/{environment}/releases/{revision} 200',
      'GET /services/{namespace}/{name}/environments/{environment}/releases/{revision}/diff/{other} 200',
      'GET /services/{namespace}/{name}/environments/{environment}/events 200',
      'GET /services/{namespace}/{name}/environments/{environment}/logs 200',
      'GET /fleet 200',
      'POST /batches/preview 200',
      'POST /batches 201',
      'POST /batches 200',
      'GET /batches 200',
      'GET /batches/{id} 200',
      'POST /batches/{id}/resume 200',
      'POST /batches/{id}/resume 403',
      'GET /cost/services/{namespace}/{name} 200',
      'GET /cost/owners 200',
      'GET /cost/owners/{namespace}/{name} 200',
      'GET /cost/report 200',
      'GET /cost/over-provisioned 200',
      'GET /cost/series 200',
    ];
    expect(needed.filter(n => !validator.checked.has(n))).toEqual([]);
    expect(needed.filter(n => !validator.documented().includes(n))).toEqual([]);
  });
});
