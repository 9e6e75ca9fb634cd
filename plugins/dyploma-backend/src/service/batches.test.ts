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
import { Batch, BatchPreview } from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import { DatabaseBatchStore } from '../batch/DatabaseBatchStore';
import {
  Dyploma,
  finishOrder,
  seedRelease,
  startDyploma,
  USERS,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const BATCHES = '/api/dyploma/batches';
const REFS = [
  'component:default/payments',
  'component:default/ledger',
  'component:default/broken',
];

describe.each(createStoreTestDatabases().eachSupportedId())(
  'batches (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let dyploma: Dyploma;

    beforeEach(async () => {
      dyploma = await startDyploma(databases, databaseId);
      // payments runs 3 replicas in production (1 per cluster by weight 1:1:2 → 1, 1, 1... see
      // the placement below), ledger 4; broken has an invalid model.
      await seedRelease(dyploma, 'payments', 'production', '1.0.0', 3);
      await seedRelease(dyploma, 'ledger', 'production', '2.0.0', 4);
    });

    const post = (path: string, user: string, body: unknown) =>
      request(dyploma.server)
        .post(`${BATCHES}${path}`)
        .set('Authorization', mockCredentials.user.header(user))
        .send(body as object);
    const get = (path: string, user = USERS.owner) =>
      request(dyploma.server)
        .get(`${BATCHES}${path}`)
        .set('Authorization', mockCredentials.user.header(user));

    it('previews exactly what a scale ×2 changes per cluster, and writes nothing', async () => {
      const res = await post('/preview', USERS.owner, {
        environment: 'production',
        action: { kind: 'scale', factor: 2 },
        select: { refs: REFS },
        reason: 'peak',
      });
      expect(res.status).toBe(200);
      const preview = res.body as BatchPreview;
      expect(preview.summary).toEqual({
        total: 3,
        change: 1,
        'no-change': 0,
        forbidden: 1,
        invalid: 1,
      });
      const [payments, ledger, broken] = preview.items;
      // Weights dc1 1, dc2 1, dc3 2: 3 replicas → 1/1/1 (remainder to dc3? no: ⌊w·R/Σw⌋ then
      // the largest fractions), 6 replicas → 2/1/3 or similar; the test reads the texts.
      expect(payments).toMatchObject({
        service: 'component:default/payments',
        outcome: 'change',
        order: { kind: 'scale', environment: 'production', replicas: 6 },
      });
      expect(payments.changes.map(c => c.text).join('; ')).toMatch(
        /replicas \d → \d in dc\d/,
      );
      const total = (key: 'from' | 'to') =>
        payments.changes.reduce((n, c) => n + Number(c[key]), 0);
      // Every cluster that changes is listed; together they double the service.
      expect(total('to') - total('from')).toBe(3);
      expect(ledger).toMatchObject({
        outcome: 'forbidden',
        message: expect.stringContaining(
          'may not scale component:default/ledger (permission dyploma.service.scale)',
        ),
      });
      expect(broken).toMatchObject({
        outcome: 'invalid',
        message: expect.stringContaining('is not valid'),
      });
      expect(preview.wouldRefuse).toBe(false);
      expect(await dyploma.countOrders()).toBe(0);
    });

    it('skips what the user may not touch and orders the rest, each its own order', async () => {
      const res = await post('', USERS.owner, {
        environment: 'production',
        action: { kind: 'restart' },
        select: { refs: ['payments', 'ledger'] },
        reason: 'new CA bundle',
      });
      expect(res.status).toBe(201);
      const batch = res.body as Batch;
      expect(batch.summary).toMatchObject({ total: 2, skipped: 1, active: 1 });
      expect(batch.status).toBe('running');
      const [payments, ledger] = batch.items!;
      expect(payments).toMatchObject({
        service: 'component:default/payments',
        status: 'pending',
        attempt: 1,
        orderId: expect.any(String),
      });
      expect(ledger).toMatchObject({ status: 'skipped', errorStatus: 403 });
      const order = await dyploma.orders.get(payments.orderId!);
      expect(order).toMatchObject({
        kind: 'restart',
        author: USERS.owner,
        reason: 'new CA bundle',
        idempotencyKey: `batch:${batch.id}:1`,
      });
      expect(await dyploma.countOrders()).toBe(1);
      // Each item's order is audited like a single order, with the batch named.
      const created = dyploma.audit.filter(
        e => e.eventId === 'order-create' && e.status === 'succeeded',
      );
      expect(created).toHaveLength(1);
      expect(JSON.stringify(created[0])).toContain(batch.id);
    });

    it('refuses the whole batch with 403 and stores nothing when asked to refuse', async () => {
      const res = await post('', USERS.owner, {
        environment: 'production',
        action: { kind: 'disable' },
        select: { refs: ['payments', 'ledger'] },
        reason: 'cleanup',
        onForbidden: 'refuse',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('component:default/ledger');
      expect(await dyploma.countOrders()).toBe(0);
      expect((await get('')).body).toMatchObject({ items: [], total: 0 });
    });

    it('keeps going when one item fails, and sums up at the end', async () => {
      const res = await post('', USERS.admin, {
        environment: 'production',
        action: { kind: 'restart' },
        select: { refs: REFS },
        reason: 'kernel patch',
      });
      expect(res.status).toBe(201);
      const batch = res.body as Batch;
      expect(batch.items!.map(i => [i.service, i.status])).toEqual([
        ['component:default/payments', 'pending'],
        ['component:default/ledger', 'pending'],
        ['component:default/broken', 'refused'],
      ]);
      expect(batch.items![2].errorStatus).toBe(400);

      // The worker finishes payments; ledger fails in dc2.
      await finishOrder(dyploma, batch.items![0].orderId!, 'succeeded');
      await finishOrder(dyploma, batch.items![1].orderId!, 'partially-failed', [
        'dc2',
      ]);
      const done = (await get(`/${batch.id}`)).body as Batch;
      expect(done.status).toBe('partially-failed');
      expect(done.summary).toEqual({
        total: 3,
        skipped: 0,
        notStarted: 0,
        refused: 1,
        active: 0,
        succeeded: 1,
        failed: 1,
      });
      expect(done.finishedAt).toEqual(expect.any(String));
      expect(
        done.items![1].targets!.find(t => t.cluster === 'dc2'),
      ).toMatchObject({ status: 'failed' });

      // The list shows the batch with its summary, newest first.
      const list = (await get('?limit=5')).body;
      expect(list).toMatchObject({ total: 1, limit: 5, offset: 0 });
      expect(list.items[0]).toMatchObject({
        id: batch.id,
        status: 'partially-failed',
      });
      expect(list.items[0].items).toBeUndefined();
    });

    it('resumes only what failed or never started, without double orders', async () => {
      // ledger has an active order: its item is refused with 409 at first.
      const busy = await request(dyploma.server)
        .post('/api/dyploma/services/default/ledger/orders')
        .set('Authorization', mockCredentials.user.header(USERS.admin))
        .send({ kind: 'restart', environment: 'production', reason: 'x' });
      expect(busy.status).toBe(201);
      const created = (
        await post('', USERS.admin, {
          environment: 'production',
          action: { kind: 'scale', replicas: 6 },
          select: { refs: ['payments', 'ledger'] },
          reason: 'peak',
        })
      ).body as Batch;
      expect(created.items!.map(i => i.status)).toEqual(['pending', 'refused']);
      expect(created.items![1]).toMatchObject({
        errorStatus: 409,
        error: expect.stringContaining('already has an active restart order'),
      });
      await finishOrder(dyploma, busy.body.id, 'succeeded');
      const paymentsOrder = created.items![0].orderId!;
      await finishOrder(dyploma, paymentsOrder, 'succeeded');
      expect(await dyploma.countOrders()).toBe(2);

      // Two resumes at once: ledger gets exactly one new order, payments none.
      const [a, b] = await Promise.all([
        post(`/${created.id}/resume`, USERS.admin, {}),
        post(`/${created.id}/resume`, USERS.admin, {}),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(await dyploma.countOrders()).toBe(3);
      const resumed = (await get(`/${created.id}`)).body as Batch;
      expect(resumed.items![0]).toMatchObject({
        status: 'succeeded',
        orderId: paymentsOrder,
        attempt: 1,
      });
      expect(resumed.items![1]).toMatchObject({
        status: 'pending',
        attempt: 2,
      });
      const order = await dyploma.orders.get(resumed.items![1].orderId!);
      expect(order).toMatchObject({
        kind: 'scale',
        params: { replicas: 6 },
        idempotencyKey: `batch:${created.id}:2`,
      });
      expect(resumed.resumedAt).toEqual(expect.any(String));

      // Another user may not resume it without admin rights on its services.
      const stranger = await post(`/${created.id}/resume`, USERS.other, {});
      expect(stranger.status).toBe(403);
    });

    it('resumes an item that never started with its own key: an order made before a crash is found, not repeated', async () => {
      // As if the backend stopped after storing the batch and creating payments' order,
      // before recording it: the item is still pending.
      const store = new DatabaseBatchStore(dyploma.knex);
      const { batch } = await store.create(
        {
          environment: 'production',
          action: { kind: 'restart' },
          select: { refs: ['component:default/payments'] },
          onForbidden: 'skip',
          reason: 'crash test',
          author: USERS.owner,
        },
        [
          {
            serviceRef: 'component:default/payments',
            state: 'pending',
            orderKind: 'restart',
            orderRequest: { kind: 'restart', environment: 'production' },
            changes: [],
          },
        ],
      );
      const early = await request(dyploma.server)
        .post('/api/dyploma/services/default/payments/orders')
        .set('Authorization', mockCredentials.user.header(USERS.owner))
        .send({
          kind: 'restart',
          environment: 'production',
          reason: 'crash test',
          idempotencyKey: `batch:${batch.id}:1`,
        });
      expect(early.status).toBe(201);
      expect((await get(`/${batch.id}`)).body.items[0].status).toBe(
        'not-started',
      );

      const res = await post(`/${batch.id}/resume`, USERS.owner, {});
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({
        status: 'pending',
        attempt: 1,
        orderId: early.body.id,
      });
      expect(await dyploma.countOrders()).toBe(1);
    });

    it('answers the same batch for the same idempotency key, and 409 for another body', async () => {
      const body = {
        environment: 'production',
        action: { kind: 'restart' },
        select: { refs: ['payments'] },
        reason: 'retry me',
        idempotencyKey: 'cli-run-7',
      };
      const first = await post('', USERS.owner, body);
      const again = await post('', USERS.owner, body);
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body.id).toBe(first.body.id);
      expect(await dyploma.countOrders()).toBe(1);
      const other = await post('', USERS.owner, {
        ...body,
        action: { kind: 'disable' },
      });
      expect(other.status).toBe(409);
    });

    it('selects by fleet filter within the environment', async () => {
      const res = await post('/preview', USERS.admin, {
        environment: 'production',
        action: { kind: 'rollback' },
        select: { filter: { owner: 'team-payments' } },
        reason: 'bad release',
      });
      expect(res.status).toBe(200);
      // team-payments owns payments and broken (legacy has no model, so no fleet rows).
      expect(res.body.items.map((i: { service: string }) => i.service)).toEqual(
        ['component:default/broken', 'component:default/payments'],
      );
      // payments has one release only: nothing to roll back to.
      expect(res.body.items[1]).toMatchObject({
        outcome: 'invalid',
        message: expect.stringContaining('nothing to roll back to'),
      });
      const none = await post('/preview', USERS.admin, {
        environment: 'production',
        action: { kind: 'restart' },
        select: { filter: { owner: 'team-nobody' } },
        reason: 'x',
      });
      expect(none.status).toBe(400);
      expect(none.body.problems).toEqual([
        expect.objectContaining({ path: 'select' }),
      ]);
    });

    it.each([
      [{}, ['environment', 'action', 'select']],
      [
        {
          environment: 'production',
          action: { kind: 'scale', replicas: 'r12345' },
          select: { refs: ['payments'] },
          reason: 'x',
        },
        ['action.replicas'],
      ],
      [
        {
          environment: 'production',
          action: { kind: 'restart' },
          select: { refs: ['payments'], filter: {} },
          reason: 'x',
        },
        ['select'],
      ],
      [
        {
          environment: 'moon',
          action: { kind: 'restart' },
          select: { refs: ['payments'] },
        },
        ['environment'],
      ],
      [
        {
          environment: 'production',
          action: { kind: 'restart' },
          select: { refs: ['payments'] },
        },
        ['reason'],
      ],
    ])('answers 400 with field paths for %j', async (body, paths) => {
      for (const path of ['', '/preview']) {
        const res = await post(path, USERS.admin, body);
        expect(res.status).toBe(400);
        expect(
          (res.body.problems as Array<{ path: string }>).map(p => p.path),
        ).toEqual(paths);
      }
      expect(await dyploma.countOrders()).toBe(0);
    });

    it('answers 404 for an unknown batch and 401 without credentials', async () => {
      expect((await get('/00000000-0000-4000-8000-000000000000')).status).toBe(
        404,
      );
      expect((await get('/nope')).status).toBe(404);
      expect(
        (
          await request(dyploma.server)
            .get(BATCHES)
            .set('Authorization', mockCredentials.none.header())
        ).status,
      ).toBe(401);
    });
  },
);
