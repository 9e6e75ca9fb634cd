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

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { FleetMeasure } from './bench';
import type { Latency } from './http';
import type { Counts } from './kubeSimApi';
import type { RestartResult } from './restart';

export const COMMAND = 'bench/fleet/run';

type FleetFacts = {
  nodes: number;
  deployments: number;
  rolledOut: number;
  pods: number;
  readyPods: number;
  events: number;
  clusters: Array<{
    name: string;
    nodes: number;
    deployments: number;
    pods: number;
    readyPods: number;
  }>;
};

export type Results = {
  date: string;
  /** Load average of the machine (1, 5, 15 min): other work on it slows every figure. */
  load: { atStart: number[]; atEnd: number[] };
  service: string;
  concurrency: number;
  timeScale: number;
  fleet: FleetFacts;
  fleetAfter: FleetFacts;
  catalogMs: number;
  seed: {
    orders: number;
    acceptMs: number;
    ms: number;
    retried: number;
    retryReasons: string[];
  };
  cold: {
    listeningMs: number;
    syncMs: number;
    /** From the fleet cache's start (right after Dyploma's migrations) to synced. */
    cacheSyncMs?: number;
    clusterConnected: Array<{ cluster: string; ms: number }>;
  };
  pods: { dyploma: number; peer: number };
  a: Latency;
  b: Latency;
  /** The catalog lookup Dyploma's status read starts with, in the same rounds. */
  catalogLookup: Latency;
  /** The floor: Dyploma's authenticated health route (does nothing), in the same rounds. */
  floor?: Latency;
  /** How long (a)–(d) waited for both backends' start-up work to end. */
  steady?: {
    windowMs: number;
    maxShare: number;
    timeoutMs: number;
    quiet: boolean;
    waitedMs: number;
    lastShare: number;
  };
  c: {
    dyploma: { median: number; sample: Counts };
    peer: { median: number; sample: Counts };
    idle: Counts;
    idleMs: number;
    dyplomaWindow: { views: number; counts: Counts; latency: Latency };
  };
  d: FleetMeasure[] | { missing: string };
  e: {
    rssMiB: number;
    peakMiB: number;
    /** Right after the views of (a)–(d), before the minute without views. */
    afterViews?: { rssMiB: number; peakMiB: number };
    afterRestart: { rssMiB: number; peakMiB: number };
    /** After the restart's rollouts and a minute without requests. */
    afterRestartSettled?: { rssMiB: number; peakMiB: number };
    kubeSim: { rssMiB: number; peakMiB: number };
    /** The peer's backend process after its views (b, c). */
    peer?: { rssMiB: number; peakMiB: number };
    withoutDyploma: { rssMiB: number; peakMiB: number };
  };
  g?: RestartResult | { missing: string };
};

const ms = (v: number) =>
  v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
const s = (v: number) => `${(v / 1000).toFixed(1)} s`;
const mark = (ok: boolean) => (ok ? '✓' : '✗ missed');

function machine() {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${Math.round(
    totalmem() / 2 ** 30,
  )} GiB, Node ${process.version}`;
}

/** What (a) cannot go below: the same backend answering a route that does nothing. */
function floorLine(r: Results): string {
  const f = r.floor;
  if (!f) return '';
  return `| (a″) the floor, in the same rounds: \`GET /api/dyploma/health\`, an authenticated route of the same backend that does nothing (Backstage's middleware, the token check, the request log) | — | p50 ${ms(
    f.p50,
  )}, p95 ${ms(f.p95)}: ${(r.b.p95 / f.p95).toFixed(
    1,
  )}× faster than (b) at p95; (a) adds ${ms(r.a.p50 - f.p50)} at p50, ${ms(
    r.a.p95 - f.p95,
  )} at p95 |
`;
}

function steadyNote(r: Results): string {
  const st = r.steady;
  if (!st) return '';
  return `
  They start once both backends are past their start-up (the catalog's first pass over 400 entities, caches, plugins):
  ${
    st.quiet
      ? `the backends and kube-sim together used under ${
          st.maxShare * 100
        }% of a core for ${st.windowMs / 1000} s, ${(
          st.waitedMs / 1000
        ).toFixed(0)} s after the peer started`
      : `not reached in ${(st.waitedMs / 1000).toFixed(0)} s (the last ${
          st.windowMs / 1000
        } s used ${Math.round(st.lastShare * 100)}% of a core); measured anyway`
  } (from \`/proc/<pid>/task/*/schedstat\`), then 50 warm-up views each.`;
}

/** The figures as a table plus how they were made; shared by both results files. */
function body(r: Results, heading: string): string {
  const ratio = r.b.p95 / r.a.p95;
  const fleetLine =
    'missing' in r.d
      ? `| (d) fleet page API \`GET /api/dyploma/fleet\` | ≤ 300 ms | not measured: ${r.d.missing} |`
      : r.d
          .map(
            f =>
              `| (d) fleet page API \`GET /api/dyploma/fleet${f.query}\`: ${
                f.label
              }, ${f.rows} rows match (${f.latency.runs} runs, ${Math.round(
                f.latency.bytes / 1024,
              )} KiB) | ≤ 300 ms | p50 ${ms(f.latency.p50)}, p95 ${ms(
                f.latency.p95,
              )} ${mark(f.latency.p95 <= 300)}; ${
                f.calls
              } Kubernetes API calls per view |`,
          )
          .join('\n');
  const g = r.g;
  let restartLines: string;
  if (!g)
    restartLines =
      '| (g) restart of all 400 services | — | skipped (`--skip-restart`) |';
  else if (!('acceptMs' in g))
    restartLines = `| (g) restart of all 400 services | — | not measured: ${g.missing} |`;
  else {
    const how =
      g.via === 'batch'
        ? 'one `POST /api/dyploma/batches`, which answers once every item has its order'
        : '400 `POST …/orders` (restart), 8 in flight: the backend does not serve the batch API';
    const writes = g.detail.filter(([k]) => !/^(get|list|watch) /.test(k));
    const reads = g.detail.filter(([k]) => /^(get|list) /.test(k));
    restartLines = [
      `| (g) restart of all ${
        g.services
      } services in production: time to accept (${how}) | — | ${s(
        g.acceptMs,
      )} |`,
      `| (g) … time to converge: the last order finished (${Object.entries(
        g.byStatus,
      )
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}) | — | ${s(g.convergeMs)} |`,
      `| (g) … Kubernetes API writes per restarted Deployment (${
        g.writes
      } writes / ${g.deployments} Deployments: ${writes
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')}) | — | ${(g.writes / Math.max(1, g.deployments)).toFixed(
        2,
      )}, of which 1 to the Deployment |`,
      `| (g) … Kubernetes API reads meanwhile (worker and caches) | — | ${
        reads.map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'
      }; watches ${g.watches} |`,
    ].join('\n');
  }
  const detail = (c: Counts) =>
    c.total === 0 ? 'none' : c.detail.map(([k, v]) => `${k} ×${v}`).join(', ');
  const added = r.e.rssMiB - r.e.withoutDyploma.rssMiB;
  const failures =
    g && 'errors' in g && g.errors.length
      ? `\n- Items of (g) that did not succeed, first five: ${g.errors.join(
          '; ',
        )}.`
      : '';
  return `${heading}

Reproduce from the repository root: \`${COMMAND}\` (10–20 minutes, most of it Dyploma deploying the fleet; it starts
its own kube-sim and backend on free ports and removes them after; \`bench/fleet/run --help\` for the options).

Machine: ${machine()}; load average ${r.load.atStart
    .map(l => l.toFixed(1))
    .join(' / ')} at the start, ${r.load.atEnd
    .map(l => l.toFixed(1))
    .join(' / ')} at the end
(1 / 5 / 15 min; the machine is shared, so other work competes for its 2 cores). Run ${
    r.date
  }.

Fleet (kube-sim, its own process, time scale ${
    r.timeScale
  }, built by Dyploma's own deploy orders): ${r.fleet.clusters.length} clusters,
${r.fleet.nodes} nodes, ${r.fleet.deployments} Deployments (${
    r.fleet.rolledOut
  } rolled out), ${r.fleet.readyPods} Ready pods, ${r.fleet.events} Events;
400 catalog services (Components with \`spec.dyploma\`). ${
    r.seed.orders
  } deploy orders accepted in ${s(r.seed.acceptMs)}, all rolled out
${s(r.seed.ms)} after the first (worker concurrency ${r.concurrency}${
    r.seed.retried
      ? `; ${
          r.seed.retried
        } failed and were retried with \`POST /orders/{id}/retry\`: ${r.seed.retryReasons.join(
          '; ',
        )}`
      : ''
  }).
Two backend processes, both on the same clusters with the same token, each with the catalog, auth (guest provider),
the demo's permission policy, signals and \`@backstage/plugin-kubernetes-backend\`: Dyploma's (plus Dyploma's backend and
catalog module) serves (a), (a′), (c), (d), (g); the peer's (the same backend without Dyploma) serves (b) and (c). Each has
its event loop and heap to itself; they share the machine's cores.
The measured service is \`${
    r.service
  }\` (production on dc1–dc3, staging on dc1–dc2, dev on dc3): Dyploma shows
${r.pods.dyploma} pods, the Kubernetes backend ${r.pods.peer}.

| Measure | Target | Result |
| --- | --- | --- |
| (a) Dyploma status read \`GET /api/dyploma/services/:ns/:name\` (${
    r.a.runs
  } runs) | ≥ 20× faster than (b) at p95 | p50 ${ms(r.a.p50)}, p95 ${ms(
    r.a.p95,
  )}: **${ratio.toFixed(1)}× faster** at p95 ${mark(ratio >= 20)} (${(
    r.b.p50 / r.a.p50
  ).toFixed(1)}× at p50) |
| (b) peer: \`POST /api/kubernetes/services/:entityName\` (the Kubernetes tab; ${
    r.b.runs
  } runs) | — | p50 ${ms(r.b.p50)}, p95 ${ms(r.b.p95)} |
| (a′) the catalog lookup (a) starts with: \`GET /api/catalog/entities/by-name/…\` (${
    r.catalogLookup.runs
  } runs) | — | p50 ${ms(r.catalogLookup.p50)}, p95 ${ms(r.catalogLookup.p95)} |
${floorLine(
  r,
)}| (c) Kubernetes API calls per page view, Dyploma (median of 9 single views) | 0 | ${
    r.c.dyploma.median
  } ${mark(r.c.dyploma.median === 0)}; during ${
    r.c.dyplomaWindow.views
  } more views in a row: ${r.c.dyplomaWindow.counts.total} (${detail(
    r.c.dyplomaWindow.counts,
  )}) |
| (c) Kubernetes API calls per page view, kubernetes-backend | — | ${
    r.c.peer.median
  }: ${detail(r.c.peer.sample)} |
${fleetLine}
| (e) backend RSS, warm caches: after (a)–(d) and a minute without views | ≤ 600 MB (572 MiB) | ${
    r.e.rssMiB
  } MiB ${mark(r.e.rssMiB * 1.048576 <= 600)}${
    r.e.afterViews
      ? ` (right after the views ${r.e.afterViews.rssMiB} MiB, peak so far ${r.e.afterViews.peakMiB} MiB)`
      : ''
  }; the same backend without Dyploma: ${
    r.e.withoutDyploma.rssMiB
  } MiB, so Dyploma adds ${added} MiB${
    r.e.peer
      ? `; the peer's process after its views: ${r.e.peer.rssMiB} MiB`
      : ''
  } (right after the restart of (g) ${r.e.afterRestart.rssMiB} MiB${
    r.e.afterRestartSettled
      ? `, a minute later ${r.e.afterRestartSettled.rssMiB} MiB`
      : ''
  }; peak ${(r.e.afterRestartSettled ?? r.e.afterRestart).peakMiB} MiB) |
| (f) cold cache sync: the fleet cache's start → every cluster's caches listed | ≤ 15 s | ${
    r.cold.cacheSyncMs === undefined
      ? `not measured (no start line); from the process start ${s(
          r.cold.syncMs,
        )} ${mark(r.cold.syncMs <= 15_000)}`
      : `${s(r.cold.cacheSyncMs)} ${mark(
          r.cold.cacheSyncMs <= 15_000,
        )}; from the process start ${s(r.cold.syncMs)}`
  } (listening after ${s(
    r.cold.listeningMs,
  )}; connected: ${r.cold.clusterConnected
    .map(c => `${c.cluster} ${s(c.ms)}`)
    .join(', ')} after the process start) |
${restartLines}

Notes
- Latencies are wall-clock times of one request at a time from a client on the same machine, after a warm-up;
  (a), (b), (a′) and (a″) are interleaved round by round so that the machine's load weighs on all four alike.${steadyNote(
    r,
  )}
- (e) is \`VmRSS\` from \`/proc\`, read after a minute without requests (V8 returns the heap's garbage once allocation
  slows; right after a burst it still holds it). "Without Dyploma" is a fresh process of the same backend without
  Dyploma's two packages, after the same sign-in and catalog reads and the same minute.
- (c) counts every request kube-sim's API servers received (control API \`/control/v1/clusters/{c}/requests\`), reset before
  each single view. Dyploma's background traffic in 10 s with no view: ${detail(
    r.c.idle,
  )}.
- (f) is measured with the database already migrated and the catalog filled (a restart, as in production);
  "synced" = \`live[].health\` is \`connected\` for all six environment × cluster pairs of the status read, i.e. every
  kind (Deployments, ReplicaSets, Pods, HPAs, Events, Jobs, CronJobs, Nodes) of every cluster listed.
- The fleet after the restart: ${r.fleetAfter.deployments} Deployments (${
    r.fleetAfter.rolledOut
  } rolled out), ${r.fleetAfter.readyPods} Ready pods, ${
    r.fleetAfter.events
  } Events.
- kube-sim's RSS with this fleet: ${r.e.kubeSim.rssMiB} MiB.${failures}
`;
}

export function writeResults(outDir: string, r: Results, sectionFile?: string) {
  // `--out` may name a folder that does not exist yet; a quarter hour of figures must not
  // be lost to that.
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'RESULTS.md'),
    `${body(r, "# Fleet benchmark: Dyploma vs Backstage's Kubernetes backend")}
\`\`\`json
${JSON.stringify(r, null, 2)}
\`\`\`
`,
  );
  if (sectionFile) {
    appendSection(
      sectionFile,
      body(
        r,
        "## Fleet: Dyploma vs Backstage's Kubernetes backend (`bench/fleet`)",
      ),
    );
  }
}

const BEGIN = '<!-- bench/fleet:begin -->';
const END = '<!-- bench/fleet:end -->';

/**
 * Replaces this bench's section of bench/RESULTS.md, or appends it; other
 * benches own the rest of the file, so it is re-read right before writing.
 */
function appendSection(file: string, section: string) {
  const block = `${BEGIN}\n${section}${END}\n`;
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmark results\n\nEach section is written by its benchmark; the command that reproduces it is in the section.\n\n';
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(
          end + END.length + 1,
        )}`
      : `${current.replace(/\n*$/, '\n\n')}${block}`;
  writeFileSync(file, next);
}
