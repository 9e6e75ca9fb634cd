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
 * What Dyploma's watch caches cost for the seed's fleet: memory per kind and
 * the time of a cold sync, with `FleetCache` alone (no backend around it).
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs --expose-gc bench/fleet/cacheMemory.ts
 *     [--time-scale 10]      kube-sim's clock (pods start 10× faster than real)
 *     [--skip-restart]       measure only the seeded fleet, not after a restart of production
 *     [--fleet-src <dir>]…   the fleet folder to measure (default this checkout's
 *                            plugins/dyploma-backend/src/fleet); give it twice to compare
 *                            with an older commit's on the same fleet, e.g. from
 *                            `git worktree add /tmp/fleet-old <commit>` with
 *                            `ln -s $PWD/node_modules /tmp/fleet-old/node_modules`
 *     [--out <file.json>]    also write the figures as JSON
 *     [--page-size <n>]      items per list page (default the caches' own, FleetTiming.listPageSize)
 *     [--hold]               build the fleet, then keep kube-sim up and measure nothing
 *                            (profiling: run `--measure <info file>` by hand; Ctrl-C ends)
 *
 * 1. Starts kube-sim as its own process (bench/fleet/kubeSim.ts: dc1–dc3, 1,600 nodes).
 * 2. Applies the seed's 2,300 Deployments (7,500 pods) as Dyploma renders them (its
 *    renderer, labels and annotations, server-side apply, 32 in flight), and waits until
 *    every Deployment is rolled out; kube-sim's controllers and kubelet record the Events.
 * 3. Measures, each time in a fresh process: three cold syncs of all kinds (time from
 *    `FleetCache.start()` to synced, client-node already loaded; heap; RSS and its
 *    peak), then each kind alone without the pod metrics poll, and the poll alone. Heap:
 *    heap used after a full GC, once synced, minus the same before the cache started.
 *    RSS is the whole process's: Node, the TypeScript transform and client-node hold
 *    about 250 MiB with no cache at all.
 * 4. Restarts every service in production (a `restartedAt` on the pod template, as
 *    Dyploma's restart order does; bench/fleet's step g), waits for the rollouts, and
 *    measures again: the Events more than double.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Entity } from '@backstage/catalog-model';
import {
  renderManifests,
  resolveEffectiveModel,
  validateServiceEntity,
} from '@dyploma/plugin-dyploma-common';
import type { SimInfo } from './config';
import {
  CATALOG_NAMESPACE,
  ENVIRONMENTS,
  VERSION,
  serviceName,
  teamOf,
} from './fleetShape';
import { fleetFacts } from './kubeSimApi';
import { readJsonIfExists, startChild, until } from './processes';

const { values } = parseArgs({
  options: {
    'time-scale': { type: 'string', default: '10' },
    'skip-restart': { type: 'boolean', default: false },
    'fleet-src': {
      type: 'string',
      multiple: true,
      default: [join(__dirname, '../../plugins/dyploma-backend/src/fleet')],
    },
    out: { type: 'string' },
    hold: { type: 'boolean', default: false },
    'page-size': { type: 'string' },
    // Internal: run as a measuring child process (of one kind, or all).
    measure: { type: 'string' },
    kind: { type: 'string' },
  },
});

const KINDS = [
  'events',
  'pods',
  'deployments',
  'replicasets',
  'nodes',
  'horizontalpodautoscalers',
  'jobs',
  'cronjobs',
] as const;

/** The pseudo-kind of the measure of the pod metrics poll. */
const METRICS = 'pod metrics';

const MiB = 2 ** 20;
const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

/** What one measuring process saw: one FleetCache, all kinds or one. */
type Run = {
  syncSeconds: number;
  objects: Record<string, number>;
  heapMiB: number;
  rssMiB: number;
  peakRssMiB: number;
};

type Measured = {
  /** Cold syncs of all kinds, each in a fresh process. */
  all: Run[];
  perKind: Record<string, Run>;
};

// ---------------------------------------------------------------- the measuring child

function gc() {
  const collect = (global as any).gc as (() => void) | undefined;
  if (!collect) throw new Error('run node with --expose-gc');
  collect();
  collect();
}

function peakRssMiB() {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024);
}

/**
 * One FleetCache in this fresh process, of every kind or of one. The heap it holds is
 * the heap used once it is synced minus the heap used before it started, both after a
 * full GC; a warm-up cache of CronJobs (none in this fleet) runs first, so that the code
 * client-node and the cache compile on first use is not counted as the cache's.
 */
async function measure(infoFile: string, kind?: string): Promise<Run> {
  const sim: SimInfo = JSON.parse(readFileSync(infoFile, 'utf8'));
  const fleetSrc = resolve(values['fleet-src']![0]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FleetCache } = require(join(fleetSrc, 'FleetCache'));
  const clusters = sim.clusters.map(c => ({
    name: c.name,
    datacenter: c.name,
    url: c.url,
    serviceAccountToken: c.token,
    caData: sim.caData,
    skipTLSVerify: false,
  }));
  const quiet = {
    error: (m: string) => console.error(m),
    warn: (m: string) => console.error(m),
    info: () => {},
    debug: () => {},
    child: () => quiet,
  };
  const sync = async (resources?: string[], metrics = true) => {
    const fleet = new FleetCache({
      clusters,
      logger: quiet,
      resources,
      timing: {
        // 0 turns the pod metrics poll off: a kind alone is measured without it.
        ...(metrics ? {} : { metricsIntervalMs: 0 }),
        ...(values['page-size'] && {
          listPageSize: Number(values['page-size']),
        }),
      },
    });
    const t0 = performance.now();
    await fleet.start();
    if (!(await fleet.waitForSync({ timeoutMs: 300_000 }))) {
      throw new Error(`not synced after 300 s: ${resources ?? 'all kinds'}`);
    }
    return { fleet, syncSeconds: (performance.now() - t0) / 1000 };
  };
  // client-node's own code (14 MiB of module sources) is not the cache's: load it first.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await require(join(fleetSrc, 'clientNode')).loadClientNode();
  if (kind) {
    // A function of its own, so that nothing keeps the warm-up cache alive.
    await sync(['cronjobs'], true).then(w => w.fleet.stop());
  }
  gc();
  if (process.env.CACHE_MEMORY_SNAPSHOT) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:v8').writeHeapSnapshot(
      `${process.env.CACHE_MEMORY_SNAPSHOT}.before`,
    );
    gc();
  }
  const before = process.memoryUsage().heapUsed;
  // "metrics": the pod metrics poll with a cache of CronJobs (none in this fleet).
  const { fleet, syncSeconds } = await (kind === METRICS
    ? sync(['cronjobs'])
    : sync(kind ? [kind] : undefined, !kind));
  const objects: Record<string, number> = {};
  if (kind === METRICS) {
    // The first poll runs beside the (empty) list of CronJobs: wait for it.
    await fleet.waitFor(
      () => fleet.clusterHealth().every((h: any) => h.podMetrics.lastPolled),
      {
        timeoutMs: 60_000,
      },
    );
    objects[kind] = fleet
      .clusterHealth()
      .reduce((n: number, h: any) => n + h.podMetrics.pods, 0);
  } else {
    // Counted from the caches' status: a list of every object would be measured too.
    for (const h of fleet.clusterHealth()) {
      for (const r of h.resources) {
        objects[r.resource] = (objects[r.resource] ?? 0) + r.objects;
      }
    }
  }
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  // Profiling: a heap snapshot of the synced cache, for the Memory tab of DevTools.
  if (process.env.CACHE_MEMORY_SNAPSHOT) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:v8').writeHeapSnapshot(process.env.CACHE_MEMORY_SNAPSHOT);
  }
  if (process.env.CACHE_MEMORY_DEBUG) console.error(process.memoryUsage());
  const run: Run = {
    syncSeconds: Math.round(syncSeconds * 10) / 10,
    objects,
    heapMiB: mib(heap),
    rssMiB: Math.round(process.memoryUsage().rss / MiB),
    peakRssMiB: peakRssMiB(),
  };
  await fleet.stop();
  return run;
}

// ---------------------------------------------------------------- the bench

const TOKEN = 'cache-memory-bench';

function caller(sim: SimInfo) {
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: Buffer.from(sim.caData, 'base64').toString(),
  });
  const call = (
    cluster: string,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ) =>
    new Promise<any>((resolvePromise, reject) => {
      const c = sim.clusters.find(x => x.name === cluster)!;
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        new URL(path, c.url),
        {
          method,
          agent,
          headers: {
            Authorization: `Bearer ${c.token}`,
            ...(payload ? { 'Content-Type': contentType } : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', d => chunks.push(d));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if ((res.statusCode ?? 500) >= 300 && res.statusCode !== 409) {
              reject(
                new Error(
                  `${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`,
                ),
              );
            } else resolvePromise(text ? JSON.parse(text) : undefined);
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  return { call, close: () => agent.destroy() };
}

/**
 * The seed's Deployments as Dyploma renders them, one per service × environment × cluster;
 * with `restartedAt`, production's only (bench/fleet restarts production).
 */
function renderFleet(restartedAt?: string) {
  const context = {
    allowedRegistries: ['registry.example.com'],
    environments: Object.fromEntries(
      ENVIRONMENTS.map(e => [e.name, { clusters: e.clusters }]),
    ),
  };
  const deployments: Array<{ cluster: string; object: any }> = [];
  for (const env of ENVIRONMENTS) {
    if (restartedAt && env.name !== 'production') continue;
    for (let i = 0; i < env.services; i++) {
      const name = serviceName(i);
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, namespace: CATALOG_NAMESPACE },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: teamOf(i),
          dyploma: { image: `registry.example.com/${teamOf(i)}/${name}` },
        },
      };
      const valid = validateServiceEntity(entity, context);
      if (!valid.ok || !valid.hasModel) {
        throw new Error(`${name}: ${JSON.stringify(valid)}`);
      }
      const { model } = resolveEffectiveModel({
        service: valid.service,
        model: valid.model,
        environment: env.name,
      });
      // Replicas divided over the environment's clusters, the first ones taking the rest.
      const total = env.replicas(i);
      env.clusters.forEach((cluster, c) => {
        const replicas =
          Math.floor(total / env.clusters.length) +
          (c < total % env.clusters.length ? 1 : 0);
        const objects = renderManifests({
          model,
          release: {
            version: VERSION,
            replicas,
            enabled: true,
            releaseId: `${name}/${env.name}/1`,
            orderId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            restartedAt,
          },
          cluster: { name: cluster, datacenter: cluster },
          environment: {
            name: env.name,
            namespace: env.namespace.replace('{service}', name),
          },
        });
        const object = objects.find(o => o.kind === 'Deployment');
        if (!object) throw new Error(`${name}: no Deployment rendered`);
        deployments.push({ cluster, object });
      });
    }
  }
  return deployments;
}

async function inParallel<T>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function applyFleet(
  sim: SimInfo,
  deployments: Array<{ cluster: string; object: any }>,
) {
  const { call, close } = caller(sim);
  try {
    const namespaces = new Set(
      deployments.map(d => `${d.cluster}/${d.object.metadata.namespace}`),
    );
    await inParallel([...namespaces], 32, async key => {
      const [cluster, name] = key.split('/');
      await call(cluster, 'POST', '/api/v1/namespaces', {
        metadata: { name },
      });
    });
    await inParallel(deployments, 32, async ({ cluster, object }) => {
      const { name, namespace } = object.metadata;
      await call(
        cluster,
        'PATCH',
        `/apis/apps/v1/namespaces/${namespace}/deployments/${name}?fieldManager=dyploma&force=true`,
        object,
        'application/apply-patch+yaml',
      );
    });
  } finally {
    close();
  }
}

async function waitRolledOut(sim: SimInfo, deployments: number) {
  const t0 = Date.now();
  return until(
    'every Deployment rolled out',
    async () => {
      const facts = await fleetFacts(sim);
      process.stdout.write(
        `\r  ${facts.rolledOut}/${deployments} Deployments rolled out, ${
          facts.readyPods
        } pods Ready, ${facts.events} Events (${Math.round(
          (Date.now() - t0) / 1000,
        )} s)   `,
      );
      return facts.rolledOut === deployments && facts.pods === facts.readyPods
        ? facts
        : undefined;
    },
    { timeoutMs: 20 * 60_000, intervalMs: 5_000 },
  ).finally(() => process.stdout.write('\n'));
}

function runChild(
  infoFile: string,
  fleetSrc: string,
  kind?: string,
): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        __filename,
        '--measure',
        infoFile,
        '--fleet-src',
        fleetSrc,
        ...(values['page-size'] ? ['--page-size', values['page-size']] : []),
        ...(kind ? ['--kind', kind] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', d => {
      out += d;
    });
    child.on('exit', code => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0) resolvePromise(JSON.parse(last));
      else reject(new Error(`measuring process exited with ${code}: ${out}`));
    });
  });
}

/**
 * For each fleet folder: three cold syncs of all kinds, then each kind alone,
 * every one in a fresh process. With several folders the cold syncs take turns,
 * so that the machine's load weighs on each alike.
 */
async function measureInChildren(
  infoFile: string,
): Promise<Record<string, Measured>> {
  const sources = values['fleet-src']!;
  const out: Record<string, Measured> = {};
  for (const src of sources) out[src] = { all: [], perKind: {} };
  for (let i = 0; i < 3; i++) {
    for (const src of sources) out[src].all.push(await runChild(infoFile, src));
  }
  for (const src of sources) {
    for (const kind of [...KINDS, METRICS]) {
      out[src].perKind[kind] = await runChild(infoFile, src, kind);
    }
  }
  return out;
}

function report(label: string, m: Measured) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  const rows = [...KINDS, METRICS].map(k => {
    const r = m.perKind[k];
    const objects = r.objects[k];
    const perObject = objects ? Math.round((r.heapMiB * MiB) / objects) : '–';
    return `| ${k} | ${objects} | ${r.heapMiB} | ${perObject} | ${r.syncSeconds} |`;
  });
  return [
    `### ${label}`,
    '',
    `All kinds of 3 clusters, three cold syncs in fresh processes: synced in ` +
      `**${median(m.all.map(r => r.syncSeconds))} s** (median; ${m.all
        .map(r => r.syncSeconds)
        .join(', ')} s), heap ${m.all.map(r => r.heapMiB).join(', ')} MiB, ` +
      `RSS ${m.all.map(r => r.rssMiB).join(', ')} MiB (peak ${m.all
        .map(r => r.peakRssMiB)
        .join(', ')} MiB).`,
    '',
    '| Kind (alone) | Objects | Heap MiB | Bytes per object | Sync s |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

async function main() {
  if (values.measure) {
    const result = await measure(values.measure, values.kind);
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'dyploma-cache-memory-'));
  const infoFile = join(dir, 'sim.json');
  const sim = startChild(
    [
      ...process.execArgv.filter(a => a !== '--expose-gc'),
      join(__dirname, 'kubeSim.ts'),
      '--info',
      infoFile,
      '--token',
      TOKEN,
      '--time-scale',
      values['time-scale']!,
    ],
    join(dir, 'kube-sim.log'),
  );
  const results: Record<string, object> = {};
  const print = (label: string, measured: Record<string, Measured>) => {
    for (const [src, m] of Object.entries(measured)) {
      console.log(report(`${label}: ${src}`, m));
    }
  };
  try {
    const info = await until(
      'kube-sim listening',
      () => readJsonIfExists<SimInfo>(infoFile),
      { timeoutMs: 120_000 },
      sim,
    );
    console.log(
      `kube-sim (pid ${info.pid}) up; applying the seed's Deployments`,
    );
    const fleet = renderFleet();
    await applyFleet(info, fleet);
    results.fleet = await waitRolledOut(info, fleet.length);
    if (values.hold) {
      if (!values['skip-restart']) {
        await applyFleet(info, renderFleet(new Date().toISOString()));
        await waitRolledOut(info, fleet.length);
      }
      console.log(
        `holding kube-sim; measure with --measure ${infoFile} [--kind <kind>]; Ctrl-C ends`,
      );
      await new Promise(resolvePromise =>
        process.once('SIGINT', resolvePromise),
      );
      return;
    }
    console.log('measuring the seeded fleet…');
    const seeded = await measureInChildren(infoFile);
    results.seeded = seeded;
    print('Seeded fleet', seeded);

    if (!values['skip-restart']) {
      console.log('restarting every service in production…');
      await applyFleet(info, renderFleet(new Date().toISOString()));
      results.fleetAfterRestart = await waitRolledOut(info, fleet.length);
      console.log('measuring after the restart…');
      const restarted = await measureInChildren(infoFile);
      results.restarted = restarted;
      print('After a restart of every service in production', restarted);
    }
    results.machine = {
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
      node: process.version,
      loadavg: loadavg().map(l => Math.round(l * 10) / 10),
      fleetSrc: values['fleet-src'],
      date: new Date().toISOString(),
    };
    if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
