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
import { connectDatabase } from './migrate';

jest.setTimeout(60_000);

/*
 * Several backend replicas started at once on one new PostgreSQL database all migrate it.
 * knex lets one take the migration lock and fails the others at once with
 * MigrationLocked, which stopped those replicas' start-up (found by the two-process test,
 * src/worker/__process__/twoBackendsFiftyOrders.test.ts). They wait for the lock instead.
 */
describe('connectDatabase', () => {
  const databases = createStoreTestDatabases();

  it.each(databases.eachSupportedId())(
    'lets three replicas start at once on one new database, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const replica = () =>
        connectDatabase({ getClient: async () => knex, migrations: {} });
      await expect(
        Promise.all([replica(), replica(), replica()]),
      ).resolves.toHaveLength(3);
      expect(await knex.schema.hasTable('dyploma_orders')).toBe(true);
    },
  );
});
