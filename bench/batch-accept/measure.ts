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

/* eslint-disable no-console */
/**
 * How long `POST /api/dyploma/batches` takes to accept a restart of N services (bench/fleet's
 * (g), without the rest of that bench): a real backend process (catalog, auth with the
 * guest, the permission backend with the demo's policy, Dyploma with its worker at
 * bench/fleet's concurrency, SQLite files as bench/fleet's config has them) on kube-sim's
 * three clusters, N services deployed to production through Dyploma's own API, then
 * `--rounds` restart batches of all N, each after the previous one's orders have finished
 * (the worker rolls out the first orders of a batch while the request still creates the
 * others, as in production). Per round: the time to accept; the preview of the same batch
 * just before (the planning alone); the backend's own account of where the time went (its
 * `batch ... accepted` log line: the plan, the store, the orders and the read back, and per
 * item step the count and mean time); and the SQLite statements and commits each database
 * file ran meanwhile, with the time they held the event loop (sqliteProbe.js: better-sqlite3
 * runs them synchronously, and a commit waits for the disk).
 *
 *   bench/batch-accept/run [--services 400] [--rounds 3] [--concurrency 32] [--replicas 15]
 *                          [--profile <dir>] [--sqlite-wal <regex>] [--sqlite-synchronous <level>]
 *                          [--sqlite-rollback <regex>]
 *                          [--postgres postgresql://postgres@127.0.0.1:5432] [--keep]
 *
 * `--replicas` is each service's production replicas (bench/fleet's fleet runs 15 or 17;
 * fewer makes the seeding faster and the rollouts lighter). `--profile <dir>` writes a CPU
 * profile of the backend during each accept (`<dir>/accept-<round>.cpuprofile`; summarise
 * with `node bench/status-read/profileSummary.js <file>`). `--sqlite-wal dyploma` runs the
 * database files whose name matches in WAL mode with synchronous=NORMAL, or the level
 * `--sqlite-synchronous` names (off, normal, full); `--sqlite-rollback dyploma` runs them
 * with SQLite's defaults (rollback journal, synchronous=FULL), as Dyploma did before it chose
 * WAL itself. Either wins over what the backend sets (sqliteProbe.js), to compare what the
 * disk waits of the commits cost. Each round gives the statements and commits during the
 * accept (`sqlite`) and, without --profile, during the rollout after it (`sqliteRollout`),
 * with the journal mode and synchronous level each file ran with.
 * `--postgres <url>` puts every plugin's database on that PostgreSQL server instead (as in
 * production; databases named `bench_batch_<run>_<plugin>`, dropped at the end).
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import knexFactory from 'knex';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { CATALOG_NAMESPACE, SERVICES, serviceName } from '../fleet/fleetShape';
import { Backend, inParallel } from '../fleet/http';
import { Child, readJsonIfExists, sleep, until } from '../fleet/processes';
import { waitForOrders } from '../fleet/seed';
import { Stack } from '../fleet/stack';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: String(SERVICES) },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    replicas: { type: 'string' },
    profile: { type: 'string' },
    'sqlite-wal': { type: 'string' },
    'sqlite-synchronous': { type: 'string' },
    'sqlite-rollback': { type: 'string' },
    postgres: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const statusReadDir = join(__dirname, '..', 'status-read');
const log = (message: string) =>
  console.error(
    `[bench/batch-accept ${new Date().toISOString().slice(11, 19)}] ${message}`,
  );

/** The backend's account of one accepted batch (see runItems.ts), parsed from its log. */
function acceptedLine(server: Child, batchId: string) {
  for (let i = server.lines.length - 1; i >= 0; i--) {
    const { text } = server.lines[i];
    if (!text.includes(batchId) || !text.includes('accepted')) continue;
    try {
      const parsed = JSON.parse(text);
      return parsed.timings ? parsed : { message: parsed.message };
    } catch {
      return { message: text };
    }
  }
  return undefined;
}

/** Drops the databases of this run (`--postgres`). */
async function dropDatabases(url: string, prefix: string) {
  const db = knexFactory({ client: 'pg', connection: url });
  try {
    const { rows } = await db.raw(
      'select datname from pg_database where datname like ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      await db.raw('drop database if exists ??', [datname]);
    }
  } finally {
    await db.destroy();
  }
}

type SqliteCounts = {
  statements: number;
  ms: number;
  commits: number;
  commitMs: number;
  maxMs: number;
  journal?: string;
  synchronous?: string;
};

/** What each SQLite database ran between two counts (sqliteProbe.js). */
function sqliteDuring(
  before: Record<string, SqliteCounts>,
  after: Record<string, SqliteCounts>,
) {
  return Object.fromEntries(
    Object.entries(after)
      .map(([file, a]) => {
        const b = before[file];
        return [
          file.replace(/\.sqlite$/, ''),
          {
            statements: a.statements - (b?.statements ?? 0),
            commits: a.commits - (b?.commits ?? 0),
            ms: Math.round(a.ms - (b?.ms ?? 0)),
            commitMs: Math.round(a.commitMs - (b?.commitMs ?? 0)),
            journal: a.journal,
            synchronous: a.synchronous,
          },
        ] as const;
      })
      .filter(([, d]) => d.statements > 0),
  );
}

/** Polls the batch until none of its orders is active. */
async function waitForBatch(backend: Backend, id: string) {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const { status, body } = await backend
      .call('GET', `/api/dyploma/batches/${id}`)
      .catch(() => ({ status: 0, body: undefined as any }));
    if (status === 200 && body.status !== 'running') return body;
    if (Date.now() > deadline) {
      throw new Error(`batch ${id} still running after 30 minutes`);
    }
    await sleep(2000);
  }
}

async function main() {
  const services = Number(values.services);
  const rounds = Number(values.rounds);
  if (!(services >= 1 && services <= SERVICES)) {
    throw new Error(`--services: expected 1 to ${SERVICES}`);
  }
  const synchronous = values['sqlite-synchronous'];
  if (
    synchronous !== undefined &&
    !['off', 'normal', 'full'].includes(synchronous.toLowerCase())
  ) {
    throw new Error(
      `--sqlite-synchronous: expected off, normal or full, got ${synchronous}`,
    );
  }
  if (synchronous !== undefined && !values['sqlite-wal']) {
    throw new Error('--sqlite-synchronous: applies with --sqlite-wal only');
  }
  const stack = new Stack('dyploma-bench-batch-', { keep: values.keep, log });
  try {
    await stack.startKubeSim();
    // --postgres: every plugin's database on PostgreSQL (as in production), named with a
    // prefix of this run, dropped at the end.
    const pgPrefix = `bench_batch_${randomBytes(4).toString('hex')}_`;
    const postgres = values.postgres;
    const { configFile, backend } = await stack.writeConfig({
      workerConcurrency: Number(values.concurrency),
      edit: postgres
        ? appConfig => {
            appConfig.backend.database = {
              client: 'pg',
              connection: postgres,
              prefix: pgPrefix,
            };
          }
        : undefined,
    });
    if (postgres) stack.onStop(() => dropDatabases(postgres, pgPrefix));
    const profileDir = values.profile && resolve(values.profile);
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const probeDir = join(stack.dir, 'probe');
    mkdirSync(probeDir);
    const server = stack.startBackend(configFile, {
      nodeArgs: [
        '-r',
        join(__dirname, 'sqliteProbe.js'),
        ...(profileDir ? ['-r', join(statusReadDir, 'profiler.js')] : []),
      ],
      env: {
        // Info (the stack's default): the backend's line per accepted batch; the rest
        // goes to backend.log.
        BENCH_SQLITE_PROBE_DIR: probeDir,
        ...(values['sqlite-wal'] && { BENCH_SQLITE_WAL: values['sqlite-wal'] }),
        ...(synchronous && { BENCH_SQLITE_SYNCHRONOUS: synchronous }),
        ...(values['sqlite-rollback'] && {
          BENCH_SQLITE_ROLLBACK: values['sqlite-rollback'],
        }),
        ...(profileDir && { BENCH_PROFILE_DIR: profileDir }),
      },
    });
    // SIGUSR2: the probe writes its SQLite counts so far (sqliteProbe.js), and with
    // --profile the CPU profile starts or stops (profiler.js).
    let marks = 0;
    const mark = async (what: 'started' | 'stopped') => {
      const counts = join(probeDir, `sqlite-${marks++}.json`);
      const marker = profileDir && join(profileDir, what);
      if (marker) rmSync(marker, { force: true });
      process.kill(server.pid, 'SIGUSR2');
      const sqlite = await until(
        'the SQLite counts',
        () => readJsonIfExists<Record<string, SqliteCounts>>(counts),
        { timeoutMs: 30_000, intervalMs: 20 },
        server,
      );
      const profile =
        marker &&
        (await until(
          `profile ${what}`,
          () => (existsSync(marker) ? readFileSync(marker, 'utf8') : undefined),
          { timeoutMs: 30_000, intervalMs: 20 },
          server,
        ));
      return { sqlite, profile };
    };
    await stack.signInAsAdmin(backend, server);

    // The services, deployed to production as bench/fleet deploys them.
    const names = Array.from({ length: services }, (_, i) => serviceName(i));
    const seedStart = Date.now();
    const ids = await inParallel(names, 8, async (name, i) => {
      const res = await backend.expect(
        [200, 201],
        'POST',
        `/api/dyploma/services/${CATALOG_NAMESPACE}/${name}/orders`,
        {
          kind: 'deploy',
          environment: 'production',
          version: '1.0.0',
          replicas: values.replicas
            ? Number(values.replicas)
            : i % 2 === 0
            ? 15
            : 17,
          reason: 'bench: batch accept',
          idempotencyKey: `bench-batch-seed-${i}`,
        },
      );
      return res.body.id as string;
    });
    const seeded = await waitForOrders(backend, ids, {
      timeoutMs: 45 * 60_000,
      onProgress: n => log(`  ${n}/${ids.length} deploys finished`),
    });
    log(
      `deployed ${services} services in ${(
        (Date.now() - seedStart) /
        1000
      ).toFixed(1)} s: ${JSON.stringify(seeded.byStatus)}`,
    );

    const body = {
      environment: 'production',
      action: { kind: 'restart' },
      select: { refs: names.map(n => `component:${CATALOG_NAMESPACE}/${n}`) },
      reason: 'bench: restart everything',
    };
    const results: object[] = [];
    for (let round = 1; round <= rounds; round++) {
      await sleep(3000);
      const preview = await backend.expect(
        [200],
        'POST',
        '/api/dyploma/batches/preview',
        body,
      );
      const load = loadavg()[0];
      const before = await mark('started');
      const accepted = await backend.expect(
        [201],
        'POST',
        '/api/dyploma/batches',
        body,
      );
      const after = await mark('stopped');
      if (after.profile) {
        renameSync(
          after.profile,
          join(profileDir!, `accept-${round}.cpuprofile`),
        );
      }
      const batch = accepted.body;
      const backendSays = await until(
        'the backend log line of the batch',
        () => acceptedLine(server, batch.id),
        { timeoutMs: 10_000 },
      ).catch(() => undefined);
      const done = await waitForBatch(backend, batch.id);
      // The worker's statements and commits during the rollout (a mark toggles the
      // profiler too, so not with --profile).
      const rolledOut = profileDir ? undefined : await mark('stopped');
      const result = {
        round,
        acceptMs: Math.round(accepted.ms),
        previewMs: Math.round(preview.ms),
        load1: +load.toFixed(2),
        summary: batch.summary,
        sqlite: sqliteDuring(before.sqlite, after.sqlite),
        ...(rolledOut && {
          sqliteRollout: sqliteDuring(after.sqlite, rolledOut.sqlite),
        }),
        convergeMs: Date.parse(done.finishedAt) - Date.parse(batch.createdAt),
        final: done.summary,
        backend: backendSays,
      };
      results.push(result);
      log(JSON.stringify(result));
    }
    console.log(
      JSON.stringify(
        {
          services,
          rounds,
          workerConcurrency: Number(values.concurrency),
          acceptMs: results.map(r => (r as { acceptMs: number }).acceptMs),
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    await stack.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
