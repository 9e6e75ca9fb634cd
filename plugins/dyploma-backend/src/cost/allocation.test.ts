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

import {
  allocateCluster,
  attributeByLabels,
  containerAllocation,
  shareIdle,
} from './allocation';
import { ancestry, descendants, rollUp } from './ownership';
import { CLUSTERS, fleetSample, PARENTS } from './testFleet';
import { GIB, PodSample, UNALLOCATED } from './types';

const at = new Date('2026-11-24T10:05:00Z');
const [dc1, dc2] = fleetSample(at);

describe('allocation', () => {
  it('charges max(request, usage) × hours × unit price per resource', () => {
    const pricing = { cpuCoreHour: 0.03, memoryGiBHour: 0.005 };
    // CPU: usage 1.5 above request 1 → 1.5 × 2 h × 0.03 = 0.09;
    // memory: request 4 GiB above usage 1 → 4 × 2 h × 0.005 = 0.04.
    const a = containerAllocation(
      {
        name: 'app',
        requests: { cpuCores: 1, memoryBytes: 4 * GIB },
        usage: { cpuCores: 1.5, memoryBytes: GIB },
      },
      pricing,
      2,
    );
    expect(a.cpuCost).toBeCloseTo(0.09, 12);
    expect(a.memoryCost).toBeCloseTo(0.04, 12);
    expect(a.cost).toBeCloseTo(0.13, 12);
    expect(a).toMatchObject({
      cpuRequestCoreHours: 2,
      cpuUsageCoreHours: 3,
      memoryRequestGiBHours: 8,
      memoryUsageGiBHours: 2,
    });
  });

  it('allocates a cluster to services and reports its idle cost apart', () => {
    const a = allocateCluster(dc1, CLUSTERS.get('dc1')!.pricing);
    const by = new Map(a.services.map(s => [s.serviceRef, s]));
    expect(by.get('component:default/payments')!.cost).toBeCloseTo(0.08, 12);
    expect(by.get('component:default/search')!.cost).toBeCloseTo(0.09, 12);
    expect(by.get(UNALLOCATED)!.cost).toBeCloseTo(0.02, 12);
    expect(a.capacity.cost).toBeCloseTo(0.4, 12);
    expect(a.idle.cpuCost).toBeCloseTo(0.105, 12);
    expect(a.idle.memoryCost).toBeCloseTo(0.105, 12);
    expect(a.idle.cost).toBeCloseTo(0.21, 12);
    expect(a.idle.cpuRequestCoreHours).toBeCloseTo(3.5, 12);
    expect(a.idle.memoryRequestGiBHours).toBeCloseTo(21, 12);

    const b = allocateCluster(dc2, CLUSTERS.get('dc2')!.pricing);
    expect(b.services).toHaveLength(1);
    expect(b.services[0].cpuCost).toBeCloseTo(0.06, 12);
    expect(b.services[0].memoryCost).toBeCloseTo(0.012, 12);
    expect(b.idle.cost).toBeCloseTo(0.136, 12);
    expect(b.capacity.cost).toBeCloseTo(0.208, 12);
  });

  it('charges a pod the prices of its node type, and the nodes at their own prices', () => {
    // Cluster prices 0.03 / 0.005; type m.large 0.05 / 0.01; type sim.standard unlisted.
    const pricing = {
      cpuCoreHour: 0.03,
      memoryGiBHour: 0.005,
      nodeTypes: { 'm.large': { cpuCoreHour: 0.05, memoryGiBHour: 0.01 } },
    };
    const pod = (
      name: string,
      nodeName: string,
      requests: [number, number],
      usage: [number, number],
    ): PodSample => ({
      namespace: 'shop',
      name,
      nodeName,
      labels: { 'backstage.io/kubernetes-id': name },
      containers: [
        {
          name: 'app',
          requests: { cpuCores: requests[0], memoryBytes: requests[1] * GIB },
          usage: { cpuCores: usage[0], memoryBytes: usage[1] * GIB },
        },
      ],
    });
    const a = allocateCluster(
      {
        cluster: 'dc1',
        at,
        nodes: [
          {
            name: 'n1',
            instanceType: 'm.large',
            allocatable: { cpuCores: 4, memoryBytes: 16 * GIB },
          },
          {
            name: 'n2',
            instanceType: 'sim.standard',
            allocatable: { cpuCores: 4, memoryBytes: 16 * GIB },
          },
        ],
        pods: [
          // on m.large: 1 core × 0.05 + 2 GiB × 0.01 = 0.07
          pod('cart', 'n1', [1, 2], [0.5, 1]),
          // on an unlisted type: 2 cores × 0.03 + 6 GiB (usage) × 0.005 = 0.09
          pod('search', 'n2', [2, 4], [1, 6]),
          // its node is gone from the sample: the cluster's 0.03 + 0.005 = 0.035
          pod('ledger', 'gone', [1, 1], [0.2, 0.5]),
        ],
      },
      pricing,
    );
    const cost = new Map(a.services.map(s => [s.serviceRef, s.cost]));
    expect(cost.get('component:default/cart')).toBeCloseTo(0.07, 12);
    expect(cost.get('component:default/search')).toBeCloseTo(0.09, 12);
    expect(cost.get('component:default/ledger')).toBeCloseTo(0.035, 12);
    // n1 4 × 0.05 + 16 × 0.01 = 0.36, n2 4 × 0.03 + 16 × 0.005 = 0.20
    expect(a.capacity.cpuCost).toBeCloseTo(0.32, 12);
    expect(a.capacity.memoryCost).toBeCloseTo(0.24, 12);
    expect(a.capacity.cost).toBeCloseTo(0.56, 12);
    // idle CPU 0.32 − (0.05 + 0.06 + 0.03) = 0.18, memory 0.24 − (0.02 + 0.03 + 0.005) = 0.185
    expect(a.idle.cpuCost).toBeCloseTo(0.18, 12);
    expect(a.idle.memoryCost).toBeCloseTo(0.185, 12);
    expect(a.idle.cost).toBeCloseTo(0.365, 12);
    expect(a.idle.cpuRequestCoreHours).toBeCloseTo(4, 12);
    expect(a.idle.memoryRequestGiBHours).toBeCloseTo(23, 12);
  });

  it('attributes pods through the labels the renderer writes', () => {
    expect(attributeByLabels(dc1.pods[0])).toEqual({
      serviceRef: 'component:default/payments',
      environment: 'production',
      ownerRef: 'group:default/team-payments',
      systemRef: 'system:default/commerce',
    });
    // The renderer writes the service's own name as part-of when it has no system.
    expect(
      attributeByLabels({
        ...dc1.pods[0],
        labels: {
          'backstage.io/kubernetes-id': 'solo',
          'app.kubernetes.io/part-of': 'solo',
        },
      }),
    ).toEqual({
      serviceRef: 'component:default/solo',
      environment: '',
      ownerRef: undefined,
      systemRef: undefined,
    });
  });

  it('shares idle in proportion to each one’s CPU and memory cost', () => {
    // CPU idle 2 split 3:1 → 1.5 and 0.5; memory idle 1 split 1:1 → 0.5 and 0.5.
    expect(
      shareIdle(
        [
          { cpuCost: 3, memoryCost: 1 },
          { cpuCost: 1, memoryCost: 1 },
        ],
        { cpuCost: 2, memoryCost: 1 },
      ),
    ).toEqual([2, 1]);
    expect(
      shareIdle([{ cpuCost: 0, memoryCost: 0 }], { cpuCost: 1, memoryCost: 1 }),
    ).toEqual([0]);
  });
});

describe('ownership', () => {
  it('rolls a team’s cost up to its department and organisation', () => {
    expect(ancestry('group:default/team-payments', PARENTS)).toEqual([
      'group:default/team-payments',
      'group:default/commerce',
      'group:default/engineering',
    ]);
    expect(descendants('group:default/commerce', PARENTS).sort()).toEqual([
      'group:default/commerce',
      'group:default/team-payments',
    ]);
    const totals = rollUp(
      new Map([
        ['group:default/team-payments', 0.152],
        ['group:default/team-search', 0.09],
      ]),
      PARENTS,
      () => 0,
      (a, b) => a + b,
    );
    expect(totals.get('group:default/commerce')).toEqual({
      own: 0,
      total: 0.152,
    });
    expect(totals.get('group:default/engineering')!.total).toBeCloseTo(
      0.242,
      12,
    );
    expect(totals.get('group:default/team-search')).toEqual({
      own: 0.09,
      total: 0.09,
    });
  });

  it('stops at a cycle in the group hierarchy', () => {
    const cyclic = new Map([
      ['group:default/a', 'group:default/b'],
      ['group:default/b', 'group:default/a'],
    ]);
    expect(ancestry('group:default/a', cyclic)).toEqual([
      'group:default/a',
      'group:default/b',
    ]);
  });
});
