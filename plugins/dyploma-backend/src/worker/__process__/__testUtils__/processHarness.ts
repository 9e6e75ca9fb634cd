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
 * Helpers of the process-level tests and of bench/deploy: start Dyploma backends as
 * separate Node processes (backendProcess.ts), give them a database they can share, and
 * count what reaches kube-sim.
 */

import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type { KubeSim } from '@dyploma/kube-sim';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';

/** What backendProcess.ts prints once its backend listens. */
export const READY_LINE = 'DYPLOMA_PROCESS_READY';

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

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** `dyploma.clusters` for kube-sim's clusters, each its own datacenter. */
export function simClusters(sim: KubeSim) {
  return sim.clusters.map(c => ({
    name: c.name,
    datacenter: c.name,
    url: c.url,
    serviceAccountToken: c.token,
    caData: c.caData,
  }));
}

/** A catalog Component of type service with a Dyploma model. */
export function serviceEntity(name: string, dyploma: JsonObject): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-payments',
      dyploma,
    },
  };
}

export const USER = 'user:default/alice';
const AUTHORIZATION = mockCredentials.user.header(USER);

export type BackendProcess = {
  name: string;
  pid: number;
  url: string;
  /** Calls the Dyploma REST API (under /api/dyploma) as a user. */
  api(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** Calls any path of the backend as a user. */
  request(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** kill -9: no shutdown hook runs, leases and watches are left as they are. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not ended within 10 s. */
  stop(): Promise<void>;
  /** What the process printed, for a failing test's message. */
  output(): string;
};

export type ApiResponse = { status: number; body: any };

/**
 * Starts a Dyploma backend in its own Node process and waits until it listens.
 * `config` is merged over the listen address and the database.
 */
export async function startBackendProcess(options: {
  name: string;
  database: ProcessDatabase;
  entities: Entity[];
  dyploma: JsonObject;
  /** More app-config, merged over the rest (e.g. `kubernetes` for the peer plugin). */
  extraConfig?: JsonObject;
  /** Another entry script that calls runBackendProcess (default backendProcess.ts). */
  entry?: string;
  startTimeoutMs?: number;
}): Promise<BackendProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config: JsonObject = {
    backend: {
      baseUrl: url,
      listen: { host: '127.0.0.1', port },
      database: options.database.config,
    },
    dyploma: options.dyploma,
    ...options.extraConfig,
  };
  // A file, not the environment: a large catalog does not fit in an environment variable.
  const optionsFile = join(
    mkdtempSync(join(tmpdir(), 'dyploma-process-options-')),
    'options.json',
  );
  writeFileSync(
    optionsFile,
    JSON.stringify({ config, entities: options.entities }),
  );
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      options.entry ?? resolve(__dirname, 'backendProcess.ts'),
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: process.env.DYPLOMA_PROCESS_LOG_LEVEL ?? 'warn',
        DYPLOMA_PROCESS_OPTIONS: optionsFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const exited = new Promise<number | null>(resolveExit =>
    child.once('exit', (code, killedBy) =>
      resolveExit(code ?? (killedBy ? -1 : null)),
    ),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const ready = new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      lines.push(text);
      if (text.includes(READY_LINE)) resolveReady();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(code =>
      reject(
        new Error(
          `backend ${
            options.name
          } exited (${code}) before it was ready:\n${lines.join('')}`,
        ),
      ),
    );
  });
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      ready,
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `backend ${
                  options.name
                } was not ready in ${timeoutMs} ms:\n${lines.join('')}`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
    rmSync(dirname(optionsFile), { recursive: true, force: true });
  }

  const request = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResponse> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: AUTHORIZATION,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  };
  const waitForExit = async (ms: number) => {
    await Promise.race([exited, new Promise(r => setTimeout(r, ms))]);
    return ended;
  };
  return {
    name: options.name,
    pid: child.pid!,
    url,
    api: (method, path, body) => request(method, `/api/dyploma${path}`, body),
    request,
    async kill9() {
      signal(child, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (ended) return;
      signal(child, 'SIGTERM');
      if (!(await waitForExit(10_000))) {
        signal(child, 'SIGKILL');
        await exited;
      }
    },
    output: () => lines.join(''),
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals) {
  if (child.exitCode === null && child.signalCode === null) child.kill(name);
}

/** One server-side apply of a Deployment, as kube-sim's API layer received it. */
export type DeploymentApply = {
  cluster: string;
  namespace: string;
  name: string;
  /** Date.now() when kube-sim handled the request. */
  at: number;
};

/**
 * Records every server-side apply of a Deployment that reaches kube-sim (in this
 * process), by name. kube-sim's control API counts requests per resource only; this
 * probe wraps the API layer's patch, which every PATCH request goes through, to see
 * which Deployment each apply was for and when.
 */
export function recordDeploymentApplies(sim: KubeSim) {
  const applies: DeploymentApply[] = [];
  for (const { name: cluster } of sim.clusters) {
    const api = sim.cluster(cluster).api;
    const patch = api.patch.bind(api);
    api.patch = (t, ns, name, type, body, opts = {}) => {
      if (
        t.plural === 'deployments' &&
        type === 'apply' &&
        !opts.subresource &&
        !opts.dryRun
      ) {
        applies.push({ cluster, namespace: ns ?? '', name, at: Date.now() });
      }
      return patch(t, ns, name, type, body, opts);
    };
  }
  return {
    applies,
    /** Applies per `cluster/namespace/name`. */
    counts() {
      const counts = new Map<string, number>();
      for (const a of applies) {
        const key = `${a.cluster}/${a.namespace}/${a.name}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
    clear() {
      applies.length = 0;
    },
  };
}

/** Deployment applies per cluster from kube-sim's control API request counters. */
export async function deploymentAppliesPerCluster(
  sim: KubeSim,
): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const { name } of sim.clusters) {
    const res = await fetch(
      `${sim.controlUrl}/control/v1/clusters/${name}/requests`,
    );
    const { requests } = (await res.json()) as {
      requests: Array<{ verb: string; resource: string; count: number }>;
    };
    result[name] = requests
      .filter(
        r =>
          ['apply', 'patch'].includes(r.verb) && r.resource === 'deployments',
      )
      .reduce((sum, r) => sum + r.count, 0);
  }
  return result;
}

/** Resets kube-sim's request counters of every cluster. */
export async function resetRequestCounters(sim: KubeSim) {
  for (const { name } of sim.clusters) {
    await fetch(`${sim.controlUrl}/control/v1/clusters/${name}/requests`, {
      method: 'DELETE',
    });
  }
}

/** Polls `read` until it returns a value `done` accepts. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${
          options.what ?? 'a condition'
        }; last: ${JSON.stringify(value)}`,
      );
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 50));
  }
}
