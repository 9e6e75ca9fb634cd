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
import { isUniqueViolation } from './errors';
import { migrationsDir } from './migrate';

jest.setTimeout(60_000);

describe('migrations', () => {
  const databases = createStoreTestDatabases();

  it.each(databases.eachSupportedId())(
    'migrate up and all the way down again, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('dyploma_releases')).toBe(true);
      expect(await knex.schema.hasTable('dyploma_orders')).toBe(true);

      // A duplicate revision for the same service and environment is refused by the schema,
      // not only by the store's code.
      const row = {
        service_ref: 'component:default/payments',
        environment: 'production',
        revision: 1,
        spec: '{}',
        author: 'user:default/alice',
      };
      await knex('dyploma_releases').insert(row);
      const duplicate = await knex('dyploma_releases')
        .insert(row)
        .then(
          () => 'inserted',
          error => (isUniqueViolation(error) ? 'unique violation' : error),
        );
      expect(duplicate).toBe('unique violation');

      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('dyploma_releases')).toBe(false);
      expect(await knex.schema.hasTable('dyploma_orders')).toBe(false);
    },
  );
});
