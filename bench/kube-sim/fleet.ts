/* eslint-disable no-console */
/**
 * The seed's fleet on kube-sim, in one process: 3 clusters, 1,600 nodes,
 * 2,300 Deployments, 7,500 Pods. Measures time until every Deployment is
 * available, RSS, `kubectl get pods -A` on one cluster, and watch delivery
 * latency at 20 changes/s. Writes results.md next to this file.
 *
 *   node bench/kube-sim/run.js [--time-scale 1] [--out bench/kube-sim/results.md]
 */
import https from 'node:https';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startKubeSim } from '../../packages/kube-sim/src';
import { makeNode } from '../../packages/kube-sim/src/cluster/nodes';
import { RESOURCES } from '../../packages/kube-sim/src/api/registry';

const { values } = parseArgs({
  options: {
    'time-scale': { type: 'string', default: '1' },
    out: { type: 'string', default: join(__dirname, 'results.md') },
  },
});

const CLUSTERS = ['dc1', 'dc2', 'dc3'];
const NODES = [534, 533, 533];
const DEPLOYMENTS = 2300;
const PODS = 7500;
const NAMESPACES = 40;

/** 7,500 pods over 2,300 Deployments: 600 with 4 replicas, 1,700 with 3. */
const replicasOf = (i: number) => (i < PODS - 3 * DEPLOYMENTS ? 4 : 3);

async function main() {
  const timeScale = Number(values['time-scale']);
  const t0 = Date.now();
  const sim = await startKubeSim({ clusters: CLUSTERS, port: 0, timeScale, nodes: { count: 1, cpu: '16', memory: '64Gi', pods: 110 } });
  // Grow each cluster to its node count (the option is per cluster; the seed's split is uneven).
  for (const [ci, name] of CLUSTERS.entries()) {
    const c = sim.cluster(name);
    for (let i = 1; i < NODES[ci]; i++) {
      c.api.create(RESOURCES.nodes, undefined, makeNode(name, i, { count: NODES[ci], cpu: '16', memory: '64Gi', pods: 110 }, c.clock.nowIso()), { internal: true });
    }
  }
  const agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca: sim.ca });
  const call = (cluster: number, method: string, path: string, body?: unknown, contentType = 'application/json') =>
    new Promise<any>((resolve, reject) => {
      const c = sim.clusters[cluster];
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(new URL(path, c.url), { method, agent, headers: { Authorization: `Bearer ${c.token}`, ...(payload ? { 'Content-Type': contentType } : {}) } }, res => {
        const chunks: Buffer[] = [];
        res.on('data', d => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
          else resolve(text ? JSON.parse(text) : undefined);
        });
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });

  for (let ci = 0; ci < CLUSTERS.length; ci++) {
    for (let n = 0; n < NAMESPACES; n++) await call(ci, 'POST', '/api/v1/namespaces', { metadata: { name: `team-${n}` } });
  }
  const tCreate = Date.now();
  // Server-side apply, as Dyploma deploys, 32 in flight.
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= DEPLOYMENTS) return;
      const ci = i % CLUSTERS.length;
      const ns = `team-${i % NAMESPACES}`;
      const name = `svc-${i}`;
      await call(ci, 'PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/${name}?fieldManager=dyploma`, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels: { 'backstage.io/kubernetes-id': `svc-${i % 400}` } },
        spec: {
          replicas: replicasOf(i),
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name, 'backstage.io/kubernetes-id': `svc-${i % 400}` } },
            spec: { containers: [{ name: 'main', image: `registry.example/svc-${i % 400}:1.0`, resources: { requests: { cpu: '250m', memory: '512Mi' } } }] },
          },
        },
      }, 'application/apply-patch+yaml');
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  const tApplied = Date.now();

  const allAvailable = () => {
    let ready = 0;
    let pods = 0;
    for (const name of CLUSTERS) {
      const c = sim.cluster(name);
      for (const d of c.store.list('apps/deployments')) if ((d.status?.availableReplicas ?? 0) === d.spec.replicas) ready++;
      for (const p of c.store.list('/pods')) if ((p.status?.conditions ?? []).some((x: any) => x.type === 'Ready' && x.status === 'True')) pods++;
    }
    return { ready, pods };
  };
  let state = allAvailable();
  while (state.ready < DEPLOYMENTS || state.pods < PODS) {
    if (Date.now() - tCreate > 600_000) throw new Error(`not ready after 10 minutes: ${JSON.stringify(state)}`);
    await new Promise(r => setTimeout(r, 250));
    state = allAvailable();
  }
  const tReady = Date.now();
  global.gc?.();
  const rss = process.memoryUsage().rss;

  // kubectl get pods -A on dc1 (about 2,500 pods), three runs, best and worst.
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, sim.kubeconfigYaml());
  // Asynchronous: the servers live in this process and must keep answering.
  const kubectl = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), '--context', 'dc1', ...args], { maxBuffer: 64 << 20 }, (e, o) => (e ? reject(e) : resolve(o)));
    });
  await kubectl(['get', 'ns']); // warm the discovery cache, as an interactive user's kubectl has
  const getTimes: number[] = [];
  let podLines = 0;
  for (let i = 0; i < 3; i++) {
    const s = Date.now();
    const out = await kubectl(['get', 'pods', '-A']);
    getTimes.push(Date.now() - s);
    podLines = out.trim().split('\n').length - 1;
  }

  // Watch latency: 20 changes/s for 15 s on a ConfigMap, measured from send to delivery.
  await call(0, 'POST', '/api/v1/namespaces/team-0/configmaps', { metadata: { name: 'probe' }, data: { seq: '0' } });
  const latencies: number[] = [];
  const sent = new Map<string, number>();
  const c0 = sim.clusters[0];
  const watchReq = https.request(new URL('/api/v1/namespaces/team-0/configmaps?watch=true&fieldSelector=metadata.name%3Dprobe&resourceVersion=0', c0.url), { agent: new https.Agent({ ca: sim.ca }), headers: { Authorization: `Bearer ${c0.token}` } }, res => {
    let buf = '';
    res.on('data', d => {
      const now = performance.now();
      buf += d;
      let i = buf.indexOf('\n');
      while (i >= 0) {
        const ev = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        const seq = ev.object?.data?.seq;
        if (sent.has(seq)) {
          latencies.push(now - sent.get(seq)!);
          sent.delete(seq);
        }
        i = buf.indexOf('\n');
      }
    });
  });
  watchReq.end();
  await new Promise(r => setTimeout(r, 500));
  for (let i = 1; i <= 300; i++) {
    const seq = String(i);
    sent.set(seq, performance.now());
    call(0, 'PATCH', '/api/v1/namespaces/team-0/configmaps/probe', { data: { seq } }, 'application/merge-patch+json').catch(() => {});
    await new Promise(r => setTimeout(r, 50));
  }
  await new Promise(r => setTimeout(r, 1000));
  watchReq.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];

  const results = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    timeScale,
    clusters: CLUSTERS.length,
    nodes: NODES.reduce((a, b) => a + b, 0),
    deployments: DEPLOYMENTS,
    pods: PODS,
    applySeconds: (tApplied - tCreate) / 1000,
    readySeconds: (tReady - tCreate) / 1000,
    startupSeconds: (tCreate - t0) / 1000,
    rssMiB: Math.round(rss / 2 ** 20),
    kubectlGetPodsAllMs: getTimes,
    kubectlPodLines: podLines,
    watchSamples: latencies.length,
    watchP50Ms: pct(50),
    watchP99Ms: pct(99),
    watchMaxMs: latencies[latencies.length - 1],
  };
  console.log(JSON.stringify(results, null, 2));
  const md = `# kube-sim fleet benchmark

Reproduce: \`node --expose-gc bench/kube-sim/run.js\` from the repository root (after \`eval "$(scripts/env)"\`).

Fleet: ${results.clusters} clusters, ${results.nodes} nodes (534/533/533, 16 CPU / 64 Gi each), ${results.deployments} Deployments
(600 × 4 replicas + 1,700 × 3) = ${results.pods} Pods in 40 namespaces, created by server-side apply over HTTPS
(32 in flight), time scale ${timeScale} (real pod timings: pull 1 s, start 0.5 s, ready 1 s).

| Measure | Target | Result |
| --- | --- | --- |
| All Deployments available, all Pods Ready (from first apply) | ≤ 60 s | ${results.readySeconds.toFixed(1)} s (applies done after ${results.applySeconds.toFixed(1)} s) |
| RSS of the simulator process when Ready | ≤ 2 GB | ${results.rssMiB} MiB |
| \`kubectl get pods -A\` on dc1 (${podLines} pods), 3 runs | ≤ 2 s | ${getTimes.map(t => `${(t / 1000).toFixed(2)} s`).join(', ')} |
| Watch delivery latency at 20 changes/s (${results.watchSamples} changes) | p99 ≤ 50 ms | p50 ${results.watchP50Ms.toFixed(1)} ms, p99 ${results.watchP99Ms.toFixed(1)} ms, max ${results.watchMaxMs.toFixed(1)} ms |

Measured ${results.date} on ${results.machine}.

\`\`\`json
${JSON.stringify(results, null, 2)}
\`\`\`
`;
  writeFileSync(values.out!, md);
  agent.destroy();
  await sim.stop();
  process.exit(0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
