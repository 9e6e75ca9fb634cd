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
 * kube-sim as its own process with the seed's machines: dc1, dc2, dc3 with
 * 534 + 533 + 533 = 1,600 nodes (16 CPU, 64 Gi, 110 pods each). The workloads
 * are not made here: Dyploma deploys them (see seed.ts), so every Deployment
 * has a release behind it that a restart can build on.
 *
 *   node bench/fleet/kube-sim.js --info <file> [--token t] [--time-scale 1]
 *
 * Writes the clusters' URLs, the CA and the control URL to `--info` once it
 * listens, then serves until SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startKubeSim } from '../../packages/kube-sim/src';
import { makeNode } from '../../packages/kube-sim/src/cluster/nodes';
import { RESOURCES } from '../../packages/kube-sim/src/api/registry';
import { CLUSTERS } from './fleetShape';

const { values } = parseArgs({
  options: {
    info: { type: 'string' },
    token: { type: 'string' },
    'time-scale': { type: 'string', default: '1' },
  },
});

const NODE = { cpu: '16', memory: '64Gi', pods: 110 };

async function main() {
  if (!values.info) throw new Error('--info <file> is required');
  const names = CLUSTERS.map(c => c.name);
  const sim = await startKubeSim({
    clusters: names,
    port: 0,
    timeScale: Number(values['time-scale']),
    nodes: { count: 1, ...NODE },
    tokens: Object.fromEntries(names.map(n => [n, { token: values.token }])),
  });
  // The node count option is per cluster and the seed's split is uneven: add the rest here.
  for (const { name, nodes } of CLUSTERS) {
    const cluster = sim.cluster(name);
    for (let i = 1; i < nodes; i++) {
      cluster.api.create(
        RESOURCES.nodes,
        undefined,
        makeNode(name, i, { count: nodes, ...NODE }, cluster.clock.nowIso()),
        { internal: true },
      );
    }
  }
  writeFileSync(
    values.info,
    JSON.stringify({
      pid: process.pid,
      clusters: sim.clusters,
      caData: sim.clusters[0].caData,
      controlUrl: sim.controlUrl,
    }),
  );
  const stop = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
