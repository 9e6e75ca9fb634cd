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

import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const DEFAULT_POSTGRES = 'postgresql://postgres@127.0.0.1:5432';
const ENV_PATTERN = /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/;

/**
 * The TestDatabases id of the PostgreSQL server the store tests run on.
 *
 * `scripts/test` exports `BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING` for the
 * local server it made sure is running. When a test is run on its own without that
 * variable, the local server on 127.0.0.1:5432 is assumed, so a missing server shows up
 * as a failed connection, never as PostgreSQL silently skipped.
 *
 * @public
 */
export function postgresTestDatabaseId(): TestDatabaseId {
  for (const name of Object.keys(process.env)) {
    const match = ENV_PATTERN.exec(name);
    if (match && process.env[name]) {
      return `POSTGRES_${match[1]}` as TestDatabaseId;
    }
  }
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
    DEFAULT_POSTGRES;
  return 'POSTGRES_15';
}

/**
 * TestDatabases for store tests: always SQLite and PostgreSQL, never Docker (there is no
 * Docker engine on the machines this project runs on).
 *
 * @public
 */
export function createStoreTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: ['SQLITE_3', postgresTestDatabaseId()],
    disableDocker: true,
  });
}
