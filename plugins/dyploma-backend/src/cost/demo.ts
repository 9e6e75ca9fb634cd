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

import { CostCluster, foldSample } from './collector';
import { CostStore } from './CostStore';
import {
  Attribution,
  ClusterSample,
  CostRow,
  HOUR_MS,
  hourOf,
  Resources,
} from './types';

/** A demo service and where it runs, with the requests of one replica. */
export type DemoService = {
  serviceRef: string;
  ownerRef?: string;
  systemRef?: string;
  deployments: Array<{
    environment: string;
    cluster: string;
    replicas: number;
    requests: Resources;
  }>;
};

/** FNV-1a of a string, as a number in [0, 1). */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/**
 * Usage of one replica in an hour, like kube-sim's model: a baseline per service and
 * environment scaled to its requests (CPU 20–70 %, memory 40–80 %), ±10 % noise per hour,
 * and CPU following the day (+30 % mid-afternoon UTC, −30 % at night).
 */
export function demoUsage(
  serviceRef: string,
  environment: string,
  cluster: string,
  hour: number,
  requests: Resources,
): Resources {
  const base = unitHash(`${serviceRef}/${environment}`);
  const noise =
    unitHash(`${serviceRef}/${environment}/${cluster}/${hour}`) * 0.2 - 0.1;
  const day = 1 + 0.3 * Math.sin((2 * Math.PI * ((hour % 24) - 8)) / 24);
  return {
    cpuCores: requests.cpuCores * (0.2 + 0.5 * base) * (1 + noise) * day,
    memoryBytes: requests.memoryBytes * (0.4 + 0.4 * base) * (1 + noise / 2),
  };
}

/** The rows of one hour of the demo fleet (all clusters), marked `demo`. */
export function demoHourRows(options: {
  hour: number;
  services: DemoService[];
  clusters: Map<string, CostCluster>;
  /** Allocatable of each cluster's nodes; without it a cluster's idle row is 0. */
  capacity?: Map<string, Resources>;
  /** Each cluster's nodes, priced by type; preferred to `capacity`. */
  nodes?: Map<string, ClusterSample['nodes']>;
}): CostRow[] {
  const { hour } = options;
  const samples = new Map<string, ClusterSample>();
  const who = new Map<string, Attribution>();
  for (const s of options.services) {
    for (const d of s.deployments) {
      let sample = samples.get(d.cluster);
      if (!sample) {
        const capacity = options.capacity?.get(d.cluster);
        sample = {
          cluster: d.cluster,
          at: new Date(hour * HOUR_MS),
          nodes:
            options.nodes?.get(d.cluster) ??
            (capacity ? [{ name: 'capacity', allocatable: capacity }] : []),
          pods: [],
        };
        samples.set(d.cluster, sample);
      }
      const name = `${s.serviceRef}/${d.environment}`;
      who.set(name, {
        serviceRef: s.serviceRef,
        environment: d.environment,
        ownerRef: s.ownerRef,
        systemRef: s.systemRef,
      });
      const usage = demoUsage(
        s.serviceRef,
        d.environment,
        d.cluster,
        hour,
        d.requests,
      );
      // On a node picked by name, so node-type prices apply to demo pods as to real ones.
      const nodes = sample.nodes;
      sample.pods.push({
        namespace: d.environment,
        name,
        labels: {},
        nodeName: nodes.length
          ? nodes[Math.floor(unitHash(name) * nodes.length)].name
          : undefined,
        containers: Array.from({ length: d.replicas }, (_, i) => ({
          name: `replica-${i}`,
          requests: d.requests,
          usage,
        })),
      });
    }
  }
  const rows: CostRow[] = [];
  for (const sample of samples.values()) {
    const cluster = options.clusters.get(sample.cluster);
    if (!cluster) continue;
    for (const row of foldSample(
      [],
      sample,
      cluster,
      pod => who.get(pod.name)!,
    )) {
      rows.push({ ...row, demo: true });
    }
  }
  return rows;
}

/**
 * Writes `days` (default 7) of hourly rows for the demo services, up to the hour before
 * `now`, so that cost shows from the first start; the rows say `demo: true` and the UI
 * says "demo data". Only hours that hold no row at all are written: a restart writes
 * nothing again, a demo stopped for a while gets its gap filled, and an hour the collector
 * measured is never overwritten with invented figures.
 */
export async function backfillDemoCost(options: {
  store: CostStore;
  services: DemoService[];
  clusters: Map<string, CostCluster>;
  capacity?: Map<string, Resources>;
  nodes?: Map<string, ClusterSample['nodes']>;
  days?: number;
  now?: Date;
}): Promise<{ rows: number; hours: number }> {
  const to = hourOf(options.now ?? new Date());
  const from = to - (options.days ?? 7) * 24;
  const filled = new Set(await options.store.hoursWithRows({ from, to }));
  const missing: number[] = [];
  for (let h = from; h < to; h++) if (!filled.has(h)) missing.push(h);
  let written = 0;
  // A day's rows per transaction keeps each write small on SQLite.
  for (let i = 0; i < missing.length; i += 24) {
    const rows = missing
      .slice(i, i + 24)
      .flatMap(hour => demoHourRows({ ...options, hour }));
    await options.store.upsert(rows);
    written += rows.length;
  }
  return { rows: written, hours: missing.length };
}
