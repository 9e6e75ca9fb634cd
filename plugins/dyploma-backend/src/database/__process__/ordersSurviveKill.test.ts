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

import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  postgresDatabase,
  ProcessDatabase,
  sqliteFileDatabase,
} from '../../worker/__process__/__testUtils__/processDatabases';
import { simClusters } from '../../worker/__process__/__testUtils__/kubeSimProbes';
import {
  BackendProcess,
  serviceEntity,
  startBackendProcess,
} from '../../worker/__process__/__testUtils__/processHarness';
import { rowsOf } from '../raw';

/*
 * Every order the API accepted is still there after the backend is killed with SIGKILL
 * right after the last answer, while its worker is writing the rollouts' progress: read
 * back by a second backend process on the same database. On a SQLite file the commits
 * are in the write-ahead log (sqliteJournal.ts), not yet in the database file; the next
 * process recovers them from it.
 *
 * Real parts: two Node processes running the Dyploma backend one after the other on the
 * same database (a SQLite file, then PostgreSQL), kube-sim's three clusters over HTTPS.
 * Test doubles (see worker/__process__/__testUtils__/backendProcess.ts): the catalog
 * serves the services from memory, auth takes mock user tokens, permissions allow all.
 */

jest.setTimeout(120_000);

/** A SQLite file's journal mode and whether its write-ahead log holds commits. */
async function sqliteLog(database: ProcessDatabase) {
  if (database.name !== 'SQLite file') return undefined;
  const { directory } = database.config.connection as { directory: string };
  const log = join(directory, 'dyploma.sqlite-wal');
  const logHasCommits = existsSync(log) && statSync(log).size > 0;
  const [{ journal_mode: journal }] = rowsOf<{ journal_mode: string }>(
    await database.knex.raw('PRAGMA journal_mode'),
  );
  return { journal, logHasCommits };
}

const SERVICES = Array.from(
  { length: 24 },
  (_, i) => `svc-${String(i).padStart(2, '0')}`,
);

describe.each([
  ['a SQLite file', sqliteFileDatabase],
  ['PostgreSQL', postgresDatabase],
])('orders when the backend is killed, on %s', (_label, createDatabase) => {
  let sim: KubeSim;
  let database: ProcessDatabase;
  const processes: BackendProcess[] = [];

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['dc1', 'dc2', 'dc3'],
      port: 0,
      nodes: { count: 2 },
    });
    database = await createDatabase();
  });

  afterAll(async () => {
    await Promise.allSettled(processes.map(p => p.stop()));
    await database?.remove();
    await sim?.stop();
  });

  const start = (name: string, worker: boolean) =>
    startBackendProcess({
      name,
      database,
      entities: SERVICES.map(service =>
        serviceEntity(service, { image: `registry.example.com/${service}` }),
      ),
      dyploma: {
        clusters: simClusters(sim),
        environments: { production: { clusters: ['dc1', 'dc2', 'dc3'] } },
        worker: { enabled: worker, leaseSeconds: 2 },
      },
    }).then(p => {
      processes.push(p);
      return p;
    });

  it('keeps every accepted order', async () => {
    const first = await start('first', true);
    const accepted = await Promise.all(
      SERVICES.map(service =>
        first.api('POST', `/services/default/${service}/orders`, {
          kind: 'deploy',
          environment: 'production',
          version: '1.0.0',
          replicas: 2,
          reason: `ship ${service}`,
        }),
      ),
    );
    await first.kill9();
    expect(accepted.map(res => res.status)).toEqual(SERVICES.map(() => 201));

    // On a SQLite file the commits are in the log, not yet checkpointed into the
    // database file: the next process has to recover them from there.
    expect(await sqliteLog(database)).toEqual(
      database.name === 'SQLite file'
        ? { journal: 'wal', logHasCommits: true }
        : undefined,
    );

    const second = await start('second', false);
    const read = await Promise.all(
      accepted.map(res => second.api('GET', `/orders/${res.body.id}`)),
    );
    expect(
      read.map(res => [res.status, res.body.service, res.body.reason]),
    ).toEqual(
      SERVICES.map(service => [
        200,
        `component:default/${service}`,
        `ship ${service}`,
      ]),
    );
  });
});
