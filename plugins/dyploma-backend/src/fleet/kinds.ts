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

import type {
  ConfigurationOptions,
  CoreV1Event,
  V1CronJob,
  V1Deployment,
  V1Job,
  V1Node,
  V1Pod,
  V1ReplicaSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { KubeClients } from './KubeClients';

/**
 * An object as the API server sends it: client-node's typed models with
 * dates as the strings they are on the wire. Watch events arrive as plain
 * JSON and list results as typed models; the cache holds one shape only.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends Array<infer U>
  ? Array<Wire<U>>
  : T extends object
  ? { [K in keyof T]: Wire<T[K]> }
  : T;

/** The kinds Dyploma watches, by their resource name. */
export type FleetObjects = {
  deployments: Wire<V1Deployment>;
  replicasets: Wire<V1ReplicaSet>;
  pods: Wire<V1Pod>;
  horizontalpodautoscalers: Wire<V2HorizontalPodAutoscaler>;
  events: Wire<CoreV1Event>;
  jobs: Wire<V1Job>;
  cronjobs: Wire<V1CronJob>;
  nodes: Wire<V1Node>;
};

export type FleetKind = keyof FleetObjects;

/** Any cached object: all share `metadata`. */
export type CachedObject = FleetObjects[FleetKind];

type ListPage = {
  items: unknown[];
  metadata?: { resourceVersion?: string; _continue?: string };
};

type Page = { limit: number; _continue?: string };

/** How to list and watch one kind across all namespaces. */
export type KindSpec = {
  resource: FleetKind;
  kind: string;
  apiVersion: string;
  /** The watch path (all namespaces). */
  path: string;
  list(
    clients: KubeClients,
    page: Page,
    options: ConfigurationOptions,
  ): Promise<ListPage>;
};

export const KINDS: Record<FleetKind, KindSpec> = {
  deployments: {
    resource: 'deployments',
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    path: '/apis/apps/v1/deployments',
    list: (c, p, o) => c.apps.listDeploymentForAllNamespaces(p, o),
  },
  replicasets: {
    resource: 'replicasets',
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    path: '/apis/apps/v1/replicasets',
    list: (c, p, o) => c.apps.listReplicaSetForAllNamespaces(p, o),
  },
  pods: {
    resource: 'pods',
    kind: 'Pod',
    apiVersion: 'v1',
    path: '/api/v1/pods',
    list: (c, p, o) => c.core.listPodForAllNamespaces(p, o),
  },
  horizontalpodautoscalers: {
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    path: '/apis/autoscaling/v2/horizontalpodautoscalers',
    list: (c, p, o) =>
      c.autoscaling.listHorizontalPodAutoscalerForAllNamespaces(p, o),
  },
  events: {
    resource: 'events',
    kind: 'Event',
    apiVersion: 'v1',
    path: '/api/v1/events',
    list: (c, p, o) => c.core.listEventForAllNamespaces(p, o),
  },
  jobs: {
    resource: 'jobs',
    kind: 'Job',
    apiVersion: 'batch/v1',
    path: '/apis/batch/v1/jobs',
    list: (c, p, o) => c.batch.listJobForAllNamespaces(p, o),
  },
  cronjobs: {
    resource: 'cronjobs',
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    path: '/apis/batch/v1/cronjobs',
    list: (c, p, o) => c.batch.listCronJobForAllNamespaces(p, o),
  },
  nodes: {
    resource: 'nodes',
    kind: 'Node',
    apiVersion: 'v1',
    path: '/api/v1/nodes',
    list: (c, p, o) => c.core.listNode(p, o),
  },
};

export const ALL_KINDS = Object.keys(KINDS) as FleetKind[];

/**
 * Brings a listed (typed) or watched (plain) object to the cached shape and
 * drops `metadata.managedFields`: server-side apply bookkeeping that is often
 * larger than the object itself and that no reader of the cache needs.
 */
export function normalize(
  spec: KindSpec,
  object: any,
  fromList: boolean,
): CachedObject {
  const plain = fromList ? JSON.parse(JSON.stringify(object)) : object;
  if (plain.metadata) delete plain.metadata.managedFields;
  plain.kind ??= spec.kind;
  plain.apiVersion ??= spec.apiVersion;
  return plain;
}
