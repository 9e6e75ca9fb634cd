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

import { LABELS } from '@dyploma/plugin-dyploma-common';
import { CostCluster, foldSample } from './collector';
import { CostStore } from './CostStore';
import {
  ClusterSample,
  ContainerSample,
  GIB,
  HOUR_MS,
  hourOf,
  PodSample,
} from './types';

/**
 * The small fleet the tests price by hand. Per hour:
 *
 * dc1 (0.03 per core-hour, 0.005 per GiB-hour), 2 nodes of 4 cores and 16 GiB:
 *   capacity 8 × 0.03 + 32 × 0.005 = 0.24 + 0.16 = 0.40
 *   payments, 2 pods requesting 1 core / 2 GiB, using 0.5 / 1 → 2 cores, 4 GiB
 *     = 0.06 + 0.02 = 0.08
 *   search, 1 pod requesting 2 cores / 4 GiB, using 1 core / 6 GiB (memory above request)
 *     → 2 cores, 6 GiB = 0.06 + 0.03 = 0.09
 *   a kube-system pod, no labels, no metrics, 0.5 core / 1 GiB = 0.015 + 0.005 = 0.02
 *   idle (8 − 4.5) × 0.03 + (32 − 11) × 0.005 = 0.105 + 0.105 = 0.21 (= 0.40 − 0.19)
 * dc2 (0.04, 0.006), 1 node of 4 cores and 8 GiB: capacity 0.16 + 0.048 = 0.208
 *   payments, 1 pod requesting 1 core / 2 GiB, using 1.5 cores / 1 GiB (CPU above request)
 *     → 1.5 cores, 2 GiB = 0.06 + 0.012 = 0.072
 *   idle (4 − 1.5) × 0.04 + (8 − 2) × 0.006 = 0.1 + 0.036 = 0.136
 * payments in all = 0.152 an hour; team-payments → commerce → engineering,
 * team-search → customer-experience → engineering.
 */
export const CLUSTERS = new Map<string, CostCluster>([
  [
    'dc1',
    {
      name: 'dc1',
      datacenter: 'paris',
      pricing: { cpuCoreHour: 0.03, memoryGiBHour: 0.005 },
    },
  ],
  [
    'dc2',
    {
      name: 'dc2',
      datacenter: 'frankfurt',
      pricing: { cpuCoreHour: 0.04, memoryGiBHour: 0.006 },
    },
  ],
]);

export const PARENTS = new Map([
  ['group:default/team-payments', 'group:default/commerce'],
  ['group:default/team-search', 'group:default/customer-experience'],
  ['group:default/commerce', 'group:default/engineering'],
  ['group:default/customer-experience', 'group:default/engineering'],
]);

const container = (
  requests: [number, number],
  usage?: [number, number],
): ContainerSample => ({
  name: 'app',
  requests: { cpuCores: requests[0], memoryBytes: requests[1] * GIB },
  usage: usage && { cpuCores: usage[0], memoryBytes: usage[1] * GIB },
});

const servicePod = (
  service: string,
  owner: string,
  system: string,
  name: string,
  c: ContainerSample,
): PodSample => ({
  namespace: service,
  name,
  labels: {
    [LABELS.name]: service,
    [LABELS.kubernetesId]: service,
    [LABELS.environment]: 'production',
    [LABELS.owner]: owner,
    [LABELS.partOf]: system,
  },
  containers: [c],
});

const node = (name: string, cpuCores: number, gib: number) => ({
  name,
  allocatable: { cpuCores, memoryBytes: gib * GIB },
});

/** The fleet at `at`; `paymentsDc1Pods` scales payments in dc1, `search` removes it. */
export function fleetSample(
  at: Date,
  options?: { paymentsDc1Pods?: number; search?: boolean },
): ClusterSample[] {
  const paymentsDc1 = Array.from(
    { length: options?.paymentsDc1Pods ?? 2 },
    (_, i) =>
      servicePod(
        'payments',
        'team-payments',
        'commerce',
        `payments-${i}`,
        container([1, 2], [0.5, 1]),
      ),
  );
  const search =
    options?.search === false
      ? []
      : [
          servicePod(
            'search',
            'team-search',
            'discovery',
            'search-0',
            container([2, 4], [1, 6]),
          ),
        ];
  return [
    {
      cluster: 'dc1',
      at,
      nodes: [node('dc1-a', 4, 16), node('dc1-b', 4, 16)],
      pods: [
        ...paymentsDc1,
        ...search,
        {
          namespace: 'kube-system',
          name: 'coredns-0',
          labels: {},
          containers: [container([0.5, 1])],
        },
      ],
    },
    {
      cluster: 'dc2',
      at,
      nodes: [node('dc2-a', 4, 8)],
      pods: [
        servicePod(
          'payments',
          'team-payments',
          'commerce',
          'payments-2',
          container([1, 2], [1.5, 1]),
        ),
      ],
    },
  ];
}

/**
 * Two days of the test fleet (`testFleet.ts`), November's first two, read at
 * 2026-11-02T23:30Z so that the month to date is exactly those 48 hours.
 * - 24 h window (Nov 2): the full fleet. payments 0.152/h → 3.648 (dc1 0.08 × 24 = 1.92,
 *   dc2 0.072 × 24 = 1.728); search 0.09 × 24 = 2.16; kube-system 0.02 × 24 = 0.48; idle dc1
 *   0.21 × 24 = 5.04, dc2 0.136 × 24 = 3.264.
 * - previous window (Nov 1): payments has one pod in dc1 (0.04 + 0.072 = 0.112/h → 2.688)
 *   and search does not run; kube-system 0.48 again.
 */
export const NOW = new Date('2026-11-02T23:30:00Z');

export async function seedTwoDays(store: CostStore) {
  const first = hourOf(new Date('2026-11-01T00:00:00Z'));
  const rows = [];
  for (let h = first; h < first + 48; h++) {
    const at = new Date(h * HOUR_MS + 5 * 60_000);
    const samples =
      h < first + 24
        ? fleetSample(at, { paymentsDc1Pods: 1, search: false })
        : fleetSample(at);
    for (const s of samples) {
      rows.push(...foldSample([], s, CLUSTERS.get(s.cluster)!));
    }
  }
  await store.upsert(rows);
}
