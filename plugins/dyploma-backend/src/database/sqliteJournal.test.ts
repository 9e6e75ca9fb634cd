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

import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase } from './migrate';
import { rowsOf } from './raw';
import { useSqliteWriteAheadLog } from './sqliteJournal';

jest.setTimeout(60_000);

/** PRAGMA synchronous as SQLite numbers it. */
const FULL = 2;

type Connection = {
  pragma(source: string, options: { simple: true }): unknown;
};

/**
 * Dyploma's database as the backend gets it: Backstage's database service on a
 * better-sqlite3 file in a fresh directory (`<dir>/dyploma.sqlite`).
 */
function sqliteFileService(directory: string, knexConfig?: JsonObject) {
  const config = mockServices.rootConfig({
    data: {
      backend: {
        database: {
          client: 'better-sqlite3',
          connection: { directory },
          ...(knexConfig && { knexConfig }),
        },
      },
    },
  });
  return DatabaseManager.fromConfig(config).forPlugin('dyploma', {
    logger: mockServices.logger.mock(),
    lifecycle: mockServices.lifecycle.mock(),
  });
}

/** The file's journal mode as another process opening it sees it. */
async function journalModeOnDisk(file: string) {
  const other = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  try {
    const rows = rowsOf<{ journal_mode: string }>(
      await other.raw('PRAGMA journal_mode'),
    );
    return rows[0]?.journal_mode;
  } finally {
    await other.destroy();
  }
}

/** Runs `read` on `n` connections of the pool held at once. */
async function onConnections<T>(
  knex: Knex,
  n: number,
  read: (connection: Connection) => T,
): Promise<T[]> {
  const connections: Connection[] = await Promise.all(
    Array.from({ length: n }, () => knex.client.acquireConnection()),
  );
  try {
    return connections.map(read);
  } finally {
    await Promise.all(connections.map(c => knex.client.releaseConnection(c)));
  }
}

describe('Dyploma on a SQLite file', () => {
  let directory: string;
  const clients: Knex[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'dyploma-wal-'));
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(c => c.destroy()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous=FULL after start-up', async () => {
    const knex = await connectDatabase(sqliteFileService(directory));
    clients.push(knex);

    expect(await journalModeOnDisk(join(directory, 'dyploma.sqlite'))).toBe(
      'wal',
    );
    const [synchronous] = rowsOf<{ synchronous: number }>(
      await knex.raw('PRAGMA synchronous'),
    );
    expect(synchronous).toEqual({ synchronous: FULL });
    // The orders table works in that mode.
    expect(await knex('dyploma_orders').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('sets synchronous=FULL on every connection of a larger pool, old and new', async () => {
    const service = sqliteFileService(directory, {
      pool: { min: 0, max: 3 },
    });
    // A connection the pool already has before Dyploma connects.
    const knex = await service.getClient();
    clients.push(knex);
    await knex.raw('select 1');
    await connectDatabase({ getClient: async () => knex, migrations: {} });

    expect(
      await onConnections(knex, 3, c =>
        c.pragma('synchronous', { simple: true }),
      ),
    ).toEqual([FULL, FULL, FULL]);
  });

  it('keeps synchronous=FULL after a restart on a file already in WAL mode', async () => {
    // better-sqlite3 opens a file in WAL mode at synchronous=NORMAL unless told otherwise.
    const first = await connectDatabase(sqliteFileService(directory));
    await first.destroy();

    const second = await connectDatabase(sqliteFileService(directory));
    clients.push(second);
    expect(
      await onConnections(second, 1, c => [
        c.pragma('journal_mode', { simple: true }),
        c.pragma('synchronous', { simple: true }),
      ]),
    ).toEqual([['wal', FULL]]);
  });
});

describe('useSqliteWriteAheadLog elsewhere', () => {
  const databases = createStoreTestDatabases();

  it.each(databases.eachSupportedId())(
    'leaves %p as it is, and Dyploma connects and migrates',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // The store tests' SQLite is in memory: no file, no WAL. PostgreSQL: not SQLite.
      expect(await useSqliteWriteAheadLog(knex)).toBe(
        databaseId === 'SQLITE_3' ? 'memory' : undefined,
      );
      await connectDatabase({ getClient: async () => knex, migrations: {} });
      expect(await knex.schema.hasTable('dyploma_orders')).toBe(true);
    },
  );
});
