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

import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { useSqliteWriteAheadLog } from './sqliteJournal';

export const migrationsDir = resolvePackagePath(
  '@dyploma/plugin-dyploma-backend',
  'migrations',
);

/**
 * Returns the plugin's database client, migrated to the latest schema unless skipped. A
 * SQLite file runs in WAL mode with synchronous=FULL (sqliteJournal.ts).
 */
export async function connectDatabase(
  database: DatabaseService,
  options: { lockTimeoutMs?: number } = {},
): Promise<Knex> {
  const client = await database.getClient();
  await useSqliteWriteAheadLog(client);
  if (!database.migrations?.skip) {
    await migrateLatest(client, options.lockTimeoutMs ?? 60_000);
  }
  return client;
}

/**
 * Several replicas starting at once on one database all migrate it. knex fails all but
 * one at once: with MigrationLocked, or, on a new database, when two of them create
 * knex's own bookkeeping tables together. Those replicas wait and try again; by then the
 * winner has migrated and `latest` has nothing left to do. A lock left behind by a
 * replica that died mid-migration still fails start-up, after `timeoutMs`.
 */
async function migrateLatest(client: Knex, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await client.migrate.latest({ directory: migrationsDir });
      return;
    } catch (error) {
      const e = error as Error;
      const raced =
        e?.name === 'MigrationLocked' ||
        /knex_migrations/.test(String(e?.message));
      if (!raced || Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}
