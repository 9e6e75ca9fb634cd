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

import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { migrationsDir } from '../database/migrate';
import { DatabaseBatchStore } from './DatabaseBatchStore';

jest.setTimeout(60_000);

describe.each(createStoreTestDatabases().eachSupportedId())(
  'DatabaseBatchStore (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let knex: Knex;
    let store: DatabaseBatchStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      store = new DatabaseBatchStore(knex);
    });

    it('records many outcomes at once: each item its order or its refusal, an item at another attempt untouched', async () => {
      const services = ['a', 'b', 'c', 'd'].map(n => `component:default/${n}`);
      const { batch } = await store.create(
        {
          environment: 'production',
          action: { kind: 'restart' },
          select: { refs: services },
          onForbidden: 'skip',
          author: 'user:default/alice',
        },
        services.map(serviceRef => ({
          serviceRef,
          state: 'pending',
          orderKind: 'restart',
          orderRequest: { kind: 'restart', environment: 'production' },
          changes: [],
        })),
      );
      // d moved on to attempt 2 meanwhile (a resume): what attempt 1 got is not written.
      await store.reopen(batch.id, [{ serviceRef: services[3], attempt: 1 }]);
      // Orders the items point at (the items' order_id joins dyploma_orders).
      const orderIds = services.map(() => randomUUID());
      for (const [i, id] of orderIds.entries()) {
        await knex('dyploma_orders').insert({
          id,
          service_ref: services[i],
          environment: 'production',
          kind: 'restart',
          params: '{}',
          author: 'user:default/alice',
          status: 'pending',
        });
      }

      await store.recordMany(batch.id, [
        { serviceRef: services[0], attempt: 1, orderId: orderIds[0] },
        {
          serviceRef: services[1],
          attempt: 1,
          refusal: { error: 'forbidden', errorStatus: 403 },
        },
        { serviceRef: services[2], attempt: 1, orderId: orderIds[2] },
        { serviceRef: services[3], attempt: 1, orderId: orderIds[3] },
      ]);

      const items = await store.items(batch.id);
      expect(
        items.map(i => [i.state, i.attempt, i.orderId, i.errorStatus]),
      ).toEqual([
        ['ordered', 1, orderIds[0], undefined],
        ['refused', 1, undefined, 403],
        ['ordered', 1, orderIds[2], undefined],
        ['pending', 2, undefined, undefined],
      ]);
      expect(items[1].error).toBe('forbidden');
      await expect(store.recordMany(batch.id, [])).resolves.toBeUndefined();
    });
  },
);
