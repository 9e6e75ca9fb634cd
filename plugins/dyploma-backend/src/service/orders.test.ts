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
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
  CA_DATA,
  CLUSTER_TOKENS,
  Dyploma,
  finishOrder,
  seedRelease,
  startDyploma,
  USERS,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const SERVICE = '/api/dyploma/services/default/payments';
const OWNER = mockCredentials.user.header(USERS.owner);

const databases = createStoreTestDatabases();

describe.each(databases.eachSupportedId())('orders on %p', databaseId => {
  let dyploma: Dyploma;
  /** Every response body of this suite, for the secrets check at the end. */
  const responses: string[] = [];

  function post(path: string, body?: object, authorization = OWNER) {
    const req = request(dyploma.server)
      .post(path)
      .set('Authorization', authorization);
    return (body ? req.send(body) : req).then(res => {
      responses.push(res.text);
      return res;
    });
  }

  function get(path: string, authorization = OWNER) {
    return request(dyploma.server)
      .get(path)
      .set('Authorization', authorization)
      .then(res => {
        responses.push(res.text);
        return res;
      });
  }

  beforeAll(async () => {
    dyploma = await startDyploma(databases, databaseId);
  });

  it('stores a deploy for the environment’s clusters and shows it with its history', async () => {
    const res = await post(`${SERVICE}/orders`, {
      kind: 'deploy',
      environment: 'production',
      version: '1.4.2',
      replicas: 9,
      reason: 'ship the refund fix',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      service: 'component:default/payments',
      environment: 'production',
      kind: 'deploy',
      params: { version: '1.4.2', replicas: 9 },
      author: USERS.owner,
      reason: 'ship the refund fix',
      status: 'pending',
      targets: [
        { cluster: 'dc1', status: 'pending' },
        { cluster: 'dc2', status: 'pending' },
        { cluster: 'dc3', status: 'pending' },
      ],
    });
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();

    const one = await get(`/api/dyploma/orders/${res.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: res.body.id,
      events: [
        { status: 'pending', message: `deploy ordered by ${USERS.owner}` },
      ],
    });

    await finishOrder(dyploma, res.body.id, 'succeeded');
  });

  it('answers a second active order with 409 carrying the active order', async () => {
    const first = await post(`${SERVICE}/orders`, {
      kind: 'deploy',
      environment: 'staging',
      version: '1.5.0',
    });
    expect(first.status).toBe(201);
    const second = await post(`${SERVICE}/orders`, {
      kind: 'deploy',
      environment: 'staging',
      version: '1.5.1',
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      error: { name: 'ConflictError' },
      response: { statusCode: 409 },
      activeOrder: {
        id: first.body.id,
        kind: 'deploy',
        status: 'pending',
        params: { version: '1.5.0' },
      },
    });
    expect(second.body.error.message).toContain(
      'wait for it to finish or cancel it',
    );

    const cancelled = await post(`/api/dyploma/orders/${first.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await post(`/api/dyploma/orders/${first.body.id}/cancel`);
    expect(again.status).toBe(409);
  });

  it('stores one order for the same idempotency key sent twice', async () => {
    const body = {
      kind: 'deploy',
      environment: 'staging',
      version: '1.6.0',
      idempotencyKey: 'ci-run-4711',
    };
    const first = await post(`${SERVICE}/orders`, body);
    const second = await post(`${SERVICE}/orders`, body);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
    const list = await get(`${SERVICE}/orders?environment=staging`);
    expect(
      list.body.items.filter(
        (o: { idempotencyKey?: string }) => o.idempotencyKey === 'ci-run-4711',
      ),
    ).toHaveLength(1);

    // The same key for a different order is a mistake, not a replay.
    const other = await post(`${SERVICE}/orders`, {
      ...body,
      version: '1.7.0',
    });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain(
      'idempotencyKey "ci-run-4711" was already used',
    );
    await post(`/api/dyploma/orders/${first.body.id}/cancel`);
  });

  it('requires a reason in production, not in staging', async () => {
    const noReason = await post(`${SERVICE}/orders`, {
      kind: 'deploy',
      environment: 'production',
      version: '1.4.3',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.problems).toEqual([
      expect.objectContaining({
        path: 'reason',
        message: expect.stringContaining(
          'reason: required: orders in production must say why',
        ),
      }),
    ]);
    const staging = await post(`${SERVICE}/orders`, {
      kind: 'deploy',
      environment: 'staging',
      version: '1.4.3',
    });
    expect(staging.status).toBe(201);
    await post(`/api/dyploma/orders/${staging.body.id}/cancel`);
  });

  it('rolls back to the previous release by default', async () => {
    await seedRelease(dyploma, 'payments', 'production', '1.4.1');
    await seedRelease(dyploma, 'payments', 'production', '1.4.2');
    const res = await post(`${SERVICE}/orders`, {
      kind: 'rollback',
      environment: 'production',
      reason: '1.4.2 leaks memory',
    });
    expect(res.status).toBe(201);
    expect(res.body.params).toEqual({ toRevision: 1 });
    await post(`/api/dyploma/orders/${res.body.id}/cancel`);
  });

  it('pages orders, newest first, filtered by environment', async () => {
    const all = await get(`${SERVICE}/orders?limit=2`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ limit: 2, offset: 0 });
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(5);
    const next = await get(`${SERVICE}/orders?limit=2&offset=2`);
    expect(next.body.items[0].id).not.toBe(all.body.items[0].id);
    const production = await get(`${SERVICE}/orders?environment=production`);
    expect(
      production.body.items.every(
        (o: { environment: string }) => o.environment === 'production',
      ),
    ).toBe(true);
  });

  it('shows the status: effective model, release and clusters per environment', async () => {
    const res = await get(SERVICE);
    expect(res.status).toBe(200);
    const production = res.body.environments.find(
      (e: { name: string }) => e.name === 'production',
    );
    expect(res.body).toMatchObject({
      service: {
        ref: 'component:default/payments',
        owner: 'group:default/team-payments',
      },
      // The clusters of these tests do not exist: each is listed, still connecting,
      // with no pods, rather than left out or failing the page.
      live: [
        ['dc1', 'production', 'payments'],
        ['dc2', 'production', 'payments'],
        ['dc3', 'production', 'payments'],
        ['stg1', 'staging', 'payments'],
      ].map(([cluster, environment, namespace]) => ({
        cluster,
        environment,
        namespace,
        health: 'connecting',
        pods: [],
      })),
    });
    expect(production).toMatchObject({
      namespace: 'payments',
      requireReason: true,
      clusters: [
        { name: 'dc1', datacenter: 'dc1', weight: 1 },
        { name: 'dc2', datacenter: 'dc2', weight: 1 },
        { name: 'dc3', datacenter: 'dc3', weight: 2 },
      ],
      release: { revision: 2, spec: { version: '1.4.2' } },
      effective: {
        model: { image: 'registry.example.com/payments' },
        provenance: expect.any(Object),
      },
    });
    const broken = await get('/api/dyploma/services/default/broken');
    expect(broken.status).toBe(200);
    expect(broken.body.problems[0].path).toBe('spec.dyploma.replicas');
  });

  it('lists, shows and diffs releases', async () => {
    const base = `${SERVICE}/environments/production/releases`;
    const list = await get(`${base}?limit=1`);
    expect(list.body).toMatchObject({
      items: [{ revision: 2 }],
      nextBefore: 2,
    });
    expect((await get(`${base}?before=2`)).body.items).toMatchObject([
      { revision: 1 },
    ]);
    expect((await get(`${base}/1`)).body).toMatchObject({
      revision: 1,
      spec: { version: '1.4.1' },
    });
    expect((await get(`${base}/9`)).status).toBe(404);
    const diff = await get(`${base}/1/diff/2`);
    expect(diff.body).toEqual({
      service: 'component:default/payments',
      environment: 'production',
      from: 1,
      to: 2,
      changes: [{ path: 'version', from: '1.4.1', to: '1.4.2' }],
    });
  });

  it('checks access to logs and events first (their behaviour is in pods.test.ts)', async () => {
    const base = `${SERVICE}/environments/production`;
    // No pod in these unreachable clusters' caches: nothing to read logs from.
    expect((await get(`${base}/logs?pod=payments-1`)).status).toBe(404);
    expect((await get(`${base}/events`)).body).toMatchObject({ items: [] });
    expect((await get(`${SERVICE}/environments/nope/events`)).status).toBe(400);
    expect(
      (await get(`${base}/logs`, mockCredentials.none.header())).status,
    ).toBe(401);
    expect(
      (
        await get(
          '/api/dyploma/services/default/nope/environments/production/events',
        )
      ).status,
    ).toBe(404);
  });

  it('audits every mutation: who, what and the outcome', async () => {
    const created = dyploma.audit.filter(
      e => e.eventId === 'order-create' && e.status === 'succeeded',
    );
    expect(created[0]).toMatchObject({
      plugin: 'dyploma',
      severityLevel: 'medium',
      actor: { actorId: USERS.owner },
      request: {
        method: 'POST',
        url: '/api/dyploma/services/default/payments/orders',
      },
      meta: {
        service: 'component:default/payments',
        kind: 'deploy',
        environment: 'production',
        created: true,
      },
    });
    const failed = dyploma.audit.find(
      e => e.eventId === 'order-create' && e.status === 'failed',
    );
    expect(failed).toMatchObject({ error: expect.anything() });
    for (const eventId of ['order-cancel']) {
      expect(
        dyploma.audit.some(
          e => e.eventId === eventId && e.status === 'succeeded',
        ),
      ).toBe(true);
    }
  });

  it('never shows a configured token in a response or an audit record', async () => {
    const captured = [...responses, JSON.stringify(dyploma.audit)].join('\n');
    expect(responses.length).toBeGreaterThan(20);
    expect(dyploma.audit.length).toBeGreaterThan(10);
    for (const secret of [...CLUSTER_TOKENS, CA_DATA]) {
      expect(captured).not.toContain(secret);
    }
  });
});
