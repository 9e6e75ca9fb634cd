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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SimInfo, writeAppConfig, writeCatalog } from './config';
import { SERVICES } from './fleetShape';
import { Backend } from './http';
import {
  Child,
  freePort,
  readJsonIfExists,
  startChild,
  until,
} from './processes';

/**
 * What the benches start before they measure, in a temporary directory: kube-sim as a
 * child process, the catalog file and app-config (config.ts), and bench backends
 * (backend.js) on them; `stop()` ends the children (last started first), runs the
 * `onStop` clean-ups and removes the directory unless `keep`. Ctrl-C stops it too.
 *
 *   const stack = new Stack('dyploma-bench-x-', { keep });
 *   try {
 *     const sim = await stack.startKubeSim();
 *     const { configFile, backend } = await stack.writeConfig({ workerConcurrency: 4 });
 *     const server = stack.startBackend(configFile);
 *     await stack.signInAsAdmin(backend, server);
 *     ...
 *   } finally {
 *     await stack.stop();
 *   }
 */
export class Stack {
  readonly dir: string;
  /** kube-sim's service-account token, which the app-config hands both plugins. */
  readonly token = randomBytes(24).toString('hex');
  private readonly children: Child[] = [];
  private readonly cleanups: Array<() => Promise<void>> = [];
  private sim?: SimInfo;

  constructor(
    /** The temporary directory's prefix (`mkdtemp`). */
    prefix: string,
    private readonly options: {
      keep?: boolean;
      /** Says where the kept directory is and which clean-up failed (else stderr, kept unsaid). */
      log?: (message: string) => void;
    } = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    process.on('SIGINT', () => void this.stop().then(() => process.exit(130)));
  }

  /** Starts kube-sim (kube-sim.js, `extraArgs` after its own) and waits for its clusters. */
  async startKubeSim(extraArgs: string[] = []): Promise<SimInfo> {
    const infoFile = join(this.dir, 'sim.json');
    const sim = startChild(
      [
        join(__dirname, 'kube-sim.js'),
        '--info',
        infoFile,
        '--token',
        this.token,
        ...extraArgs,
      ],
      join(this.dir, 'kube-sim.log'),
    );
    this.children.push(sim);
    this.sim = await until<SimInfo>(
      'kube-sim',
      () => readJsonIfExists<SimInfo>(infoFile),
      { timeoutMs: 60_000 },
      sim,
    );
    return this.sim;
  }

  /**
   * Writes the catalog and an app-config on kube-sim's clusters and a free port; `edit`
   * changes the config before it is written again (the file is JSON). Returns the file
   * and a client of the backend that will listen on the port.
   */
  async writeConfig(options: {
    workerConcurrency: number;
    edit?: (config: any) => void;
  }): Promise<{ configFile: string; port: number; backend: Backend }> {
    if (!this.sim) throw new Error('writeConfig: start kube-sim first');
    const port = await freePort();
    const configFile = writeAppConfig({
      dir: this.dir,
      port,
      sim: this.sim,
      catalogFile: writeCatalog(this.dir),
      workerConcurrency: options.workerConcurrency,
    });
    if (options.edit) {
      const config = JSON.parse(readFileSync(configFile, 'utf8'));
      options.edit(config);
      writeFileSync(configFile, JSON.stringify(config, null, 2));
    }
    return {
      configFile,
      port,
      backend: new Backend(`http://127.0.0.1:${port}`),
    };
  }

  /**
   * Starts a bench backend (backend.js) on `configFile`, its output in `<name>.log`:
   * `nodeArgs` go to its node before the script (`-r` preloads, V8 flags); `env` over
   * NODE_ENV=production and LOG_LEVEL=info.
   */
  startBackend(
    configFile: string,
    options: {
      name?: string;
      nodeArgs?: string[];
      env?: NodeJS.ProcessEnv;
    } = {},
  ): Child {
    const child = startChild(
      [
        ...(options.nodeArgs ?? []),
        join(__dirname, 'backend.js'),
        '--config',
        configFile,
      ],
      join(this.dir, `${options.name ?? 'backend'}.log`),
      {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        ...options.env,
      },
    );
    this.children.push(child);
    return child;
  }

  /**
   * Signs the guest in once the backend answers, then waits until the catalog holds the
   * bench's services and the guest is a platform admin (its groups come from the catalog
   * at sign-in), signed in again as one.
   */
  async signInAsAdmin(backend: Backend, child: Child): Promise<void> {
    await signInWhenUp(backend, child, {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    await until(
      `${SERVICES} services in the catalog, the guest a platform admin`,
      async () => {
        const res = await backend.call(
          'GET',
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
        );
        if (!(res.body?.totalItems >= SERVICES)) return undefined;
        const identity = await backend.signIn();
        return identity.ownershipEntityRefs.includes(
          'group:default/platform-admins',
        )
          ? true
          : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 500 },
      child,
    );
  }

  /** Runs `cleanup` in `stop()`, after the children have ended. */
  onStop(cleanup: () => Promise<void>) {
    this.cleanups.push(cleanup);
  }

  async stop() {
    const log = this.options.log ?? ((m: string) => console.error(m));
    for (const c of [...this.children].reverse()) await c.stop();
    for (const c of this.cleanups) await c().catch(e => log(`cleanup: ${e}`));
    if (this.options.keep) this.options.log?.(`kept ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Waits until the backend logs that it listens (at LOG_LEVEL info or finer). */
export async function waitListening(child: Child, timeoutMs = 120_000) {
  await until(
    'backend listening',
    () => child.lines.find(l => /Listening on /.test(l.text)),
    { timeoutMs },
    child,
  );
}

/** Signs the guest in once the backend answers (it may listen before auth is ready). */
export async function signInWhenUp(
  backend: Backend,
  child: Child,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
) {
  await until(
    'guest sign-in',
    () =>
      backend.signIn().then(
        () => true,
        () => undefined,
      ),
    { timeoutMs, intervalMs },
    child,
  );
}
