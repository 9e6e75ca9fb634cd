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

/**
 * The fleet read model. Wiring, in short:
 *
 *   const fleet = new FleetCache({ clusters: topology.clusters.values(), logger });
 *   await fleet.start();                       // returns at once; caches sync in the background
 *   lifecycle.addShutdownHook(() => fleet.stop());
 *
 *   fleet.deployments({ cluster, namespace, labelSelector });   // synchronous, no API call
 *   fleet.clusterHealth();                                      // state + lastSeen per cluster
 *   await fleet.waitFor(() => done(fleet.get('deployments', c, ns, name)), { timeoutMs });
 *
 * Tests under Jest must replace `./clientNode` (see FleetCache.test.ts): client-node is
 * ESM-only and Jest's CommonJS runtime cannot `import()` it.
 */

export { FleetCache } from './FleetCache';
export type {
  FleetCacheOptions,
  FleetChangeListener,
  FleetItem,
  FleetQuery,
} from './FleetCache';
export type { FleetChange } from './ClusterCache';
export type { ClusterHealth, ClusterState } from './health';
export { ALL_KINDS } from './kinds';
export type { CachedObject, FleetKind, FleetObjects } from './kinds';
export { createKubeClients, kubeConfigFor } from './KubeClients';
export type { KubeClients } from './KubeClients';
export { loadClientNode } from './clientNode';
export type { ClientNode } from './clientNode';
export type { LabelSelector } from './labelSelector';
export type { ResourceCacheStatus } from './ResourceCache';
export type { PodMetricsStatus } from './MetricsPoller';
export { DEFAULT_TIMING } from './timing';
export type { FleetTiming } from './timing';
