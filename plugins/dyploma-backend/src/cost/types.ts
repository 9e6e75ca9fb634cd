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

/** CPU in cores and memory in bytes, as Kubernetes quantities parse to. */
export type Resources = { cpuCores: number; memoryBytes: number };

/** Prices per hour of one CPU core and one GiB of memory. */
export type UnitPrices = { cpuCoreHour: number; memoryGiBHour: number };

/**
 * A cluster's prices per hour (`dyploma.clusters[].pricing`), and optionally the prices of
 * some node types (by the node label `node.kubernetes.io/instance-type`): a pod on a node of
 * a listed type is charged that type's prices, every other pod the cluster's.
 */
export type Pricing = UnitPrices & { nodeTypes?: Record<string, UnitPrices> };

/** The well-known node label that names a node's type. */
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

/** One container of a running pod: its requests and, when metrics exist, its usage. */
export type ContainerSample = {
  name: string;
  requests: Resources;
  /** From the metrics API; without it the container is allocated its requests. */
  usage?: Resources;
};

/** One running pod, with the labels the renderer writes (`LABELS` in dyploma-common). */
export type PodSample = {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** `spec.nodeName`: the node the pod runs on, for node-type prices. */
  nodeName?: string;
  containers: ContainerSample[];
};

/**
 * One look at one cluster: the allocatable resources of its Ready nodes and its running
 * pods. The fleet caches produce these; the collector only reads them.
 */
export type ClusterSample = {
  cluster: string;
  /** When the caches were read. */
  at: Date;
  nodes: Array<{
    name: string;
    allocatable: Resources;
    /** The node's `node.kubernetes.io/instance-type` label. */
    instanceType?: string;
  }>;
  pods: PodSample[];
};

/** Where a pod's cost goes: its service and the service's owner and system. */
export type Attribution = {
  serviceRef: string;
  environment: string;
  ownerRef?: string;
  systemRef?: string;
};

/** Requested, used and allocated quantities for some time, with their cost. */
export type Allocation = {
  cpuRequestCoreHours: number;
  cpuUsageCoreHours: number;
  memoryRequestGiBHours: number;
  memoryUsageGiBHours: number;
  cpuCost: number;
  memoryCost: number;
  cost: number;
};

/** One row of `dyploma_cost_hourly`. */
export type CostRow = Allocation & {
  /** Whole hours since the Unix epoch (UTC): `Math.floor(ms / 3_600_000)`. */
  hour: number;
  serviceRef: string;
  environment: string;
  cluster: string;
  datacenter: string;
  ownerRef?: string;
  systemRef?: string;
  /** How many samples of the cluster in this hour the row averages. */
  samples: number;
  /** Epoch ms of the last sample folded in. */
  sampledAt: number;
  demo: boolean;
};

/** The service ref of idle capacity rows (OpenCost's name). */
export const IDLE = '__idle__';
/** The service ref of pods that carry no service label (OpenCost's name). */
export const UNALLOCATED = '__unallocated__';

export const HOUR_MS = 3_600_000;
export const GIB = 2 ** 30;

/** The hour (whole hours since the epoch) a time falls in. */
export function hourOf(time: Date | number): number {
  return Math.floor(new Date(time).getTime() / HOUR_MS);
}
