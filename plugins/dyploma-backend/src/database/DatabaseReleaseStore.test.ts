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
import { DatabaseReleaseStore } from './DatabaseReleaseStore';
import { migrationsDir } from './migrate';

jest.setTimeout(60_000);

const payments = 'component:default/payments';
const search = 'component:default/search';

describe('DatabaseReleaseStore', () => {
  const databases = createStoreTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    return new DatabaseReleaseStore(knex);
  }

  it.each(databases.eachSupportedId())(
    'numbers releases per service and environment, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const first = await store.append({
        serviceRef: payments,
        environment: 'production',
        spec: { version: '1.0.0', replicas: 3, enabled: true },
        author: 'user:default/alice',
        reason: 'first release',
      });
      const second = await store.append({
        serviceRef: payments,
        environment: 'production',
        spec: { version: '1.1.0', replicas: 3, enabled: true },
        author: 'user:default/bob',
      });
      const staging = await store.append({
        serviceRef: payments,
        environment: 'staging',
        spec: { version: '1.2.0-rc1', replicas: 1, enabled: true },
        author: 'user:default/bob',
      });
      const other = await store.append({
        serviceRef: search,
        environment: 'production',
        spec: { version: '7.0.0', replicas: 9, enabled: true },
        author: 'user:default/dan',
      });

      expect([first.revision, second.revision]).toEqual([1, 2]);
      expect(staging.revision).toBe(1);
      expect(other.revision).toBe(1);
      expect(first).toMatchObject({
        serviceRef: payments,
        environment: 'production',
        spec: { version: '1.0.0', replicas: 3, enabled: true },
        author: 'user:default/alice',
        reason: 'first release',
      });
      expect(second.reason).toBeUndefined();
      expect(Math.abs(first.createdAt.getTime() - Date.now())).toBeLessThan(
        60_000,
      );

      expect(await store.latest(payments, 'production')).toEqual(second);
      expect(await store.get(payments, 'production', 1)).toEqual(first);
      expect(await store.get(payments, 'production', 3)).toBeUndefined();
      expect(await store.latest(payments, 'dev')).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'gives the latest release of every environment at once, as latest does one by one, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const append = (
        serviceRef: string,
        environment: string,
        version: string,
      ) =>
        store.append({
          serviceRef,
          environment,
          spec: { version },
          author: 'user:default/alice',
        });
      await append(payments, 'production', '1.0.0');
      await append(payments, 'staging', '1.1.0-rc1');
      await append(payments, 'production', '1.1.0');
      await append(payments, 'staging', '1.1.0');
      await append(payments, 'production', '1.2.0');
      // Another service's newer revisions, and an environment no longer asked about.
      await append(search, 'production', '7.0.0');
      await append(search, 'production', '7.1.0');
      await append(search, 'production', '7.2.0');
      await append(search, 'production', '7.3.0');
      await append(payments, 'old-dc', '0.9.0');

      const environments = ['production', 'staging', 'dev'];
      const latest = await store.latestPerEnvironment(payments, environments);
      expect([...latest.keys()].sort()).toEqual(['production', 'staging']);
      expect(latest.get('production')?.spec).toEqual({ version: '1.2.0' });
      expect(latest.get('staging')?.spec).toEqual({ version: '1.1.0' });
      for (const environment of environments) {
        expect(latest.get(environment)).toEqual(
          await store.latest(payments, environment),
        );
      }
      expect(await store.latestPerEnvironment(payments, [])).toEqual(new Map());
      expect(
        await store.latestPerEnvironment('component:default/nothing', [
          'production',
        ]),
      ).toEqual(new Map());
    },
  );

  it.each(databases.eachSupportedId())(
    'finds the newest of many revisions in each of any number of environments, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const environments = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'];
      // Revisions past 9 (compared as numbers, not text), in an interleaved order.
      for (let n = 1; n <= 12; n++) {
        for (const environment of environments.slice(0, n % 7)) {
          await store.append({
            serviceRef: payments,
            environment,
            spec: { version: `${environment}.${n}` },
            author: 'user:default/alice',
          });
        }
      }
      for (const asked of [environments, environments.slice(2, 4), ['e6']]) {
        const latest = await store.latestPerEnvironment(payments, asked);
        for (const environment of asked) {
          expect(latest.get(environment)).toEqual(
            await store.latest(payments, environment),
          );
        }
      }
      const all = await store.latestPerEnvironment(payments, environments);
      expect(all.get('e1')?.revision).toBe(11);
      expect(all.get('e1')?.spec).toEqual({ version: 'e1.12' });
      expect(all.has('e7')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'gives concurrent appends distinct consecutive revisions, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const released = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.append({
            serviceRef: payments,
            environment: 'production',
            spec: { version: `1.0.${i}` },
            author: 'user:default/alice',
          }),
        ),
      );
      expect(released.map(r => r.revision).sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'pages history newest first, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      for (let i = 1; i <= 5; i++) {
        await store.append({
          serviceRef: payments,
          environment: 'production',
          spec: { version: `1.0.${i}` },
          author: 'user:default/alice',
        });
      }
      const page1 = await store.list(payments, 'production', { limit: 2 });
      expect(page1.items.map(r => r.revision)).toEqual([5, 4]);
      expect(page1.nextBefore).toBe(4);
      const page2 = await store.list(payments, 'production', {
        limit: 2,
        before: page1.nextBefore,
      });
      expect(page2.items.map(r => r.revision)).toEqual([3, 2]);
      const page3 = await store.list(payments, 'production', {
        limit: 2,
        before: page2.nextBefore,
      });
      expect(page3.items.map(r => r.revision)).toEqual([1]);
      expect(page3.nextBefore).toBeUndefined();
    },
  );
});
