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
import {
  Allocation,
  Attribution,
  ClusterSample,
  ContainerSample,
  GIB,
  PodSample,
  Pricing,
  UNALLOCATED,
  UnitPrices,
} from './types';

/**
 * Cost allocation the OpenCost way (opencost `spec/opencost-specv01.md`): each container
 * is allocated max(request, usage) of each resource, charged at the cluster's unit price;
 * what the cluster offers and nobody is allocated is idle, reported on its own.
 */

export function emptyAllocation(): Allocation {
  return {
    cpuRequestCoreHours: 0,
    cpuUsageCoreHours: 0,
    memoryRequestGiBHours: 0,
    memoryUsageGiBHours: 0,
    cpuCost: 0,
    memoryCost: 0,
    cost: 0,
  };
}

const FIELDS = Object.keys(emptyAllocation()) as Array<keyof Allocation>;

/** a + b × factor, field by field. */
export function addAllocation(
  a: Allocation,
  b: Allocation,
  factor = 1,
): Allocation {
  const sum = { ...a };
  for (const f of FIELDS) sum[f] += b[f] * factor;
  return sum;
}

/** One container for `hours`: max(request, usage) × hours × unit price, per resource. */
export function containerAllocation(
  container: ContainerSample,
  pricing: UnitPrices,
  hours = 1,
): Allocation & { cpuCoreHours: number; memoryGiBHours: number } {
  const usage = container.usage ?? container.requests;
  const cpuRequestCoreHours = container.requests.cpuCores * hours;
  const cpuUsageCoreHours = usage.cpuCores * hours;
  const memoryRequestGiBHours = (container.requests.memoryBytes / GIB) * hours;
  const memoryUsageGiBHours = (usage.memoryBytes / GIB) * hours;
  const cpuCoreHours = Math.max(cpuRequestCoreHours, cpuUsageCoreHours);
  const memoryGiBHours = Math.max(memoryRequestGiBHours, memoryUsageGiBHours);
  const cpuCost = cpuCoreHours * pricing.cpuCoreHour;
  const memoryCost = memoryGiBHours * pricing.memoryGiBHour;
  return {
    cpuRequestCoreHours,
    cpuUsageCoreHours,
    memoryRequestGiBHours,
    memoryUsageGiBHours,
    cpuCost,
    memoryCost,
    cost: cpuCost + memoryCost,
    cpuCoreHours,
    memoryGiBHours,
  };
}

/** Turns a pod into the service it belongs to; the lead may pass one backed by the catalog. */
export type Attributor = (pod: PodSample) => Attribution;

/**
 * Attribution from the labels Dyploma's renderer writes: `backstage.io/kubernetes-id` (or
 * `app.kubernetes.io/name`) names the service, `dyploma.io/environment` the environment,
 * `dyploma.io/owner` the owning group and `app.kubernetes.io/part-of` the system (the
 * renderer writes the service's own name there when it has no system). Entities are
 * assumed in the `default` namespace. Pods without a service label are `__unallocated__`.
 */
export const attributeByLabels: Attributor = pod => {
  const labels = pod.labels;
  const name = labels[LABELS.kubernetesId] ?? labels[LABELS.name];
  const environment = labels[LABELS.environment] ?? '';
  if (!name) return { serviceRef: UNALLOCATED, environment };
  const owner = labels[LABELS.owner];
  const partOf = labels[LABELS.partOf];
  return {
    serviceRef: `component:default/${name}`,
    environment,
    ownerRef: owner ? `group:default/${owner}` : undefined,
    systemRef:
      partOf && partOf !== name ? `system:default/${partOf}` : undefined,
  };
};

/** What a cluster offers for the time, what was allocated of it, and the difference. */
export type ClusterAllocation = {
  services: Array<Attribution & Allocation>;
  capacity: {
    cpuCoreHours: number;
    memoryGiBHours: number;
    cpuCost: number;
    memoryCost: number;
    cost: number;
  };
  /**
   * Capacity cost − allocated cost, per resource, never below 0 (usage above requests on a
   * full node can allocate more than the node offers). The request columns hold the idle
   * core-hours and GiB-hours.
   */
  idle: Allocation;
};

/** The prices of a node type, or the cluster's when the type has none of its own. */
export function pricesFor(pricing: Pricing, instanceType?: string): UnitPrices {
  const own = instanceType ? pricing.nodeTypes?.[instanceType] : undefined;
  return own ?? pricing;
}

/**
 * Allocates one sample of a cluster, held for `hours`, to services. A pod is charged the
 * prices of its node's type (`pricing.nodeTypes`), or the cluster's when its node has no
 * listed type or is not in the sample; capacity is each node at its own prices.
 */
export function allocateCluster(
  sample: ClusterSample,
  pricing: Pricing,
  options?: { hours?: number; attribute?: Attributor },
): ClusterAllocation {
  const hours = options?.hours ?? 1;
  const attribute = options?.attribute ?? attributeByLabels;
  const nodePrices = new Map(
    sample.nodes.map(n => [n.name, pricesFor(pricing, n.instanceType)]),
  );
  const byKey = new Map<string, Attribution & Allocation>();
  const allocated = emptyAllocation();
  let allocatedCpu = 0;
  let allocatedMemory = 0;
  for (const pod of sample.pods) {
    const who = attribute(pod);
    const key = `${who.serviceRef}\u0000${who.environment}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { ...who, ...emptyAllocation() };
      byKey.set(key, entry);
    }
    const prices =
      (pod.nodeName !== undefined && nodePrices.get(pod.nodeName)) || pricing;
    for (const container of pod.containers) {
      const a = containerAllocation(container, prices, hours);
      Object.assign(entry, addAllocation(entry, a));
      Object.assign(allocated, addAllocation(allocated, a));
      allocatedCpu += a.cpuCoreHours;
      allocatedMemory += a.memoryGiBHours;
    }
  }
  const capacity = {
    cpuCoreHours: 0,
    memoryGiBHours: 0,
    cpuCost: 0,
    memoryCost: 0,
    cost: 0,
  };
  for (const node of sample.nodes) {
    const prices = nodePrices.get(node.name)!;
    const cpu = node.allocatable.cpuCores * hours;
    const memory = (node.allocatable.memoryBytes / GIB) * hours;
    capacity.cpuCoreHours += cpu;
    capacity.memoryGiBHours += memory;
    capacity.cpuCost += cpu * prices.cpuCoreHour;
    capacity.memoryCost += memory * prices.memoryGiBHour;
  }
  capacity.cost = capacity.cpuCost + capacity.memoryCost;
  // OpenCost: idle = what the nodes cost − what was allocated, per resource.
  const idle = {
    ...emptyAllocation(),
    cpuRequestCoreHours: Math.max(0, capacity.cpuCoreHours - allocatedCpu),
    memoryRequestGiBHours: Math.max(
      0,
      capacity.memoryGiBHours - allocatedMemory,
    ),
    cpuCost: Math.max(0, capacity.cpuCost - allocated.cpuCost),
    memoryCost: Math.max(0, capacity.memoryCost - allocated.memoryCost),
  };
  idle.cost = idle.cpuCost + idle.memoryCost;
  return { services: [...byKey.values()], capacity, idle };
}

/**
 * Kubecost's `shareIdle`: a cluster's idle cost divided over what ran there in proportion
 * to each one's cost, CPU idle by CPU cost and memory idle by memory cost. Returns each
 * entry's share, in the order given. Idle of a resource nobody used stays unshared.
 */
export function shareIdle(
  entries: ReadonlyArray<{ cpuCost: number; memoryCost: number }>,
  idle: { cpuCost: number; memoryCost: number },
): number[] {
  const cpuTotal = entries.reduce((s, e) => s + e.cpuCost, 0);
  const memoryTotal = entries.reduce((s, e) => s + e.memoryCost, 0);
  return entries.map(
    e =>
      (cpuTotal > 0 ? (idle.cpuCost * e.cpuCost) / cpuTotal : 0) +
      (memoryTotal > 0 ? (idle.memoryCost * e.memoryCost) / memoryTotal : 0),
  );
}
