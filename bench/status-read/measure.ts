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
 * The status read's latency on a warm backend, alone: a real backend process (catalog,
 * auth with the guest, the permission backend with the demo's policy, Dyploma) on
 * kube-sim's three clusters, one service deployed to its three environments through
 * Dyploma's own API, then `--runs` sequential rounds of the status read, the Kubernetes
 * backend's view of the same service (bench/fleet's peer), the catalog lookup the read
 * used to start with and the service's order history, interleaved; then the backend's
 * CPU time per request of each Dyploma or catalog read, alone; `GET /health` (an
 * authenticated route that does nothing) is the floor every route of the backend pays.
 * A few minutes instead of bench/fleet's quarter hour, to see a change on the hot path.
 *
 *   bench/status-read/run [--runs 500] [--keep] [--decision-seconds 5] [--dump <file>] [--times <file>] [--gc-log <file>]
 *                         [--profile <dir> [--heap-profile]] [--node-arg <arg>]... [--fleet]
 *                         [--loop-log <file> [--soak 120]]
 *
 * `--decision-seconds 0` turns the read cache off (every read asks the catalog and the
 * policy, as before it existed); `--dump` writes the last status body to a file, `--times`
 * every measured latency of each kind, round by round, and when each started (JSON);
 * `--gc-log <file>` the backend's every GC pause with its start time, to line them up.
 * `--profile <dir>` writes a CPU profile of the backend per kind of request while the CPU
 * per request is measured (`<dir>/<kind>.cpuprofile`), and of 10 s without requests
 * (`idle.cpuprofile`: the backend's background work); summarise with
 * `node bench/status-read/profileSummary.js <file>`); `--node-arg` passes an option to the
 * backend's node (`--node-arg=--trace-gc`, its output in backend.log with `--keep`);
 * `--heap-profile` with `--profile` samples allocations instead (`<kind>.heapprofile`,
 * garbage included: what each kind of request allocates; the same summary script reads it).
 * `--fleet` deploys bench/fleet's whole fleet (400 services, 2,300 Deployments, 7,500 pods;
 * a few minutes more) instead of the one service, so the backend's background work (watch
 * events, metrics polls of 7,500 pods, the catalog's 400 services) is bench/fleet's; the
 * peer is left out then (its lists of such a fleet would load this process, and bench/fleet
 * runs it in a process of its own).
 * `--loop-log <file>` has the backend log its event-loop delay every 10 s and each block
 * of its loop over 5 ms (loopLog.ts), and adds `loop` to the output: blocks per minute
 * and the longest, while idle for `--soak` seconds after the deploy (the background
 * alone: watch events, Event sweeps, metrics polls; profiled as soak.cpuprofile with
 * `--profile`) and during the measured rounds, by the wall clock and by the loop's own CPU.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CATALOG_NAMESPACE, serviceName } from '../fleet/fleetShape';
import { interleaved, percentile, Timed } from '../fleet/http';
import { until } from '../fleet/processes';
import { deployFleet, waitForOrders } from '../fleet/seed';
import { Stack } from '../fleet/stack';
import { LoopLogLine, summariseLoopLog } from './loopLog';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '500' },
    keep: { type: 'boolean', default: false },
    'decision-seconds': { type: 'string' },
    dump: { type: 'string' },
    times: { type: 'string' },
    'gc-log': { type: 'string' },
    profile: { type: 'string' },
    'heap-profile': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
    fleet: { type: 'boolean', default: false },
    'loop-log': { type: 'string' },
    soak: { type: 'string', default: '0' },
  },
});

/** CPU time (user + system) a process has used so far, in ms, from /proc (10 ms ticks). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime and stime are fields 14 and 15 of stat; 12 and 13 after pid and comm.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const log = (message: string) =>
  console.error(
    `[bench/status-read ${new Date().toISOString().slice(11, 19)}] ${message}`,
  );

async function main() {
  const runs = Number(values.runs);
  const stack = new Stack('dyploma-bench-status-', { keep: values.keep });
  try {
    await stack.startKubeSim();
    const decisionSeconds = values['decision-seconds'];
    const { configFile, backend } = await stack.writeConfig({
      workerConcurrency: values.fleet ? 32 : 4,
      edit:
        decisionSeconds === undefined
          ? undefined
          : appConfig => {
              appConfig.dyploma.readCache = {
                decisionSeconds: Number(decisionSeconds),
              };
            },
    });
    const profileDir = values.profile && resolve(values.profile);
    const loopLog = values['loop-log'] && resolve(values['loop-log']);
    if (loopLog) rmSync(loopLog, { force: true });
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const server = stack.startBackend(configFile, {
      nodeArgs: [
        ...(values['node-arg'] as string[]),
        ...(profileDir || values['gc-log']
          ? ['-r', join(__dirname, 'profiler.js')]
          : []),
      ],
      env: {
        LOG_LEVEL: 'warn',
        ...(profileDir && { BENCH_PROFILE_DIR: profileDir }),
        ...(values['heap-profile'] && { BENCH_PROFILE_HEAP: '1' }),
        ...(values['gc-log'] && { BENCH_GC_LOG: resolve(values['gc-log']) }),
        ...(loopLog && { BENCH_LOOP_LOG: loopLog }),
      },
    });
    // Starts (or stops) the backend's CPU profile and waits until it has (profiler.js).
    const toggleProfile = async (what: 'started' | 'stopped') => {
      if (!profileDir) return undefined;
      const marker = join(profileDir, what);
      rmSync(marker, { force: true });
      process.kill(server.pid, 'SIGUSR2');
      return until(
        `profile ${what}`,
        () => (existsSync(marker) ? readFileSync(marker, 'utf8') : undefined),
        { timeoutMs: 30_000, intervalMs: 20 },
        server,
      );
    };
    await stack.signInAsAdmin(backend, server);

    const service = serviceName(42);
    const base = `/api/dyploma/services/${CATALOG_NAMESPACE}/${service}`;
    if (values.fleet) {
      const seed = await deployFleet(backend, log);
      log(`deployed the fleet: ${JSON.stringify(seed)}`);
    } else {
      const ids: string[] = [];
      for (const [environment, replicas] of [
        ['production', 15],
        ['staging', 2],
        ['dev', 1],
      ] as const) {
        const res = await backend.expect([200, 201], 'POST', `${base}/orders`, {
          kind: 'deploy',
          environment,
          version: '1.0.0',
          replicas,
          reason: 'bench: status read',
        });
        ids.push(res.body.id);
      }
      const done = await waitForOrders(backend, ids, { timeoutMs: 300_000 });
      log(`deployed ${service}: ${JSON.stringify(done.byStatus)}`);
    }

    const entity = (
      await backend.expect(
        [200],
        'GET',
        `/api/catalog/entities/by-name/component/${CATALOG_NAMESPACE}/${service}`,
      )
    ).body;
    // Every latency of each kind in the measured rounds, in order, for the tail.
    const times: Record<string, number[]> = {};
    /** When each measured request started (epoch ms), to line up with backend logs. */
    const startedAt: Record<string, number[]> = {};
    const timed = (kind: string, call: () => Promise<Timed>) => async () => {
      const at = Date.now();
      const res = await call();
      (times[kind] ??= []).push(res.ms);
      (startedAt[kind] ??= []).push(at);
      return res;
    };
    const allRequests = {
      status: () => backend.call('GET', base),
      // The peer bench/fleet compares with: what Backstage's Kubernetes tab calls. Here
      // the clusters hold this one service only, so its lists are shorter than there.
      peer: () =>
        backend.call('POST', `/api/kubernetes/services/${service}`, {
          entity,
          auth: {},
        }),
      catalog: () =>
        backend.call(
          'GET',
          `/api/catalog/entities/by-name/component/${CATALOG_NAMESPACE}/${service}`,
        ),
      history: () => backend.call('GET', `${base}/orders?limit=20`),
      // The floor: an authenticated route that does nothing (auth, express, helmet).
      health: () => backend.call('GET', '/api/dyploma/health'),
    };
    const requests = Object.fromEntries(
      Object.entries(allRequests).filter(
        ([kind]) => !(values.fleet && kind === 'peer'),
      ),
    ) as Partial<typeof allRequests> as typeof allRequests;
    // The background alone, for the loop log: the caches at the fleet's scale, no reads.
    // Profiled with --profile (soak.cpuprofile): what the blocks are.
    if (Number(values.soak) > 0) await toggleProfile('started');
    const soakStart = Date.now();
    await new Promise(r => setTimeout(r, Number(values.soak) * 1000));
    const soakEnd = Date.now();
    if (Number(values.soak) > 0) {
      const soakProfile = await toggleProfile('stopped');
      if (soakProfile) {
        renameSync(
          soakProfile,
          join(
            profileDir!,
            `soak.${soakProfile.slice(soakProfile.lastIndexOf('.') + 1)}`,
          ),
        );
      }
    }
    // Warm-up: JIT, connection pools, every cache filled once.
    await interleaved(50, requests);
    const loadBefore = loadavg();
    const roundsStart = Date.now();
    const result = await interleaved(
      runs,
      Object.fromEntries(
        Object.entries(requests).map(([kind, call]) => [
          kind,
          timed(kind, call),
        ]),
      ) as typeof requests,
    );
    const loadAfter = loadavg();
    const roundsEnd = Date.now();
    if (values.times) {
      writeFileSync(values.times, JSON.stringify({ times, startedAt }));
    }
    // Where the slow ones fall: p90, p99 and the ten slowest with their round.
    const tail = Object.fromEntries(
      ['status', 'health'].map(kind => {
        const all = times[kind];
        const slowest = all
          .map((ms, round) => ({ round, ms: +ms.toFixed(1) }))
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 10);
        return [
          kind,
          {
            p90: +percentile(all, 90).toFixed(2),
            p99: +percentile(all, 99).toFixed(2),
            slowest: slowest.map(x => `${x.ms}@${x.round}`).join(' '),
          },
        ];
      }),
    );
    // The backend's CPU per request, each kind alone: what a read costs the server
    // whatever the machine's load does to the wall clock. Its background work (the
    // catalog's processing loop, metrics polls) is measured idle and taken off.
    // With --profile, 10 s instead of 3 and profiled (idle.cpuprofile): what runs on the
    // backend's event loop between reads.
    const idleSeconds = profileDir ? 10 : 3;
    await toggleProfile('started');
    const idleStart = cpuMs(server.pid);
    await new Promise(r => setTimeout(r, idleSeconds * 1000));
    const idleMsPerSecond = (cpuMs(server.pid) - idleStart) / idleSeconds;
    const idleProfile = await toggleProfile('stopped');
    if (idleProfile) {
      renameSync(
        idleProfile,
        join(
          profileDir!,
          `idle.${idleProfile.slice(idleProfile.lastIndexOf('.') + 1)}`,
        ),
      );
    }
    const cpuPerRequest: Record<string, number> = {};
    for (const [kind, call] of Object.entries(requests)) {
      if (kind === 'peer') continue;
      await toggleProfile('started');
      const before = cpuMs(server.pid);
      const start = performance.now();
      for (let i = 0; i < runs; i++) await call();
      const background = (idleMsPerSecond * (performance.now() - start)) / 1000;
      cpuPerRequest[kind] = +(
        (cpuMs(server.pid) - before - background) /
        runs
      ).toFixed(2);
      const file = await toggleProfile('stopped');
      if (file) {
        renameSync(
          file,
          join(profileDir!, `${kind}.${file.slice(file.lastIndexOf('.') + 1)}`),
        );
      }
    }
    let loop;
    if (loopLog) {
      // The rounds' last window in the log, which is written every 10 s.
      await new Promise(r =>
        setTimeout(r, Math.max(0, roundsEnd + 10_500 - Date.now())),
      );
      const lines: LoopLogLine[] = readFileSync(loopLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l));
      loop = {
        ...(soakEnd > soakStart && {
          soak: summariseLoopLog(lines, soakStart, soakEnd),
        }),
        rounds: summariseLoopLog(lines, roundsStart, roundsEnd),
      };
    }
    const status = await backend.expect([200], 'GET', base);
    if (values.dump) {
      writeFileSync(values.dump, JSON.stringify(status.body, null, 2));
    }
    const pods = status.body.live
      .flatMap((l: any) => l.pods ?? [])
      .filter(Boolean).length;
    console.log(
      JSON.stringify(
        {
          runs,
          decisionSeconds: values['decision-seconds'] ?? 'default',
          service,
          pods,
          load: { before: loadBefore, after: loadAfter },
          backendCpuMsPerRequest: cpuPerRequest,
          backendIdleCpuMsPerSecond: +idleMsPerSecond.toFixed(1),
          ...(result.peer && {
            statusFasterThanPeerAtP95: +(
              result.peer.p95 / result.status.p95
            ).toFixed(1),
          }),
          tail,
          ...(loop && { loop }),
          latencyMs: Object.fromEntries(
            Object.entries(result).map(([k, v]) => [
              k,
              {
                p50: +v.p50.toFixed(2),
                p95: +v.p95.toFixed(2),
                max: +v.max.toFixed(1),
                bytes: v.bytes,
              },
            ]),
          ),
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
