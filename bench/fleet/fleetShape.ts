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
 * The seed's fleet, as Dyploma deploys it: 400 services, 3 clusters with 1,600
 * nodes, 2,300 Deployments and 7,500 pods.
 *
 *   production  dc1 dc2 dc3, weighted   400 services × 3 = 1,200 Deployments, 15 or 17 replicas each → 6,400 pods
 *   staging     dc1 dc2                 400 services × 2 =   800 Deployments, 2 replicas each       →   800 pods
 *   dev         dc3                     the first 300    =   300 Deployments, 1 replica each        →   300 pods
 */

export const CLUSTERS = [
  { name: 'dc1', datacenter: 'frankfurt', nodes: 534 },
  { name: 'dc2', datacenter: 'amsterdam', nodes: 533 },
  { name: 'dc3', datacenter: 'dublin', nodes: 533 },
] as const;

export const SERVICES = 400;
export const TEAMS = 40;
export const CATALOG_NAMESPACE = 'default';
export const VERSION = '1.0.0';

export type EnvironmentShape = {
  name: string;
  clusters: string[];
  namespace: string;
  /** How many services run there (the first N). */
  services: number;
  /** Replicas of the whole environment for service i. */
  replicas: (i: number) => number;
};

export const ENVIRONMENTS: EnvironmentShape[] = [
  {
    name: 'production',
    clusters: ['dc1', 'dc2', 'dc3'],
    namespace: '{service}',
    services: SERVICES,
    replicas: i => (i % 2 === 0 ? 15 : 17),
  },
  {
    name: 'staging',
    clusters: ['dc1', 'dc2'],
    namespace: '{service}-staging',
    services: SERVICES,
    replicas: () => 2,
  },
  {
    name: 'dev',
    clusters: ['dc3'],
    namespace: '{service}-dev',
    services: 300,
    replicas: () => 1,
  },
];

export const serviceName = (i: number) => `svc-${String(i).padStart(3, '0')}`;
export const teamOf = (i: number) =>
  `team-${String(i % TEAMS).padStart(2, '0')}`;

/** What the fleet adds up to, computed from the shape above (checked against the clusters). */
export function expectedTotals() {
  let deployments = 0;
  let pods = 0;
  for (const env of ENVIRONMENTS) {
    for (let i = 0; i < env.services; i++) {
      deployments += env.clusters.length;
      pods += env.replicas(i);
    }
  }
  return { deployments, pods };
}
