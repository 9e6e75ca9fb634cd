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

import type { FleetKind } from './kinds';
import type { PodMetricsStatus } from './MetricsPoller';
import type { ResourceCacheStatus } from './ResourceCache';

/**
 * - `connecting`: nothing failed, but not every kind is listed yet;
 * - `connected`: every kind is listed and its watch is working;
 * - `degraded`: some kinds fail while others work;
 * - `down`: every kind fails; the cache shows the last state it saw.
 */
export type ClusterState = 'connecting' | 'connected' | 'degraded' | 'down';

export type ClusterHealth = {
  cluster: string;
  datacenter: string;
  state: ClusterState;
  /** Last time anything was heard from the cluster (list, event, bookmark). */
  lastSeen?: Date;
  /** When `state` last changed. */
  since: Date;
  /** Kinds whose last request failed, with the error. */
  failing: Array<{ resource: FleetKind; error: string }>;
  /** Every kind's cache, for diagnostics. */
  resources: ResourceCacheStatus[];
  podMetrics: PodMetricsStatus;
};

/** The state a cluster is in, from the status of its kinds' caches. */
export function clusterState(resources: ResourceCacheStatus[]): ClusterState {
  const working = resources.filter(r => r.synced && r.healthy).length;
  const failing = resources.filter(r => r.failures > 0).length;
  if (working === resources.length) return 'connected';
  if (failing === resources.length) return 'down';
  if (failing === 0) return 'connecting';
  return 'degraded';
}

/** The most recent of the kinds' last-seen times. */
export function lastSeenOf(resources: ResourceCacheStatus[]): Date | undefined {
  let latest: Date | undefined;
  for (const r of resources) {
    if (r.lastSeen && (!latest || r.lastSeen > latest)) latest = r.lastSeen;
  }
  return latest;
}
