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
import { DatabaseOrderStore } from './DatabaseOrderStore';
import { DatabaseReleaseStore } from './DatabaseReleaseStore';
import { migrationsDir } from './migrate';
import { StatusRecords } from './StatusRecords';

jest.setTimeout(60_000);

const payments = 'component:default/payments';
const search = 'component:default/search';
const ENVIRONMENTS = ['production', 'staging', 'dev'];

describe('StatusRecords', () => {
  const databases = createStoreTestDatabases();

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const orders = new DatabaseOrderStore(knex);
    const releases = new DatabaseReleaseStore(knex);
    const records = new StatusRecords(knex, orders);
    /** What the status read got from the two stores before: it must read the same. */
    const fromStores = async (serviceRef: string, environments: string[]) => ({
      releases: await releases.latestPerEnvironment(serviceRef, environments),
      activeOrders: await orders.activePerEnvironment(serviceRef, environments),
    });
    const release = (
      serviceRef: string,
      environment: string,
      version: string,
    ) =>
      releases.append({
        serviceRef,
        environment,
        spec: { version, replicas: 2 },
        author: 'user:default/alice',
        reason: `ship ${version}`,
      });
    return { knex, orders, records, fromStores, release };
  }

  it.each(databases.eachSupportedId())(
    'reads the newest release and the active order of every environment in one go, on %p',
    async databaseId => {
      const { orders, records, fromStores, release } = await setUp(databaseId);
      const same = async (
        serviceRef = payments,
        environments = ENVIRONMENTS,
      ) => {
        const read = await records.read(serviceRef, environments);
        expect(read).toEqual(await fromStores(serviceRef, environments));
        return read;
      };

      // Nothing yet.
      expect(await same()).toEqual({
        releases: new Map(),
        activeOrders: new Map(),
      });

      // Releases, newer ones, another service's, no active order.
      await release(payments, 'production', '1.0.0');
      await release(payments, 'staging', '1.1.0-rc1');
      await release(payments, 'production', '1.1.0');
      await release(search, 'production', '9.0.0');
      const released = await same();
      expect(released.releases.get('production')).toMatchObject({
        revision: 2,
        spec: { version: '1.1.0', replicas: 2 },
        reason: 'ship 1.1.0',
      });
      expect(released.activeOrders.size).toBe(0);

      // Active orders in two environments (and another service's), one progressing.
      const { order: deploy } = await orders.create({
        serviceRef: payments,
        environment: 'production',
        kind: 'deploy',
        params: { version: '1.2.0' },
        author: 'user:default/alice',
        clusters: ['dc1', 'dc2'],
      });
      await orders.create({
        serviceRef: payments,
        environment: 'dev',
        kind: 'restart',
        params: {},
        author: 'user:default/bob',
        clusters: ['dc3'],
      });
      await orders.create({
        serviceRef: search,
        environment: 'staging',
        kind: 'restart',
        params: {},
        author: 'user:default/bob',
        clusters: ['dc3'],
      });
      const claimed = await orders.claim('worker', 60_000);
      await orders.start(claimed!.id, 'worker');
      await orders.updateTarget(claimed!.id, 'worker', 'dc1', {
        status: 'progressing',
        desired: 3,
        ready: 1,
      });
      const busy = await same();
      expect([...busy.activeOrders.keys()].sort()).toEqual([
        'dev',
        'production',
      ]);
      expect(busy.activeOrders.get('production')).toMatchObject({
        id: deploy.id,
        targets: [{ cluster: 'dc1', status: 'progressing', ready: 1 }, {}],
      });
      expect(busy.releases.get('production')?.revision).toBe(2);

      // Finished: no longer active.
      await orders.finish(claimed!.id, 'worker', { status: 'succeeded' });
      expect((await same()).activeOrders.size).toBe(1);

      // Any number of environments, some unknown; none at all.
      await same(payments, ['dev']);
      await same(payments, [...ENVIRONMENTS, 'e4', 'e5', 'e6', 'e7']);
      await same(search, ENVIRONMENTS);
      expect(await records.read(payments, [])).toEqual({
        releases: new Map(),
        activeOrders: new Map(),
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reads a release again as it is, even one whose id now names another release, on %p',
    async databaseId => {
      const { knex, records, fromStores, release } = await setUp(databaseId);
      const first = await release(payments, 'production', '1.0.0');
      const read = await records.read(payments, ENVIRONMENTS);
      expect(read.releases.get('production')).toEqual(first);
      expect((await records.read(payments, ENVIRONMENTS)).releases).toEqual(
        read.releases,
      );
      // The row replaced under the same id (a database restored, say): read anew.
      await knex('dyploma_releases').where({ id: first.id }).delete();
      await knex('dyploma_releases').insert({
        id: Number(first.id),
        service_ref: payments,
        environment: 'production',
        revision: 7,
        spec: JSON.stringify({ version: '7.0.0' }),
        author: 'user:default/bob',
      });
      const again = await records.read(payments, ENVIRONMENTS);
      expect(again).toEqual(await fromStores(payments, ENVIRONMENTS));
      expect(again.releases.get('production')).toMatchObject({
        id: first.id,
        revision: 7,
        spec: { version: '7.0.0' },
      });
    },
  );
});
