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

import { Knex } from 'knex';

/** The part of a better-sqlite3 connection used here (the package is knex's, not ours). */
type SqliteConnection = {
  /** True for `:memory:`, a temporary database and one loaded from a buffer. */
  readonly memory: boolean;
  pragma(source: string, options?: { simple?: boolean }): unknown;
};

type SqliteClient = {
  driverName?: string;
  pool?: {
    on(
      event: 'createSuccess',
      listener: (eventId: number, resource: SqliteConnection) => void,
    ): void;
    free: Array<{ resource: SqliteConnection }>;
    used: Array<{ resource: SqliteConnection }>;
  };
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection): Promise<unknown>;
  logger: { warn(message: string): void };
};

/**
 * Dyploma's SQLite file (the embedded default) runs in WAL mode with synchronous=FULL.
 * Nothing changes on PostgreSQL, nor on an in-memory SQLite database.
 *
 * Why: better-sqlite3 runs every statement synchronously on the event loop, so the
 * backend does nothing else while a COMMIT waits for the disk. With SQLite's defaults
 * (rollback journal, synchronous=FULL) a commit writes and syncs the journal and the
 * database file several times; in WAL mode it appends to the log and syncs it once. The
 * worker commits about 31 times per restart order: the rollout of a batch of 400 restarts
 * held the event loop 43–67 s in the rollback journal, 4–6 s in WAL with synchronous=FULL
 * (bench/batch-accept/README.md).
 *
 * Why FULL and not NORMAL: "orders are never lost, even when a cluster or the backend
 * dies". With NORMAL, WAL commits are not synced (only checkpoints are): they survive a
 * crash of the process, but the last ones can be lost when the machine loses power or the
 * kernel crashes, after the API answered 201 for them. FULL syncs the log at every commit,
 * so a committed order survives both, at one sync of the log per commit.
 *
 * `synchronous` belongs to the connection, not to the file: a new connection on a file in
 * WAL mode starts at NORMAL (better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1).
 * So it is set on every connection the pool opens (knex keeps one for SQLite unless
 * `knexConfig.pool` says otherwise, and opens a new one when that one is discarded), and on
 * those it already has. The journal mode is stored in the file and set once.
 *
 * Returns the journal mode the file runs with afterwards (`undefined` when not SQLite).
 */
export async function useSqliteWriteAheadLog(
  knex: Knex,
): Promise<string | undefined> {
  const client = knex.client as SqliteClient;
  if (client.driverName !== 'better-sqlite3' || !client.pool) {
    return undefined;
  }
  const synchronousFull = (connection: SqliteConnection) => {
    if (!connection.memory) connection.pragma('synchronous = FULL');
  };
  client.pool.on('createSuccess', (_eventId, connection) =>
    synchronousFull(connection),
  );
  for (const { resource } of [...client.pool.free, ...client.pool.used]) {
    synchronousFull(resource);
  }

  const connection = await client.acquireConnection();
  try {
    if (connection.memory) {
      return String(connection.pragma('journal_mode', { simple: true }));
    }
    const mode = String(
      connection.pragma('journal_mode = WAL', { simple: true }),
    );
    if (mode !== 'wal') {
      // E.g. a file system without the shared memory WAL needs: the file keeps its
      // journal, as durable, only slower.
      client.logger.warn(
        `Dyploma's SQLite database could not switch to WAL mode and stays in ${mode} mode`,
      );
    }
    return mode;
  } finally {
    await client.releaseConnection(connection);
  }
}
