/* eslint-disable no-console */
/**
 * Dyploma's deploy benchmark, against kube-sim at the seed's scale (3 clusters, 1,600
 * nodes, 2,300 Deployments, 7,500 Pods):
 *
 * (a) one-click deploy latency: the order's HTTP request sent → the Deployment's first
 *     server-side apply seen by kube-sim in all three clusters (p50/p95 over N deploys,
 *     first deploys and redeploys of a running service), target p50 ≤ 300 ms;
 * (b) service status reads (GET /api/dyploma/services/:ns/:name), target p95 ≤ 50 ms
 *     with 0 Kubernetes API calls, against the peer in the same run: Backstage's
 *     Kubernetes plugin (POST /api/kubernetes/services/:id), which asks every cluster.
 *
 * The backend runs in its own process (the process-level tests' backendProcess.ts plus
 * the Kubernetes plugin): the real dyploma plugin, worker and fleet cache on a real
 * database. The catalog serves the entities from memory, auth takes mock tokens, every
 * permission is allowed. kube-sim runs in this process, so its API layer is probed for
 * the time of each apply.
 *
 *   node bench/deploy/run.js [--deploys 40] [--reads 300] [--peer-reads 30]
 *                            [--databases postgres,sqlite] [--out bench/deploy/RESULTS.md]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Entity } from '@backstage/catalog-model';
import { KubeSim, startKubeSim } from '../../packages/kube-sim/src';
import { RESOURCES } from '../../packages/kube-sim/src/api/registry';
import { makeNode } from '../../packages/kube-sim/src/cluster/nodes';
import {
  postgresDatabase,
  ProcessDatabase,
  sqliteFileDatabase,
} from '../../plugins/dyploma-backend/src/worker/__process__/__testUtils__/processDatabases';
import {
  recordDeploymentApplies,
  simClusters,
} from '../../plugins/dyploma-backend/src/worker/__process__/__testUtils__/kubeSimProbes';
import {
  startBackendProcess,
  waitFor,
} from '../../plugins/dyploma-backend/src/worker/__process__/__testUtils__/processHarness';

const { values } = parseArgs({
  options: {
    deploys: { type: 'string', default: '40' },
    reads: { type: 'string', default: '300' },
    'peer-reads': { type: 'string', default: '30' },
    databases: { type: 'string', default: 'postgres,sqlite' },
    out: { type: 'string', default: join(__dirname, 'RESULTS.md') },
  },
});
const DEPLOYS = Number(values.deploys);
const READS = Number(values.reads);
const PEER_READS = Number(values['peer-reads']);

const CLUSTERS = ['dc1', 'dc2', 'dc3'];
const NODES = [534, 533, 533];
const SEED_DEPLOYMENTS = 2300;
const SEED_PODS = 7500;
const seedName = (i: number) => `seed-${String(i).padStart(3, '0')}`;

// ---------------------------------------------------------------- the seed fleet

/**
 * 2,300 Deployments (600 × 4 replicas + 1,700 × 3 = 7,500 Pods) as Dyploma deploys them:
 * one namespace per service, Dyploma's labels, production spread over the three clusters
 * (seed-000 in dc1, dc2 and dc3, seed-001 likewise, ...). Created through kube-sim's API
 * layer in this process (the HTTPS path is bench/kube-sim's subject), at real pod timings.
 */
async function seedFleet(sim: KubeSim) {
  for (const [ci, name] of CLUSTERS.entries()) {
    const c = sim.cluster(name);
    const spec = { count: NODES[ci], cpu: '16', memory: '64Gi', pods: 110 };
    for (let i = c.store.count('/nodes'); i < NODES[ci]; i++) {
      c.api.create(
        RESOURCES.nodes,
        undefined,
        makeNode(name, i, spec, c.clock.nowIso()),
        { internal: true },
      );
    }
  }
  for (let i = 0; i < SEED_DEPLOYMENTS; i++) {
    const service = seedName(Math.floor(i / 3));
    const c = sim.cluster(CLUSTERS[i % 3]);
    c.api.create(RESOURCES.namespaces, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: service },
    });
    const labels = {
      'app.kubernetes.io/name': service,
      'app.kubernetes.io/managed-by': 'dyploma',
      'dyploma.io/environment': 'production',
      'backstage.io/kubernetes-id': service,
    };
    c.api.create(RESOURCES.deployments, service, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: service, namespace: service, labels },
      spec: {
        replicas: i < SEED_PODS - 3 * SEED_DEPLOYMENTS ? 4 : 3,
        selector: {
          matchLabels: {
            'app.kubernetes.io/name': service,
            'dyploma.io/environment': 'production',
          },
        },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'main',
                image: `registry.example.com/${service}:1.0.0`,
                resources: { requests: { cpu: '250m', memory: '512Mi' } },
              },
            ],
          },
        },
      },
    });
  }
  const ready = () => {
    let pods = 0;
    for (const name of CLUSTERS) {
      for (const p of sim.cluster(name).store.list('/pods')) {
        if (
          (p.status?.conditions ?? []).some(
            (x: any) => x.type === 'Ready' && x.status === 'True',
          )
        )
          pods++;
      }
    }
    return pods;
  };
  await waitFor(
    async () => ready(),
    n => n >= SEED_PODS,
    {
      what: 'the seed fleet to be ready',
      timeoutMs: 600_000,
      intervalMs: 500,
    },
  );
}

// ---------------------------------------------------------------- helpers

function entity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-payments',
      dyploma: { image: `registry.example.com/${name}` },
    },
  };
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(values: number[]) {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: Math.max(...values),
  };
}
type Stats = ReturnType<typeof stats>;

type Counts = Record<string, number>;

/** kube-sim's request counters, summed over the clusters, by `verb group/resource`. */
async function requestCounts(sim: KubeSim): Promise<Counts> {
  const counts: Counts = {};
  for (const { name } of sim.clusters) {
    const res = await fetch(
      `${sim.controlUrl}/control/v1/clusters/${name}/requests`,
    );
    const { requests } = (await res.json()) as {
      requests: Array<{
        verb: string;
        group: string;
        resource: string;
        count: number;
      }>;
    };
    for (const r of requests) {
      const key = `${r.verb} ${r.group ? `${r.group}/` : ''}${r.resource}`;
      counts[key] = (counts[key] ?? 0) + r.count;
    }
  }
  return counts;
}

function diff(after: Counts, before: Counts): Counts {
  const out: Counts = {};
  for (const [key, n] of Object.entries(after)) {
    const d = n - (before[key] ?? 0);
    if (d > 0) out[key] = d;
  }
  return out;
}
const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);
const describe = (c: Counts) =>
  total(c) === 0
    ? 'none'
    : Object.entries(c)
        .map(([k, n]) => `${n} × ${k}`)
        .join(', ');

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Resolves once every cluster has just been asked for its pod metrics. */
function nextMetricsPoll(sim: KubeSim) {
  return new Promise<void>(resolve => {
    const polled = new Set<string>();
    const restore: Array<() => void> = [];
    for (const { name } of sim.clusters) {
      const counter = sim.cluster(name).requests;
      const record = counter.record;
      counter.record = (verb, group, resource, subresource) => {
        if (group === 'metrics.k8s.io' && resource === 'pods') {
          polled.add(name);
          if (polled.size === sim.clusters.length) {
            for (const undo of restore) undo();
            // The poll's list is answered (and the backend has digested it) shortly after.
            setTimeout(resolve, 1_000);
          }
        }
        return record.call(counter, verb, group, resource, subresource);
      };
      restore.push(() => {
        counter.record = record;
      });
    }
  });
}

/**
 * When the order's history says it was stored, claimed (running) and first applying,
 * from the request's start. PostgreSQL only: SQLite's CURRENT_TIMESTAMP has whole seconds.
 */
async function phasesOf(database: ProcessDatabase, id: string, start: number) {
  if (database.name !== 'PostgreSQL') return undefined;
  const events = await database
    .knex('dyploma_order_events')
    .where({ order_id: id })
    .orderBy('id');
  const at = (status: string) => {
    const event = events.find(e => e.status === status);
    return event ? new Date(event.created_at).getTime() - start : NaN;
  };
  return {
    stored: at('pending'),
    claimed: at('running'),
    applying: at('applying'),
  };
}

/** Runs /usr/bin/kubectl (or $KUBECTL) against kube-sim with a warm discovery cache. */
function kubectlIn(sim: KubeSim) {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-bench-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, sim.kubeconfigYaml());
  return (args: string[], input?: string) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile(
        process.env.KUBECTL ?? '/usr/bin/kubectl',
        [
          '--kubeconfig',
          kubeconfig,
          '--cache-dir',
          join(dir, 'cache'),
          ...args,
        ],
        error => (error ? reject(error) : resolve()),
      );
      child.stdin?.end(input);
    });
}

/**
 * The objects Dyploma applied for `service` in a cluster, as an engineer would keep them
 * in a file (server-set fields removed), with the image moved to `version`.
 */
function manifestsOf(
  sim: KubeSim,
  cluster: string,
  service: string,
  version: string,
) {
  const store = sim.cluster(cluster).store;
  const objects = [
    store.get('/services', service, service),
    store.get('apps/deployments', service, service),
    store.get('policy/poddisruptionbudgets', service, service),
  ].filter(Boolean);
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: objects.map((o: any) => {
      const spec = structuredClone(o.spec);
      if (o.kind === 'Service') {
        delete spec.clusterIP;
        delete spec.clusterIPs;
      }
      if (o.kind === 'Deployment') {
        const container = spec.template.spec.containers[0];
        container.image = container.image.replace(/:[^:]+$/, `:${version}`);
      }
      return {
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: {
          name: o.metadata.name,
          namespace: o.metadata.namespace,
          labels: o.metadata.labels,
        },
        spec,
      };
    }),
  });
}

async function kubectlDeploy(
  sim: KubeSim,
  kubectl: ReturnType<typeof kubectlIn>,
  probe: ReturnType<typeof recordDeploymentApplies>,
  service: string,
  version: string,
) {
  const files = CLUSTERS.map(c => manifestsOf(sim, c, service, version));
  const since = probe.applies.length;
  const start = Date.now();
  await Promise.all(
    CLUSTERS.map((c, i) =>
      kubectl(
        [
          '--context',
          c,
          'apply',
          '--server-side',
          '--force-conflicts',
          // kube-sim serves no OpenAPI schemas; the server still validates.
          '--validate=false',
          '-f',
          '-',
        ],
        files[i],
      ),
    ),
  );
  const exited = Date.now() - start;
  const firsts = new Map<string, number>();
  for (const a of probe.applies.slice(since)) {
    if (a.name === service && !firsts.has(a.cluster))
      firsts.set(a.cluster, a.at);
  }
  if (firsts.size !== CLUSTERS.length) {
    throw new Error(`kubectl did not apply ${service} everywhere`);
  }
  return { toApplies: Math.max(...firsts.values()) - start, exited };
}

// ---------------------------------------------------------------- one database

type DatabaseResult = {
  database: string;
  firstDeploy: Stats;
  firstDeployAccepted: Stats;
  redeploy: Stats;
  redeployAccepted: Stats;
  redeployAfterAccepted: Stats;
  kubectl: Stats;
  kubectlExited: Stats;
  /** p50 of when a redeploy was stored, claimed and applying (PostgreSQL). */
  redeployPhases?: { stored: number; claimed: number; applying: number };
  reads: Stats;
  readsApiCalls: Counts;
  idleApiCalls: Counts;
  peerReads: Stats;
  peerApiCallsPerRead: number;
  peerApiCalls: Counts;
};

async function runOn(
  sim: KubeSim,
  database: ProcessDatabase,
  prefix: string,
): Promise<DatabaseResult> {
  const services = Array.from(
    { length: DEPLOYS },
    (_, i) => `${prefix}-${String(i).padStart(2, '0')}`,
  );
  const seeds = Array.from(
    { length: Math.ceil(SEED_DEPLOYMENTS / 3) },
    (_, i) => seedName(i),
  );
  const t0 = Date.now();
  const backend = await startBackendProcess({
    name: prefix,
    database,
    entities: [...services, ...seeds].map(entity),
    dyploma: {
      clusters: simClusters(sim),
      environments: {
        production: { clusters: CLUSTERS, requireReason: false },
      },
    },
    extraConfig: {
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: sim.clusters.map(c => ({
              name: c.name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.token,
              caData: c.caData,
            })),
          },
        ],
      },
    },
    entry: join(__dirname, 'backendWithPeer.ts'),
    startTimeoutMs: 180_000,
  });
  try {
    // The fleet cache has listed every cluster: the seed's first service shows in all three.
    await waitFor(
      () => backend.api('GET', `/services/default/${seeds[0]}`),
      res =>
        res.status === 200 &&
        res.body.live?.length === 3 &&
        res.body.live.every(
          (l: any) => l.health === 'connected' && l.pods?.length >= 3,
        ),
      { what: 'the fleet cache to sync', timeoutMs: 180_000, intervalMs: 500 },
    );
    console.log(`  backend up and synced in ${Date.now() - t0} ms`);

    const probe = recordDeploymentApplies(sim);
    const kubectl = kubectlIn(sim);
    const ids: string[] = [];
    const click = async (service: string, version: string) => {
      const since = probe.applies.length;
      const start = Date.now();
      const res = await backend.api(
        'POST',
        `/services/default/${service}/orders`,
        { kind: 'deploy', environment: 'production', version, replicas: 3 },
      );
      if (res.status !== 201) {
        throw new Error(
          `deploy ${service}: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
      const accepted = Date.now() - start;
      ids.push(res.body.id);
      const last = await waitFor(
        async () => {
          const firsts = new Map<string, number>();
          for (const a of probe.applies.slice(since)) {
            if (a.name === service && !firsts.has(a.cluster)) {
              firsts.set(a.cluster, a.at);
            }
          }
          return firsts.size === CLUSTERS.length
            ? Math.max(...firsts.values())
            : undefined;
        },
        at => at !== undefined,
        { what: `the applies of ${service}`, timeoutMs: 30_000, intervalMs: 1 },
      );
      return {
        toApplies: last! - start,
        accepted,
        phases: await phasesOf(database, res.body.id, start),
      };
    };
    const allFinished = () =>
      waitFor(
        () =>
          database.knex('dyploma_orders').whereIn('id', ids).select('status'),
        rows => rows.every(r => !['pending', 'running'].includes(r.status)),
        { what: 'every order to finish', timeoutMs: 300_000, intervalMs: 200 },
      ).then(rows => {
        const failed = rows.filter(r => r.status !== 'succeeded');
        if (failed.length)
          throw new Error(`${failed.length} orders did not succeed`);
      });

    // (a) first deploys of new services, then redeploys of running ones, one click at a time.
    const first = [];
    for (const service of services) first.push(await click(service, '1.0.0'));
    await allFinished();
    const again = [];
    for (const service of services) again.push(await click(service, '1.1.0'));
    await allFinished();
    console.log(`  ${DEPLOYS} first deploys and ${DEPLOYS} redeploys done`);

    // The peer of (a), in the same run and under the same load: an engineer's
    // `kubectl apply --server-side` of the same objects (a new version) to the three
    // clusters at once, timed the same way.
    const byKubectl = [];
    for (const service of services) {
      byKubectl.push(
        await kubectlDeploy(sim, kubectl, probe, service, '1.2.0'),
      );
    }
    console.log(`  ${DEPLOYS} kubectl deploys done`);

    // (b) status reads: the deployed services and seed services, round robin. They start
    // right after the fleet cache's pod metrics poll (every 30 s, in every cluster), so
    // that timer's requests do not fall among the reads' (there should be none).
    const readable = [...services, ...seeds.filter((_, i) => i % 10 === 0)];
    await nextMetricsPoll(sim);
    const before = await requestCounts(sim);
    const readStart = performance.now();
    const readTimes: number[] = [];
    for (let i = 0; i < READS; i++) {
      const service = readable[i % readable.length];
      const s = performance.now();
      const res = await backend.api('GET', `/services/default/${service}`);
      readTimes.push(performance.now() - s);
      if (res.status !== 200 || res.body.live?.length !== 3) {
        throw new Error(`status of ${service}: ${res.status}`);
      }
    }
    const readWindow = performance.now() - readStart;
    const afterReads = await requestCounts(sim);
    // The same time without reads: what the caches' watches and metrics poll cost anyway.
    await sleep(readWindow);
    const afterIdle = await requestCounts(sim);

    // The peer: Backstage's Kubernetes plugin reads the same services from the clusters.
    const peerTimes: number[] = [];
    for (let i = 0; i < PEER_READS; i++) {
      const service = readable[i % readable.length];
      const s = performance.now();
      const res = await backend.request(
        'POST',
        `/api/kubernetes/services/${service}`,
        { entity: entity(service) },
      );
      peerTimes.push(performance.now() - s);
      const pods = (res.body.items ?? []).flatMap((c: any) =>
        (c.resources ?? [])
          .filter((r: any) => r.type === 'pods')
          .flatMap((r: any) => r.resources),
      );
      if (res.status !== 200 || pods.length < 3) {
        throw new Error(
          `peer read of ${service}: ${res.status}, ${pods.length} pods`,
        );
      }
    }
    const afterPeer = await requestCounts(sim);
    const peerApiCalls = diff(afterPeer, afterIdle);

    return {
      database: database.name,
      firstDeploy: stats(first.map(f => f.toApplies)),
      firstDeployAccepted: stats(first.map(f => f.accepted)),
      redeploy: stats(again.map(f => f.toApplies)),
      redeployAccepted: stats(again.map(f => f.accepted)),
      redeployAfterAccepted: stats(again.map(f => f.toApplies - f.accepted)),
      kubectl: stats(byKubectl.map(k => k.toApplies)),
      kubectlExited: stats(byKubectl.map(k => k.exited)),
      redeployPhases: again[0].phases && {
        stored: percentile(
          again.map(f => f.phases!.stored),
          50,
        ),
        claimed: percentile(
          again.map(f => f.phases!.claimed),
          50,
        ),
        applying: percentile(
          again.map(f => f.phases!.applying),
          50,
        ),
      },
      reads: stats(readTimes),
      readsApiCalls: diff(afterReads, before),
      idleApiCalls: diff(afterIdle, afterReads),
      peerReads: stats(peerTimes),
      peerApiCallsPerRead: total(peerApiCalls) / PEER_READS,
      peerApiCalls,
    };
  } catch (error) {
    console.error(backend.output().slice(-4000));
    throw error;
  } finally {
    await backend.stop();
  }
}

// ---------------------------------------------------------------- report

const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
const mark = (ok: boolean) => (ok ? ' ✓' : ' ✗');

/** One row of the table; `check` marks the figure a target applies to. */
function row(
  database: string,
  measure: string,
  target: string,
  st: Stats,
  check?: { p: 'p50' | 'p95'; ok: boolean },
) {
  const cell = (p: 'p50' | 'p95') =>
    ms(st[p]) + (check?.p === p ? mark(check.ok) : '');
  return `| ${database} | ${measure} | ${target} | ${cell('p50')} | ${cell(
    'p95',
  )} | ${ms(st.max)} | ${st.n} |`;
}

function report(results: DatabaseResult[], meta: Record<string, unknown>) {
  const rows = results.flatMap(r => [
    row(
      r.database,
      'one-click deploy, new service: request → first apply in all 3 clusters',
      'p50 ≤ 300 ms',
      r.firstDeploy,
      { p: 'p50', ok: r.firstDeploy.p50 <= 300 },
    ),
    row(
      r.database,
      'one-click deploy, running service (new version)',
      'p50 ≤ 300 ms',
      r.redeploy,
      { p: 'p50', ok: r.redeploy.p50 <= 300 },
    ),
    row(
      r.database,
      '… of which the request, until 201 Created',
      '—',
      r.redeployAccepted,
    ),
    row(
      r.database,
      '… and from 201 Created to the last first apply',
      '—',
      r.redeployAfterAccepted,
    ),
    row(
      r.database,
      'peer: kubectl apply --server-side to the 3 clusters at once, same measure',
      '—',
      r.kubectl,
    ),
    row(
      r.database,
      '… until the three kubectl processes have exited',
      '—',
      r.kubectlExited,
    ),
    row(
      r.database,
      'service status read, GET /api/dyploma/services/default/:name',
      'p95 ≤ 50 ms',
      r.reads,
      { p: 'p95', ok: r.reads.p95 <= 50 },
    ),
    row(
      r.database,
      'peer: Backstage Kubernetes plugin, POST /api/kubernetes/services/:id',
      '—',
      r.peerReads,
    ),
  ]);
  const phases = results
    .filter(r => r.redeployPhases)
    .map(
      r =>
        `- ${r.database}, redeploys, p50 from the request: order stored ${ms(
          r.redeployPhases!.stored,
        )}, claimed by the worker ${ms(
          r.redeployPhases!.claimed,
        )}, first cluster applying ${ms(
          r.redeployPhases!.applying,
        )}, Deployment applied in the last cluster ${ms(r.redeploy.p50)}.`,
    );
  const versusKubectl = results.map(
    r =>
      `- ${r.database}: a one-click redeploy reaches the three clusters in ${(
        r.redeploy.p50 / r.kubectl.p50
      ).toFixed(
        2,
      )}× the time of \`kubectl apply --server-side\` run by hand against the three at once (p50 ${ms(
        r.redeploy.p50,
      )} vs ${ms(
        r.kubectl.p50,
      )}), having validated, recorded and authorised the order first.`,
  );
  const calls = results.map(
    r =>
      `- ${r.database}: during ${r.reads.n} Dyploma reads: **${total(
        r.readsApiCalls,
      )}** Kubernetes API requests (${describe(
        r.readsApiCalls,
      )}); in the same time without reads: ${total(r.idleApiCalls)} (${describe(
        r.idleApiCalls,
      )}). The peer: **${r.peerApiCallsPerRead.toFixed(
        1,
      )} requests per read** (${describe(r.peerApiCalls)} over ${
        r.peerReads.n
      } reads); its p95 is ${(r.peerReads.p95 / r.reads.p95).toFixed(
        1,
      )}× Dyploma's.`,
  );
  return `# Deploy benchmark

Reproduce from the repository root: \`eval "$(scripts/env)" && node bench/deploy/run.js\` (see [README.md](README.md)).

kube-sim at the seed's scale: ${CLUSTERS.length} clusters, ${NODES.reduce(
    (a, b) => a + b,
  )} nodes, ${SEED_DEPLOYMENTS} seed Deployments with ${SEED_PODS} Pods (plus the ${DEPLOYS} services the benchmark deploys, 3 replicas each, one per cluster), real pod timings. The backend runs in its own Node process (the dyploma plugin with its worker and fleet cache, and Backstage's Kubernetes plugin as the peer) on each database in turn.

Measured ${meta.date} on ${meta.machine}; load average (1, 5, 15 min) ${(
    meta.loadAverageAtStart as number[]
  ).join(', ')} at the start, ${(meta.loadAverageAtEnd as number[]).join(
    ', ',
  )} at the end.

| Database | Measure | Target | p50 | p95 | max | n |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Against the peer in the same run (the machine's load slows both alike):

${versusKubectl.join('\n')}

Where a deploy's time goes (from the order's history in the database):

${phases.join('\n')}

Kubernetes API requests (kube-sim's request counters, all three clusters):

${calls.join('\n')}

A deploy's latency runs from the moment the benchmark sends \`POST /api/dyploma/services/default/:name/orders\` to the moment kube-sim's API layer handles the server-side apply of the service's Deployment in the last of the three clusters (the first apply there after the request). Deploys are clicked one at a time; a redeploy changes the version of a service whose previous rollout has finished.

\`\`\`json
${JSON.stringify({ ...meta, results }, null, 2)}
\`\`\`
`;
}

async function main() {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${
    process.version
  }`;
  const loadAtStart = loadavg().map(l => Number(l.toFixed(2)));
  const t0 = Date.now();
  const sim = await startKubeSim({
    clusters: CLUSTERS,
    port: 0,
    nodes: { count: 1, cpu: '16', memory: '64Gi', pods: 110 },
  });
  console.log('seeding the fleet ...');
  await seedFleet(sim);
  console.log(
    `  ${SEED_DEPLOYMENTS} Deployments, ${SEED_PODS} Pods ready in ${
      Date.now() - t0
    } ms`,
  );
  const results: DatabaseResult[] = [];
  try {
    for (const kind of values.databases!.split(',')) {
      console.log(`on ${kind} ...`);
      const database =
        kind === 'sqlite'
          ? await sqliteFileDatabase()
          : await postgresDatabase();
      try {
        results.push(
          await runOn(sim, database, kind === 'sqlite' ? 'sq' : 'pg'),
        );
      } finally {
        await database.remove();
      }
    }
  } finally {
    await sim.stop();
  }
  const meta = {
    date: new Date().toISOString(),
    machine,
    // Other work on the machine slows everything; the load average says how much there was.
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg().map(l => Number(l.toFixed(2))),
    clusters: CLUSTERS.length,
    nodes: NODES.reduce((a, b) => a + b),
    seedDeployments: SEED_DEPLOYMENTS,
    seedPods: SEED_PODS,
    deploys: DEPLOYS,
    reads: READS,
    peerReads: PEER_READS,
  };
  const text = report(results, meta);
  writeFileSync(values.out!, text);
  console.log(text.split('```json')[0]);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
