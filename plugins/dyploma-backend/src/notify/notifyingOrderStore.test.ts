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
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import { DatabaseOrderStore } from '../database/DatabaseOrderStore';
import { migrationsDir } from '../database/migrate';
import type { NewOrder, Order } from '../database/OrderStore';
import { withNotifier } from './notifyingOrderStore';
import type { OrderChange, OrderNotifier } from './types';

jest.setTimeout(60_000);

const deploy: NewOrder = {
  serviceRef: 'component:default/payments',
  environment: 'production',
  kind: 'deploy',
  params: { version: '1.4.0' },
  author: 'user:default/alice',
  reason: 'refund fix',
  clusters: ['dc1', 'dc2'],
};

describe('withNotifier', () => {
  const databases = createStoreTestDatabases();

  /** The real store on each database, wrapped; the notifier records what it was told. */
  async function setup(
    databaseId: TestDatabaseId,
    notifier: Partial<OrderNotifier> = {},
  ) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const changes: OrderChange[] = [];
    const finished: Order[] = [];
    const logger = mockServices.logger.mock();
    const store = withNotifier(
      new DatabaseOrderStore(knex),
      {
        orderChanged: c => {
          changes.push(c);
          notifier.orderChanged?.(c);
        },
        orderFinished: async o => {
          finished.push(o);
          await notifier.orderFinished?.(o);
        },
      },
      logger,
      { finishTimeoutMs: 200 },
    );
    return { store, changes, finished, logger };
  }

  it.each(databases.eachSupportedId())(
    'tells of the creation, each step and progress per cluster, and the end with every cluster’s result, on %p',
    async databaseId => {
      const { store, changes, finished } = await setup(databaseId);
      const { order } = await store.create(deploy);
      const claimed = await store.claim('w1', 60_000);
      await store.start(order.id, 'w1');
      await store.updateTarget(order.id, 'w1', 'dc1', { status: 'applying' });
      await store.updateTarget(order.id, 'w1', 'dc1', {
        status: 'progressing',
        desired: 3,
        updated: 1,
        ready: 0,
        available: 0,
      });
      await store.updateTarget(order.id, 'w1', 'dc2', {
        status: 'failed',
        message: 'connect ECONNREFUSED',
      });
      await store.updateTarget(order.id, 'w1', 'dc1', { status: 'succeeded' });
      await store.finish(order.id, 'w1', {
        status: 'partially-failed',
        error: 'dc2: connect ECONNREFUSED',
      });

      expect(claimed?.id).toBe(order.id);
      const base = {
        orderId: order.id,
        serviceRef: 'component:default/payments',
        environment: 'production',
      };
      expect(changes).toEqual([
        { ...base, status: 'pending' },
        { ...base, status: 'running' },
        { ...base, status: 'running', cluster: 'dc1' },
        { ...base, status: 'running', cluster: 'dc1' },
        { ...base, status: 'running', cluster: 'dc2' },
        { ...base, status: 'running', cluster: 'dc1' },
        { ...base, status: 'partially-failed' },
      ]);
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({
        id: order.id,
        status: 'partially-failed',
        targets: [
          { cluster: 'dc1', status: 'succeeded' },
          {
            cluster: 'dc2',
            status: 'failed',
            message: 'connect ECONNREFUSED',
          },
        ],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'tells of cancels and retries from the API, and not of a replayed idempotent create, on %p',
    async databaseId => {
      const { store, changes } = await setup(databaseId);
      const first = await store.create({ ...deploy, idempotencyKey: 'ci-1' });
      const again = await store.create({ ...deploy, idempotencyKey: 'ci-1' });
      expect(again.created).toBe(false);
      expect(await store.cancel(first.order.id, 'user:default/alice')).toBe(
        true,
      );

      const { order } = await store.create({ ...deploy, kind: 'restart' });
      await store.claim('w1', 60_000);
      await store.start(order.id, 'w1');
      await store.updateTarget(order.id, 'w1', 'dc2', { status: 'failed' });
      await store.updateTarget(order.id, 'w1', 'dc1', { status: 'succeeded' });
      await store.finish(order.id, 'w1', { status: 'partially-failed' });
      await store.retry(order.id, ['dc2'], 'user:default/alice');

      expect(
        changes.map(c => [
          c.orderId === first.order.id ? 'first' : 'second',
          c.status,
        ]),
      ).toEqual([
        ['first', 'pending'],
        ['first', 'cancelled'],
        ['second', 'pending'],
        ['second', 'running'],
        ['second', 'running'],
        ['second', 'running'],
        ['second', 'partially-failed'],
        ['second', 'pending'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'never lets a failing or hanging notifier fail a write or hold up the worker, on %p',
    async databaseId => {
      const { store, logger } = await setup(databaseId, {
        orderChanged: () => {
          throw new Error('signals are down');
        },
        orderFinished: () => new Promise(() => {}),
      });
      const { order } = await store.create(deploy);
      await store.claim('w1', 60_000);
      await store.start(order.id, 'w1');
      await store.updateTarget(order.id, 'w1', 'dc1', { status: 'failed' });
      const started = Date.now();
      await store.finish(order.id, 'w1', { status: 'failed', error: 'dc1' });
      expect(Date.now() - started).toBeLessThan(5_000);

      expect(await store.get(order.id)).toMatchObject({ status: 'failed' });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('signals are down'),
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          new RegExp(`order ${order.id} ended, but telling its owners failed`),
        ),
      );
    },
  );
});
