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

import type { FleetCache } from '../fleet';
import { fleetCostSamples } from './fleetSamples';

// A stand-in for the fleet cache's read surface: the real cache is tested against kube-sim
// in src/fleet; here only the translation into cost samples is under test.
function fakeFleet(): FleetCache {
  const pod = (name: string, phase: string) => ({
    cluster: 'dc1',
    object: {
      metadata: {
        namespace: 'payments',
        name,
        labels: { 'app.kubernetes.io/name': 'payments' },
      },
      spec: {
        nodeName: 'n1',
        containers: [
          {
            name: 'payments',
            resources: { requests: { cpu: '500m', memory: '1Gi' } },
          },
        ],
      },
      status: { phase },
    },
  });
  return {
    clusterHealth: () => [
      { cluster: 'dc1', state: 'connected' },
      { cluster: 'dc2', state: 'down' },
    ],
    podMetrics: () => [
      {
        cluster: 'dc1',
        object: {
          metadata: { namespace: 'payments', name: 'payments-a' },
          containers: [
            { name: 'payments', usage: { cpu: '250m', memory: '512Mi' } },
          ],
        },
      },
    ],
    nodes: () => [
      {
        cluster: 'dc1',
        object: {
          metadata: {
            name: 'n1',
            labels: { 'node.kubernetes.io/instance-type': 'm.large' },
          },
          status: { allocatable: { cpu: '8', memory: '32Gi' } },
        },
      },
    ],
    pods: () => [pod('payments-a', 'Running'), pod('payments-b', 'Pending')],
  } as unknown as FleetCache;
}

describe('fleetCostSamples', () => {
  it('samples running pods with requests and usage, and skips clusters that are down', async () => {
    const at = new Date('2026-11-23T10:00:00Z');
    const samples = await fleetCostSamples(fakeFleet(), () => at)();
    expect(samples).toEqual([
      {
        cluster: 'dc1',
        at,
        nodes: [
          {
            name: 'n1',
            instanceType: 'm.large',
            allocatable: { cpuCores: 8, memoryBytes: 32 * 2 ** 30 },
          },
        ],
        pods: [
          {
            namespace: 'payments',
            name: 'payments-a',
            labels: { 'app.kubernetes.io/name': 'payments' },
            nodeName: 'n1',
            containers: [
              {
                name: 'payments',
                requests: { cpuCores: 0.5, memoryBytes: 2 ** 30 },
                usage: { cpuCores: 0.25, memoryBytes: 512 * 2 ** 20 },
              },
            ],
          },
        ],
      },
    ]);
  });
});
