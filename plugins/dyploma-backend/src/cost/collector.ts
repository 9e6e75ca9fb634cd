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

import { LoggerService } from '@backstage/backend-plugin-api';
import {
  addAllocation,
  allocateCluster,
  Attributor,
  emptyAllocation,
} from './allocation';
import { CostStore } from './CostStore';
import {
  Allocation,
  ClusterSample,
  CostRow,
  HOUR_MS,
  hourOf,
  IDLE,
  Pricing,
} from './types';

/** What the collector needs of a cluster (a subset of `ClusterInfo` from the topology). */
export type CostCluster = {
  name: string;
  datacenter: string;
  pricing: Pricing;
};

/** Reads one sample of every cluster from the fleet caches. */
export type CostSampleSource = () => Promise<ClusterSample[]>;

export type CostCollectorOptions = {
  source: CostSampleSource;
  store: CostStore;
  clusters: Map<string, CostCluster>;
  /** Default: the labels Dyploma's renderer writes ({@link attributeByLabels}). */
  attribute?: Attributor;
  /** Rows older than this many days are deleted on each run; default 400. */
  retentionDays?: number;
  logger?: LoggerService;
  now?: () => Date;
};

export const DEFAULT_RETENTION_DAYS = 400;

const rowKey = (r: { serviceRef: string; environment: string }) =>
  `${r.serviceRef}\u0000${r.environment}`;

/**
 * Folds one sample into the rows of its cluster and hour. Each row holds the average of
 * the hour's samples so far × one hour: with N samples folded, a value v becomes
 * (v × N + x) / (N + 1), x being 0 for a service absent from the new sample. A sample no
 * newer than the last one folded changes nothing, so running a task twice is harmless.
 */
export function foldSample(
  existing: CostRow[],
  sample: ClusterSample,
  cluster: CostCluster,
  attribute?: Attributor,
): CostRow[] {
  const at = sample.at.getTime();
  const real = existing.filter(r => !r.demo);
  const idleRow = real.find(r => r.serviceRef === IDLE);
  if (idleRow && idleRow.sampledAt >= at) return [];
  const n = idleRow?.samples ?? 0;
  const hour = hourOf(at);
  const allocation = allocateCluster(sample, cluster.pricing, { attribute });

  const fresh = new Map<string, CostRow>();
  const base = {
    hour,
    cluster: cluster.name,
    datacenter: cluster.datacenter,
    samples: n + 1,
    sampledAt: at,
    demo: false,
  };
  for (const s of allocation.services) {
    const { serviceRef, environment, ownerRef, systemRef, ...values } = s;
    fresh.set(rowKey(s), {
      ...base,
      serviceRef,
      environment,
      ownerRef,
      systemRef,
      ...values,
    });
  }
  fresh.set(rowKey({ serviceRef: IDLE, environment: '' }), {
    ...base,
    serviceRef: IDLE,
    environment: '',
    ...allocation.idle,
  });

  const out: CostRow[] = [];
  const scaled = (a: Allocation | undefined, factor: number) =>
    addAllocation(emptyAllocation(), a ?? emptyAllocation(), factor);
  const average = (old: Allocation | undefined, x: Allocation | undefined) =>
    addAllocation(scaled(old, n / (n + 1)), scaled(x, 1 / (n + 1)));
  const oldByKey = new Map(real.map(r => [rowKey(r), r]));
  for (const key of new Set([...oldByKey.keys(), ...fresh.keys()])) {
    const old = oldByKey.get(key);
    const x = fresh.get(key);
    const template = (x ?? old)!;
    out.push({
      ...template,
      ...base,
      ownerRef: x?.ownerRef ?? old?.ownerRef,
      systemRef: x?.systemRef ?? old?.systemRef,
      ...average(old, x),
    });
  }
  return out;
}

/**
 * The body of the cost collection task. The lead registers it with
 * `coreServices.scheduler` (`scope: 'global'`, so one replica at a time, every few
 * minutes): each run reads a sample of every cluster, folds it into the hour's rows and
 * deletes rows past the retention.
 */
export function createCostCollector(
  options: CostCollectorOptions,
): () => Promise<void> {
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const now = options.now ?? (() => new Date());
  return async () => {
    const samples = await options.source();
    for (const sample of samples) {
      const cluster = options.clusters.get(sample.cluster);
      if (!cluster) {
        options.logger?.warn(
          `Cost: no cluster named "${sample.cluster}" is configured; its sample is ignored`,
        );
        continue;
      }
      await options.store.foldClusterHour(
        cluster.name,
        hourOf(sample.at),
        existing => foldSample(existing, sample, cluster, options.attribute),
      );
    }
    const deleted = await options.store.deleteBefore(
      hourOf(now().getTime() - retentionDays * 24 * HOUR_MS),
    );
    if (deleted > 0) {
      options.logger?.info(
        `Cost: deleted ${deleted} hourly rows older than ${retentionDays} days`,
      );
    }
  };
}
