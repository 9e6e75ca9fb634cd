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

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterInfo } from '../clusters/topology';
import {
  ClusterHealth,
  ClusterState,
  clusterState,
  lastSeenOf,
} from './health';
import { FleetKind, FleetObjects, KINDS } from './kinds';
import { createKubeClients, KubeClients } from './KubeClients';
import { MetricsPoller } from './MetricsPoller';
import { ResourceCache, ResourceChange } from './ResourceCache';
import type { Interner, SlimPodMetric } from './slim';
import type { FleetTiming } from './timing';

/** Something changed in the fleet: an object, a cluster's health, or its pod metrics. */
export type FleetChange =
  | (ResourceChange & { cluster: string; resource: FleetKind })
  | { type: 'HEALTH'; cluster: string; health: ClusterHealth }
  | { type: 'METRICS'; cluster: string };

export type ClusterCacheOptions = {
  cluster: ClusterInfo;
  resources: FleetKind[];
  timing: FleetTiming;
  logger: LoggerService;
  interner: Interner;
  onChange(change: FleetChange): void;
  random?: () => number;
};

/**
 * Everything Dyploma knows about one cluster: a cache per kind, pod metrics,
 * and the cluster's health derived from them. Clusters are independent: one
 * down or slow never delays another's caches.
 */
export class ClusterCache {
  private readonly caches = new Map<FleetKind, ResourceCache>();
  private metrics?: MetricsPoller;
  private clients?: KubeClients;
  private state: ClusterState = 'connecting';
  private since = new Date();

  constructor(private readonly options: ClusterCacheOptions) {}

  get name() {
    return this.options.cluster.name;
  }

  /** The cluster's API clients (for writes by the worker), once started. */
  get kubeClients(): KubeClients | undefined {
    return this.clients;
  }

  async start() {
    if (this.clients) return;
    const { cluster, resources, timing, logger, interner, onChange, random } =
      this.options;
    const clients = await createKubeClients(cluster);
    this.clients = clients;
    for (const resource of resources) {
      const cache = new ResourceCache({
        spec: KINDS[resource],
        clients,
        timing,
        logger,
        interner,
        random,
        onChange: change =>
          onChange({ ...change, cluster: cluster.name, resource }),
        onStatus: () => this.statusChanged(),
      });
      this.caches.set(resource, cache);
      cache.start();
    }
    this.metrics = new MetricsPoller(clients, timing, logger, interner, () =>
      onChange({ type: 'METRICS', cluster: cluster.name }),
    );
    this.metrics.start();
  }

  async stop() {
    await Promise.all([
      ...[...this.caches.values()].map(c => c.stop()),
      this.metrics?.stop(),
    ]);
  }

  /** True once every kind has been listed at least once. */
  get synced() {
    return (
      this.caches.size > 0 &&
      [...this.caches.values()].every(c => c.status().synced)
    );
  }

  objects<K extends FleetKind>(
    resource: K,
    namespace?: string,
  ): Iterable<FleetObjects[K]> {
    const cache = this.caches.get(resource);
    return (cache?.index.values(namespace) ?? []) as Iterable<FleetObjects[K]>;
  }

  get<K extends FleetKind>(
    resource: K,
    namespace: string,
    name: string,
  ): FleetObjects[K] | undefined {
    return this.caches.get(resource)?.index.get(namespace, name) as
      | FleetObjects[K]
      | undefined;
  }

  podMetrics(namespace?: string): Iterable<SlimPodMetric> {
    return this.metrics?.values(namespace) ?? [];
  }

  /** See `FleetCache.stamp`. */
  stamp(resource: FleetKind | 'podmetrics', namespace: string): number {
    if (resource === 'podmetrics') return this.metrics?.polls ?? 0;
    return this.caches.get(resource)?.index.stamp(namespace) ?? 0;
  }

  health(): ClusterHealth {
    const resources = [...this.caches.values()].map(c => c.status());
    return {
      cluster: this.name,
      datacenter: this.options.cluster.datacenter,
      state: this.state,
      lastSeen: lastSeenOf(resources),
      since: this.since,
      failing: resources
        .filter(r => r.failures > 0)
        .map(r => ({ resource: r.resource, error: r.lastError ?? 'failed' })),
      resources,
      podMetrics: this.metrics?.status() ?? { pods: 0 },
    };
  }

  /** `health()`'s state and last-seen time, without the rest: for every status read. */
  seen(): Pick<ClusterHealth, 'state' | 'lastSeen'> {
    let lastSeen: Date | undefined;
    for (const cache of this.caches.values()) {
      const at = cache.lastSeen;
      if (at && (!lastSeen || at > lastSeen)) lastSeen = at;
    }
    return { state: this.state, lastSeen };
  }

  private statusChanged() {
    const next = clusterState([...this.caches.values()].map(c => c.status()));
    if (next === this.state) return;
    const { logger, onChange } = this.options;
    const previous = this.state;
    this.state = next;
    this.since = new Date();
    const health = this.health();
    const log = next === 'connected' ? logger.info : logger.warn;
    log.call(
      logger,
      `Cluster ${this.name} is ${next} (was ${previous})${
        health.failing.length
          ? `: ${health.failing
              .map(f => `${f.resource}: ${f.error}`)
              .join('; ')}`
          : ''
      }`,
    );
    onChange({ type: 'HEALTH', cluster: this.name, health });
  }
}
