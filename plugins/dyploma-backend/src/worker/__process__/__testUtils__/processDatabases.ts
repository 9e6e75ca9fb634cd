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

/*
 * Databases the process-level tests' backends share: a SQLite file or a fresh PostgreSQL
 * database, with a connection of the test's own to inspect Dyploma's tables.
 */

import type { JsonObject } from '@backstage/types';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';

const DEFAULT_POSTGRES = 'postgresql://postgres@127.0.0.1:5432';

/** A database the backend processes share: its app-config and a connection to inspect it. */
export type ProcessDatabase = {
  name: 'SQLite file' | 'PostgreSQL';
  /** `backend.database` of every process on this database. */
  config: JsonObject;
  /** A connection of the test's own to Dyploma's tables. */
  knex: Knex;
  /** Closes the connection and drops the database (PostgreSQL) or deletes the file. */
  remove(): Promise<void>;
};

/** A SQLite file in a fresh directory: `<dir>/dyploma.sqlite`, as the database service names it. */
export async function sqliteFileDatabase(): Promise<ProcessDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'dyploma-process-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(directory, 'dyploma.sqlite') },
    useNullAsDefault: true,
  });
  return {
    name: 'SQLite file',
    config: { client: 'better-sqlite3', connection: { directory } },
    knex,
    async remove() {
      await knex.destroy();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh PostgreSQL database (the local test server, or the one in
 * BACKSTAGE_TEST_DATABASE_POSTGRES*_CONNECTION_STRING): the processes get a unique
 * prefix, so the database service creates `<prefix>dyploma` and runs the migrations.
 */
export async function postgresDatabase(): Promise<ProcessDatabase> {
  const connection =
    Object.entries(process.env).find(([key]) =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(key),
    )?.[1] ?? DEFAULT_POSTGRES;
  const prefix = `dyproc_${randomBytes(4).toString('hex')}_`;
  const database = `${prefix}dyploma`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw('CREATE DATABASE ??', [database]);
  const url = new URL(connection);
  url.pathname = `/${database}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  return {
    name: 'PostgreSQL',
    config: { client: 'pg', connection, prefix },
    knex,
    async remove() {
      await knex.destroy();
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
      await admin.destroy();
    },
  };
}
