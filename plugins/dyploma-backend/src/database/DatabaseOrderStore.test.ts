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

import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import {
  ActiveOrderConflictError,
  DatabaseOrderStore,
  LeaseLostError,
} from './DatabaseOrderStore';
import { migrationsDir } from './migrate';
import { NewOrder } from './OrderStore';

jest.setTimeout(60_000);

const deployPayments: NewOrder = {
  serviceRef: 'component:default/payments',
  environment: 'production',
  kind: 'deploy',
  params: { version: '1.4.0' },
  author: 'user:default/alice',
  reason: 'ship the refund fix',
  clusters: ['dc1', 'dc2', 'dc3'],
};

describe('DatabaseOrderStore', () => {
  const databases = createStoreTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    let now = Date.parse('2026-11-23T12:00:00Z');
    const store = new DatabaseOrderStore(knex, () => now);
    return { store, advance: (ms: number) => (now += ms) };
  }

  it.each(databases.eachSupportedId())(
    'stores an order before anything happens and allows one active order per service and environment, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { order, created } = await store.create(deployPayments);
      expect(created).toBe(true);
      expect(order).toMatchObject({
        status: 'pending',
        kind: 'deploy',
        params: { version: '1.4.0' },
        author: 'user:default/alice',
        reason: 'ship the refund fix',
        targets: [
          { cluster: 'dc1', status: 'pending' },
          { cluster: 'dc2', status: 'pending' },
          { cluster: 'dc3', status: 'pending' },
        ],
      });

      const second = store.create({
        ...deployPayments,
        params: { version: '1.5.0' },
      });
      await expect(second).rejects.toBeInstanceOf(ActiveOrderConflictError);
      await expect(second).rejects.toMatchObject({
        name: 'ConflictError',
        activeOrder: { id: order.id, status: 'pending' },
      });

      // Another environment of the same service is independent.
      const staging = await store.create({
        ...deployPayments,
        environment: 'staging',
      });
      expect(staging.created).toBe(true);
      expect(
        (await store.active(deployPayments.serviceRef, 'production'))?.id,
      ).toBe(order.id);
    },
  );

  it.each(databases.eachSupportedId())(
    'gives the active order of every environment at once, as active does one by one, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const production = await store.create(deployPayments);
      const staging = await store.create({
        ...deployPayments,
        environment: 'staging',
        clusters: ['stg1'],
      });
      // A finished order is not active; nor is another service's.
      const dev = await store.create({
        ...deployPayments,
        environment: 'dev',
        clusters: [],
      });
      expect(await store.cancel(dev.order.id, 'user:default/alice')).toBe(true);
      await store.create({
        ...deployPayments,
        serviceRef: 'component:default/search',
      });

      const environments = ['production', 'staging', 'dev'];
      const active = await store.activePerEnvironment(
        deployPayments.serviceRef,
        environments,
      );
      expect([...active.keys()].sort()).toEqual(['production', 'staging']);
      expect(active.get('production')?.id).toBe(production.order.id);
      expect(active.get('staging')).toMatchObject({
        id: staging.order.id,
        targets: [{ cluster: 'stg1', status: 'pending' }],
      });
      for (const environment of environments) {
        expect(active.get(environment)).toEqual(
          await store.active(deployPayments.serviceRef, environment),
        );
      }
      expect(
        await store.activePerEnvironment(deployPayments.serviceRef, []),
      ).toEqual(new Map());
    },
  );

  it.each(databases.eachSupportedId())(
    'returns the same order for the same idempotency key, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const first = await store.create({
        ...deployPayments,
        idempotencyKey: 'click-42',
      });
      const again = await store.create({
        ...deployPayments,
        idempotencyKey: 'click-42',
      });
      expect(again).toEqual({ order: first.order, created: false });
      expect(
        (await store.list({ serviceRef: deployPayments.serviceRef })).total,
      ).toBe(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'hands each of 50 orders to exactly one of two racing workers, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      for (let i = 0; i < 50; i++) {
        await store.create({
          ...deployPayments,
          serviceRef: `component:default/service-${i}`,
        });
      }
      const claimed: Record<string, string[]> = {};
      async function work(worker: string) {
        for (;;) {
          const order = await store.claim(worker, 60_000);
          if (!order) return;
          (claimed[order.id] ??= []).push(worker);
        }
      }
      await Promise.all([work('replica-a'), work('replica-b')]);
      expect(Object.keys(claimed)).toHaveLength(50);
      expect(
        Object.values(claimed).every(workers => workers.length === 1),
      ).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets another worker resume an order whose lease ran out, and fences the old one, on %p',
    async databaseId => {
      const { store, advance } = await createStore(databaseId);
      const { order } = await store.create(deployPayments);
      expect((await store.claim('replica-a', 10_000))?.id).toBe(order.id);
      await store.start(order.id, 'replica-a');
      await store.updateTarget(order.id, 'replica-a', 'dc1', {
        status: 'succeeded',
        desired: 3,
        updated: 3,
        ready: 3,
        available: 3,
      });
      // While the lease holds, nobody else gets the order.
      expect(await store.claim('replica-b', 10_000)).toBeUndefined();

      advance(10_001); // replica-a died and stopped renewing
      const resumed = await store.claim('replica-b', 10_000);
      expect(resumed).toMatchObject({
        id: order.id,
        status: 'running',
        attempts: 2,
      });
      expect(resumed?.targets[0]).toMatchObject({
        cluster: 'dc1',
        status: 'succeeded',
        ready: 3,
      });
      await store.start(order.id, 'replica-b');

      await expect(
        store.updateTarget(order.id, 'replica-a', 'dc2', { status: 'failed' }),
      ).rejects.toBeInstanceOf(LeaseLostError);
      expect(await store.renew(order.id, 'replica-a', 10_000)).toBe(false);
      expect(await store.renew(order.id, 'replica-b', 10_000)).toBe(true);

      const events = await store.events(order.id);
      expect(events.map(e => [e.cluster ?? null, e.status])).toEqual([
        [null, 'pending'],
        [null, 'running'],
        ['dc1', 'succeeded'],
        [null, 'running'],
      ]);
      expect(events[3].message).toContain('resumed by replica-b');
    },
  );

  it.each(databases.eachSupportedId())(
    'frees the service for the next order when one finishes, and cancels only orders not started, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { order } = await store.create(deployPayments);
      await store.claim('replica-a', 60_000);
      expect(await store.cancel(order.id, 'user:default/bob')).toBe(false);
      await store.start(order.id, 'replica-a');
      await store.finish(order.id, 'replica-a', {
        status: 'succeeded',
        releaseRevision: 7,
      });
      expect(await store.get(order.id)).toMatchObject({
        status: 'succeeded',
        releaseRevision: 7,
        finishedAt: expect.any(Date),
      });
      expect(
        await store.active(deployPayments.serviceRef, 'production'),
      ).toBeUndefined();

      const next = await store.create({
        ...deployPayments,
        kind: 'scale',
        params: { replicas: 9 },
      });
      expect(await store.cancel(next.order.id, 'user:default/bob')).toBe(true);
      expect((await store.get(next.order.id))?.status).toBe('cancelled');
      expect((await store.create(deployPayments)).created).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a partially failed order in its failed clusters only, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { order } = await store.create(deployPayments);
      await store.claim('replica-a', 60_000);
      await store.start(order.id, 'replica-a');
      await store.updateTarget(order.id, 'replica-a', 'dc1', {
        status: 'succeeded',
      });
      await store.updateTarget(order.id, 'replica-a', 'dc2', {
        status: 'failed',
        message: 'cluster unreachable: connect ECONNREFUSED',
        attempt: true,
      });
      await store.updateTarget(order.id, 'replica-a', 'dc3', {
        status: 'succeeded',
      });
      await store.finish(order.id, 'replica-a', {
        status: 'partially-failed',
        error: 'dc2: cluster unreachable',
      });

      const retried = await store.retry(
        order.id,
        ['dc2'],
        'user:default/alice',
      );
      expect(retried.status).toBe('pending');
      expect(retried.error).toBeUndefined();
      expect(retried.targets.map(t => [t.cluster, t.status])).toEqual([
        ['dc1', 'succeeded'],
        ['dc2', 'pending'],
        ['dc3', 'succeeded'],
      ]);
      expect(retried.targets[1].attempts).toBe(1);
      // It holds the service's active slot again.
      await expect(store.create(deployPayments)).rejects.toBeInstanceOf(
        ActiveOrderConflictError,
      );
      await expect(
        store.retry(order.id, ['dc2'], 'user:default/alice'),
      ).rejects.toThrow(
        /only failed or partially failed orders can be retried/,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    "pages a service's orders newest first, per environment, on %p",
    async databaseId => {
      const { store } = await createStore(databaseId);
      const ids: string[] = [];
      for (const environment of ['dev', 'staging', 'production']) {
        const { order } = await store.create({
          ...deployPayments,
          environment,
        });
        ids.push(order.id);
      }
      const all = await store.list({
        serviceRef: deployPayments.serviceRef,
        limit: 2,
      });
      expect(all.total).toBe(3);
      expect(all.items).toHaveLength(2);
      const production = await store.list({
        serviceRef: deployPayments.serviceRef,
        environment: 'production',
      });
      expect(production.items.map(o => o.id)).toEqual([ids[2]]);
    },
  );
});
