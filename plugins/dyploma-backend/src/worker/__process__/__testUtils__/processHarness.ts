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
 * Start Dyploma backends as separate Node processes (backendProcess.ts) for the
 * process-level tests and bench/deploy. Their databases are in processDatabases.ts, what
 * they send to kube-sim is counted by kubeSimProbes.ts.
 */

import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ProcessDatabase } from './processDatabases';

/** What backendProcess.ts prints once its backend listens. */
export const READY_LINE = 'DYPLOMA_PROCESS_READY';

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
