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
  Dyploma,
  finishOrder,
  seedRelease,
  startDyploma,
  USERS,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const SERVICE = '/api/dyploma/services/default/payments';

type Caller = 'owner' | 'teammate' | 'other' | 'admin' | 'none';
const CALLERS: Caller[] = ['none', 'other', 'owner', 'admin'];

function auth(caller: Caller) {
  return caller === 'none'
    ? mockCredentials.none.header()
    : mockCredentials.user.header(USERS[caller]);
}

const ORDER_BODIES = {
  deploy: { kind: 'deploy', version: '1.2.0' },
  scale: { kind: 'scale', replicas: 6 },
  disable: { kind: 'disable' },
  enable: { kind: 'enable' },
  restart: { kind: 'restart' },
  rollback: { kind: 'rollback' },
};

const databases = createStoreTestDatabases();

describe.each(databases.eachSupportedId())(
  'permission matrix on %p',
  databaseId => {
    let dyploma: Dyploma;

    /** Everything an order writes: orders, their clusters and their history. */
    async function written() {
      const count = async (table: string) =>
        Number((await dyploma.knex(table).count({ count: '*' }))[0].count);
      return {
        orders: await count('dyploma_orders'),
        targets: await count('dyploma_order_targets'),
        events: await count('dyploma_order_events'),
      };
    }

    async function createAsOwner(body: object = ORDER_BODIES.deploy) {
      const res = await request(dyploma.server)
        .post(`${SERVICE}/orders`)
        .set('Authorization', auth('owner'))
        .send({ environment: 'production', reason: 'setup', ...body });
      expect(res.status).toBe(201);
      return res.body.id as string;
    }

    beforeAll(async () => {
      dyploma = await startDyploma(databases, databaseId);
      await seedRelease(dyploma, 'payments', 'production', '1.0.0');
      await seedRelease(dyploma, 'payments', 'production', '1.1.0');
    });

    afterEach(async () => {
      // Leave no active order behind, so each case starts alike.
      for (const order of (
        await dyploma.orders.list({ serviceRef: 'component:default/payments' })
      ).items) {
        if (order.status === 'pending') {
          await dyploma.orders.cancel(order.id, 'test');
        }
      }
    });

    const ALLOWED = [
      ['owner', 'a member of the owning group'],
      ['admin', 'a platform admin'],
    ] as const;
    const REFUSED = [
      ['none', 401],
      ['other', 403],
    ] as const;

    describe.each(Object.entries(ORDER_BODIES))('a %s order', (kind, body) => {
      const send = (caller: Caller) =>
        request(dyploma.server)
          .post(`${SERVICE}/orders`)
          .set('Authorization', auth(caller))
          .send({ environment: 'production', reason: `as ${caller}`, ...body });

      it.each(ALLOWED)('is stored for %s (%s)', async caller => {
        const res = await send(caller);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ kind, author: USERS[caller] });
      });

      it.each(REFUSED)(
        'is refused for %s with %i, nothing written',
        async (caller, status) => {
          const before = await written();
          const res = await send(caller);
          expect(res.status).toBe(status);
          expect(await written()).toEqual(before);
        },
      );
    });

    const cancel = (id: string, caller: Caller) =>
      request(dyploma.server)
        .post(`/api/dyploma/orders/${id}/cancel`)
        .set('Authorization', auth(caller));

    it.each(ALLOWED)('cancel of the owner’s order by %s (%s)', async caller => {
      const id = await createAsOwner();
      const res = await cancel(id, caller);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'cancelled' });
    });

    it.each(REFUSED)(
      'cancel of the owner’s order by %s: %i, nothing written',
      async (caller, status) => {
        const id = await createAsOwner();
        const before = await written();
        const res = await cancel(id, caller);
        expect(res.status).toBe(status);
        expect(await written()).toEqual(before);
        expect((await dyploma.orders.get(id))?.status).toBe('pending');
      },
    );

    async function failedOrder() {
      const id = await createAsOwner();
      await finishOrder(dyploma, id, 'partially-failed', ['dc2']);
      return id;
    }
    const retry = (id: string, caller: Caller) =>
      request(dyploma.server)
        .post(`/api/dyploma/orders/${id}/retry`)
        .set('Authorization', auth(caller))
        .send({ reason: 'dc2 is back' });

    it.each(ALLOWED)(
      'retry of the owner’s failed order by %s (%s)',
      async caller => {
        const id = await failedOrder();
        const res = await retry(id, caller);
        expect(res.status).toBe(200);
        // Only the failed cluster runs again.
        expect(res.body).toMatchObject({
          id,
          status: 'pending',
          targets: [
            { cluster: 'dc1', status: 'succeeded' },
            { cluster: 'dc2', status: 'pending' },
            { cluster: 'dc3', status: 'succeeded' },
          ],
        });
      },
    );

    it.each(REFUSED)(
      'retry of the owner’s failed order by %s: %i, nothing written',
      async (caller, status) => {
        const id = await failedOrder();
        const before = await written();
        const res = await retry(id, caller);
        expect(res.status).toBe(status);
        expect(await written()).toEqual(before);
        expect((await dyploma.orders.get(id))?.status).toBe('partially-failed');
      },
    );

    it('lets a teammate other than the author cancel or retry only with the admin permission', async () => {
      const id = await createAsOwner();
      expect((await cancel(id, 'teammate')).status).toBe(403);
      expect((await cancel(id, 'admin')).status).toBe(200);
      const failed = await failedOrder();
      expect((await retry(failed, 'teammate')).status).toBe(403);
      // The teammate may still deploy: the service is their group's.
      const res = await request(dyploma.server)
        .post(`${SERVICE}/orders`)
        .set('Authorization', auth('teammate'))
        .send({ kind: 'restart', environment: 'staging' });
      expect(res.status).toBe(400); // never deployed to staging, but allowed to ask
    });

    it.each(CALLERS)('reads by %s', async caller => {
      const res = await request(dyploma.server)
        .get(SERVICE)
        .set('Authorization', auth(caller));
      expect(res.status).toBe(caller === 'none' ? 401 : 200);
    });

    it('asks the policy about the service entity, with the permission of the kind', async () => {
      dyploma.authorizeCalls.length = 0;
      await request(dyploma.server)
        .post(`${SERVICE}/orders`)
        .set('Authorization', auth('other'))
        .send({
          kind: 'scale',
          environment: 'production',
          replicas: 2,
          reason: 'x',
        });
      expect(dyploma.authorizeCalls).toEqual([
        {
          permission: 'dyploma.service.scale',
          resourceRef: 'component:default/payments',
        },
      ]);
    });
  },
);
