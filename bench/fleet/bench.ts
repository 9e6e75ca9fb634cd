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
 * Dyploma against Backstage's Kubernetes backend on the seed's fleet, in one
 * run. See README.md; `bench/fleet/run` is the command.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { SimInfo, writeAppConfig, writeCatalog } from './config';
import {
  CATALOG_NAMESPACE,
  SERVICES,
  expectedTotals,
  serviceName,
} from './fleetShape';
import { Backend, interleaved, Latency, measure } from './http';
import { Counts, KubeSimCounters, fleetFacts } from './kubeSimApi';
import {
  Child,
  freePort,
  memoryOf,
  readJsonIfExists,
  sleep,
  startChild,
  until,
  untilQuiet,
} from './processes';
import { batchesServed, RestartResult, restartAll } from './restart';
import { writeResults } from './results';
import { deployFleet } from './seed';

/**
 * Steady state: both backends and kube-sim together under 30% of one core for 5 s
 * (Dyploma's metrics polls and both catalogs' loops keep running); at most 3 minutes.
 */
const STEADY = { windowMs: 5000, maxShare: 0.3, timeoutMs: 180_000 };

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '32' },
    runs: { type: 'string', default: '200' },
    service: { type: 'string', default: serviceName(42) },
    'time-scale': { type: 'string', default: '1' },
    'skip-restart': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    hold: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

/** How long the backend goes without views before its RSS is read (e). */
const SETTLE_MS = 60_000;

/** Views of the fleet page measured for (d). */
const FLEET_VIEWS = [
  { label: 'first page (default: 50 rows by service)', query: '' },
  {
    label: 'one owner, not ready first',
    query: '?owner=team-07&sort=ready&order=asc',
  },
  {
    label: 'largest page (1,000 rows by status)',
    query: '?sort=status&order=desc&limit=1000',
  },
];

export type FleetMeasure = (typeof FLEET_VIEWS)[number] & {
  latency: Latency;
  calls: number;
  rows: number;
};

const log = (message: string) =>
  console.error(
    `[bench/fleet ${new Date().toISOString().slice(11, 19)}] ${message}`,
  );

const here = (file: string) => join(__dirname, file);

/** Per-view Kubernetes API calls: one view at a time between counter reads, the median of `samples`. */
async function callsPerView(
  counters: KubeSimCounters,
  view: () => Promise<unknown>,
  samples = 9,
): Promise<{ median: number; sample: Counts }> {
  const totals: Array<{ n: number; counts: Counts }> = [];
  for (let i = 0; i < samples; i++) {
    await counters.reset();
    await view();
    const counts = await counters.read();
    totals.push({ n: counts.total, counts });
  }
  totals.sort((a, b) => a.n - b.n);
  const mid = totals[Math.floor(totals.length / 2)];
  return { median: mid.n, sample: mid.counts };
}

/** Counter totals over a window of many views, with the window's length. */
async function windowed<T>(counters: KubeSimCounters, fn: () => Promise<T>) {
  await counters.reset();
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  return { result, ms, counts: await counters.read() };
}

function startBackend(
  dir: string,
  configFile: string,
  name: string,
  env: NodeJS.ProcessEnv = {},
): Child {
  return startChild(
    [here('backend.js'), '--config', configFile],
    join(dir, `${name}.log`),
    { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
  );
}

async function waitListening(child: Child) {
  await until(
    'backend listening',
    () => child.lines.find(l => /Listening on /.test(l.text)),
    { timeoutMs: 120_000 },
    child,
  );
}

/** Signs the guest in once the backend answers (it may listen before auth is ready). */
async function signInWhenUp(backend: Backend, child: Child, intervalMs = 100) {
  await until(
    'guest sign-in',
    () =>
      backend.signIn().then(
        () => true,
        () => undefined,
      ),
    { timeoutMs: 60_000, intervalMs },
    child,
  );
}

async function main() {
  const loadAtStart = loadavg();
  const concurrency = Number(values.concurrency);
  const runs = Number(values.runs);
  const service = values.service!;
  const dir = mkdtempSync(join(tmpdir(), 'dyploma-bench-fleet-'));
  const token = randomBytes(24).toString('hex');
  const children: Child[] = [];
  const cleanup = async () => {
    for (const c of children.reverse()) await c.stop();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    log(`working directory ${dir}`);
    // kube-sim, its own process, with the seed's 1,600 nodes.
    const infoFile = join(dir, 'sim.json');
    const sim = startChild(
      [
        here('kube-sim.js'),
        '--info',
        infoFile,
        '--token',
        token,
        '--time-scale',
        values['time-scale']!,
      ],
      join(dir, 'kube-sim.log'),
    );
    children.push(sim);
    const simInfo = await until<SimInfo>(
      'kube-sim',
      () => readJsonIfExists<SimInfo>(infoFile),
      { timeoutMs: 60_000 },
      sim,
    );
    log(
      `kube-sim up: ${simInfo.clusters
        .map(c => `${c.name} ${c.url}`)
        .join(', ')}`,
    );
    const counters = new KubeSimCounters(simInfo);

    const port = await freePort();
    const catalogFile = writeCatalog(dir);
    const configFile = writeAppConfig({
      dir,
      port,
      sim: simInfo,
      catalogFile,
      workerConcurrency: concurrency,
    });
    const backend = new Backend(`http://127.0.0.1:${port}`);

    // Phase 1: a backend deploys the fleet through Dyploma's API (a release per Deployment).
    log('seeding: starting a backend, waiting for the catalog');
    const seeder = startBackend(dir, configFile, 'backend-seed');
    children.push(seeder);
    await waitListening(seeder);
    await signInWhenUp(backend, seeder);
    const catalogStart = performance.now();
    await until(
      `${SERVICES} services in the catalog`,
      async () => {
        const res = await backend.call(
          'GET',
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
        );
        return res.body?.totalItems >= SERVICES ? true : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 500 },
      seeder,
    );
    // The guest's groups come from the catalog at sign-in: sign in again once it is a platform admin.
    await until(
      'the guest in platform-admins',
      async () => {
        const identity = await backend.signIn();
        return identity.ownershipEntityRefs.includes(
          'group:default/platform-admins',
        )
          ? true
          : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
      seeder,
    );
    const catalogMs = performance.now() - catalogStart;
    log(
      `catalog has ${SERVICES} services after ${(catalogMs / 1000).toFixed(
        1,
      )} s; ordering the fleet`,
    );
    const seed = await deployFleet(backend, log);
    const fleet = await fleetFacts(simInfo);
    log(`fleet: ${JSON.stringify(fleet)}`);
    const expected = expectedTotals();
    if (
      fleet.deployments !== expected.deployments ||
      fleet.readyPods !== expected.pods
    ) {
      throw new Error(
        `fleet is not the seed's: ${fleet.deployments} Deployments, ${
          fleet.readyPods
        } Ready pods; expected ${JSON.stringify(expected)}`,
      );
    }
    await seeder.stop();
    // The peer's backend (started later) gets a copy of the databases, so its catalog holds
    // the same 400 services at once: its route checks the entity against its own catalog.
    cpSync(join(dir, 'sqlite'), join(dir, 'sqlite-app-config-peer'), {
      recursive: true,
    });

    // Phase 2: a fresh backend process on the same database and clusters (cold caches).
    log('cold start: a new backend process');
    const main = startBackend(dir, configFile, 'backend');
    children.push(main);
    await waitListening(main);
    const listeningMs =
      main.lines.find(l => /Listening on /.test(l.text))!.at - main.startedAt;
    await signInWhenUp(backend, main, 20);
    const statusPath = `/api/dyploma/services/${CATALOG_NAMESPACE}/${service}`;
    const syncedAt = await until(
      'fleet caches synced',
      async () => {
        const res = await backend.call('GET', statusPath);
        const live: Array<{ health: string }> = res.body?.live ?? [];
        return res.status === 200 &&
          live.length > 0 &&
          live.every(l => l.health === 'connected')
          ? performance.now()
          : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 50 },
      main,
    );
    const syncMs = syncedAt - main.startedAt;
    // The caches start right after Dyploma's migrations (plugin.ts logs that line, then
    // starts the fleet cache): from there to synced is the caches' own work, without
    // the Backstage backend's boot that precedes it.
    const cachesStartedAt = main.lines.find(l =>
      /Dyploma database is migrated/.test(l.text),
    )?.at;
    const cacheSyncMs =
      cachesStartedAt === undefined ? undefined : syncedAt - cachesStartedAt;
    const clusterConnected = main.lines
      .filter(l => /Cluster \S+ is connected/.test(l.text))
      .map(l => ({
        cluster: /Cluster (\S+) is connected/.exec(l.text)![1],
        ms: l.at - main.startedAt,
      }));
    log(
      `listening after ${(listeningMs / 1000).toFixed(
        1,
      )} s, caches synced after ${(syncMs / 1000).toFixed(1)} s (${
        cacheSyncMs === undefined ? '?' : (cacheSyncMs / 1000).toFixed(1)
      } s after they started)`,
    );

    // The peer runs in a backend process of its own: the same backend without Dyploma, on
    // the same clusters with the same token. Each plugin then has its event loop and heap
    // to itself, so neither's garbage or background work lands in the other's latency or
    // RSS; the machine's cores are shared by both as before.
    log('the peer: a second backend process, without Dyploma');
    const peerPort = await freePort();
    const peerConfig = writeAppConfig({
      dir,
      port: peerPort,
      sim: simInfo,
      catalogFile,
      workerConcurrency: concurrency,
      name: 'app-config-peer',
    });
    const peerBackend = new Backend(`http://127.0.0.1:${peerPort}`);
    const peer = startBackend(dir, peerConfig, 'backend-peer', {
      BENCH_FLEET_WITHOUT_DYPLOMA: '1',
    });
    children.push(peer);
    await waitListening(peer);
    await signInWhenUp(peerBackend, peer);

    // The entity the Kubernetes tab sends, as the catalog serves it.
    const entity = (
      await backend.expect(
        [200],
        'GET',
        `/api/catalog/entities/by-name/component/${CATALOG_NAMESPACE}/${service}`,
      )
    ).body;
    const dyplomaView = () => backend.call('GET', statusPath);
    const peerView = () =>
      peerBackend.call('POST', `/api/kubernetes/services/${service}`, {
        entity,
        auth: {},
      });

    // Same content? The peer must see the service's pods too, or the comparison means nothing.
    const sample = await peerView();
    const peerPods = (sample.body.items ?? []).reduce(
      (n: number, c: any) =>
        n +
        (c.resources?.find((r: any) => r.type === 'pods')?.resources?.length ??
          0),
      0,
    );
    const dyplomaPods = ((await dyplomaView()).body.live ?? []).reduce(
      (n: number, l: any) => n + l.pods.length,
      0,
    );
    log(
      `pods of ${service}: Dyploma ${dyplomaPods}, kubernetes-backend ${peerPods}`,
    );

    // Steady state first: both backends have just started, and a Backstage backend's
    // first minute is busy (the catalog's processing loop goes through all 400 entities,
    // Dyploma's caches and the peer's plugins start up). Measured from the 14th second, as
    // before, (a) carried both backends' start-up on the two shared cores: p95 5.5–7 ms
    // against 2.3 ms from a backend that had run for minutes (bench/status-read --fleet).
    const started = await untilQuiet([main.pid, peer.pid, sim.pid], STEADY);
    log(
      `steady state ${started.quiet ? 'after' : 'not reached in'} ${(
        started.waitedMs / 1000
      ).toFixed(1)} s: the three processes used ${(
        started.lastShare * 100
      ).toFixed(0)}% of a core in the last ${STEADY.windowMs / 1000} s`,
    );

    // (a), (b), the catalog lookup Dyploma's read starts with and the floor, interleaved
    // round by round, so a change in the machine's load hits all four alike.
    const catalogView = () =>
      backend.call(
        'GET',
        `/api/catalog/entities/by-name/component/${CATALOG_NAMESPACE}/${service}`,
      );
    for (let i = 0; i < 50; i++) await dyplomaView(); // warm-up (JIT, connection)
    for (let i = 0; i < 10; i++) await peerView();
    for (let i = 0; i < 50; i++) await catalogView();
    // The floor of (a): an authenticated route of the same backend that does nothing
    // (Backstage's middleware, the token check, the request log, the machine).
    const floorView = () => backend.call('GET', '/api/dyploma/health');
    for (let i = 0; i < 50; i++) await floorView();
    log(`(a), (b) interleaved: ${runs} rounds`);
    const ab = await interleaved(runs, {
      dyploma: dyplomaView,
      peer: peerView,
      catalog: catalogView,
      floor: floorView,
    });
    const a = await windowed(counters, () => measure(runs, dyplomaView));
    log('(c) API calls per view');
    const idle = await windowed(counters, () => sleep(10_000));
    const cDyploma = await callsPerView(counters, dyplomaView);
    const cPeer = await callsPerView(counters, peerView);

    // (d) The fleet page's API: its first page as the page loads it, a filtered view, and the largest page.
    let d: FleetMeasure[] | { missing: string };
    const probe = await backend.call('GET', '/api/dyploma/fleet');
    if (probe.status === 404) {
      d = {
        missing:
          'GET /api/dyploma/fleet answers 404: the fleet API has not landed',
      };
    } else if (probe.status !== 200) {
      d = {
        missing: `GET /api/dyploma/fleet answered ${
          probe.status
        }: ${JSON.stringify(probe.body).slice(0, 200)}`,
      };
    } else {
      d = [];
      for (const variant of FLEET_VIEWS) {
        log(`(d) fleet API ${variant.label} × 50`);
        const view = () =>
          backend.call('GET', `/api/dyploma/fleet${variant.query}`);
        for (let i = 0; i < 3; i++) await view();
        const w = await windowed(counters, () => measure(50, view));
        const calls = await callsPerView(counters, view, 5);
        const total = (await view()).body.total as number;
        d.push({
          ...variant,
          latency: w.result,
          calls: calls.median,
          rows: total,
        });
      }
    }

    const busyMemory = memoryOf(main.pid);
    const peerMemory = memoryOf(peer.pid);
    const simMemory = memoryOf(sim.pid);
    // The peer is done: its process would only compete for the cores during (g).
    await peer.stop();
    // Right after a burst of views the heap still holds their garbage; V8 gives memory
    // back once allocation slows down. The steady state is measured after a minute with no
    // views (the caches keep watching and the metrics poller keeps polling meanwhile).
    log(
      `(e) backend RSS right after the views ${busyMemory.rssMiB} MiB; a minute without views`,
    );
    await sleep(SETTLE_MS);
    const memory = { ...memoryOf(main.pid), afterViews: busyMemory };
    log(
      `(e) backend RSS ${memory.rssMiB} MiB (peak ${memory.peakMiB}), the peer's ${peerMemory.rssMiB} MiB, kube-sim ${simMemory.rssMiB} MiB`,
    );

    let g: RestartResult | { missing: string } | undefined;
    if (!values['skip-restart']) {
      const useBatch = await batchesServed(backend);
      log(
        `(g) restart of all ${SERVICES} services in production via ${
          useBatch ? 'the batch API' : 'one order per service (no batch API)'
        }`,
      );
      try {
        const restart = await restartAll(backend, counters, useBatch);
        log(
          `    accepted in ${restart.acceptMs} ms, converged in ${(
            restart.convergeMs / 1000
          ).toFixed(1)} s: ${JSON.stringify(restart.byStatus)}`,
        );
        g = restart;
      } catch (e) {
        // The other figures stand on their own: report the restart's failure with them.
        log(`    the restart failed: ${e}`);
        g = { missing: `the restart failed: ${String(e).slice(0, 300)}` };
      }
    }
    const after = memoryOf(main.pid);
    let afterRestartSettled: { rssMiB: number; peakMiB: number } | undefined;
    if (g && 'acceptMs' in g) {
      // The same minute without requests after the restart's rollouts (watch events of
      // 7,500 replaced pods, 1,200 rollouts): what the backend keeps once they are done.
      log(
        `(e) after the restart ${after.rssMiB} MiB; a minute without requests`,
      );
      await sleep(SETTLE_MS);
      afterRestartSettled = memoryOf(main.pid);
      log(
        `(e) after the restart and a minute: ${afterRestartSettled.rssMiB} MiB`,
      );
    }
    const fleetAfter = await fleetFacts(simInfo);

    if (values.hold) {
      // For profiling: kube-sim and the backend stay up until Ctrl-C (no baseline run then).
      log(
        `holding: kube-sim pid ${sim.pid} (${infoFile}), backend pid ${main.pid} on port ${port}; Ctrl-C ends`,
      );
      await new Promise(() => {});
    }
    // The same backend without Dyploma, after the catalog reads (a′) made: what Dyploma adds.
    await main.stop();
    log('baseline: the same backend without Dyploma');
    const bare = startChild(
      [here('backend.js'), '--config', configFile],
      join(dir, 'backend-without-dyploma.log'),
      {
        ...process.env,
        NODE_ENV: 'production',
        BENCH_FLEET_WITHOUT_DYPLOMA: '1',
      },
    );
    children.push(bare);
    await waitListening(bare);
    await signInWhenUp(backend, bare);
    await measure(20, catalogView);
    await sleep(SETTLE_MS);
    const withoutDyploma = memoryOf(bare.pid);
    log(`backend without Dyploma: RSS ${withoutDyploma.rssMiB} MiB`);
    await bare.stop();

    // An --out elsewhere (a trial run) leaves the committed results alone.
    const outDir = values.out ?? __dirname;
    writeResults(
      outDir,
      {
        date: new Date().toISOString(),
        load: { atStart: loadAtStart, atEnd: loadavg() },
        service,
        concurrency,
        timeScale: Number(values['time-scale']),
        fleet,
        fleetAfter,
        catalogMs,
        seed,
        cold: { listeningMs, syncMs, cacheSyncMs, clusterConnected },
        pods: { dyploma: dyplomaPods, peer: peerPods },
        a: ab.dyploma,
        b: ab.peer,
        catalogLookup: ab.catalog,
        floor: ab.floor,
        steady: { ...STEADY, ...started },
        c: {
          dyploma: cDyploma,
          peer: cPeer,
          idle: idle.counts,
          idleMs: idle.ms,
          dyplomaWindow: { views: runs, counts: a.counts, latency: a.result },
        },
        d,
        e: {
          ...memory,
          afterRestart: after,
          afterRestartSettled,
          kubeSim: simMemory,
          peer: peerMemory,
          withoutDyploma,
        },
        g,
      },
      values.out ? undefined : join(__dirname, '..', 'RESULTS.md'),
    );
    log(`results written to ${outDir}`);
  } finally {
    await cleanup();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
