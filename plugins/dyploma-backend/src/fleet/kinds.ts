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
  eventLastSeen,
  Interner,
  SlimDeployment,
  SlimEvent,
  SlimHorizontalPodAutoscaler,
  SlimNode,
  SlimObject,
  SlimPod,
  SlimReplicaSet,
  slimDeployment,
  slimEvent,
  slimHorizontalPodAutoscaler,
  slimMetadataOnly,
  slimNode,
  slimPod,
  slimReplicaSet,
} from './slim';

/**
 * The kinds Dyploma watches, by their resource name, in the shape the cache
 * keeps them: the fields its readers read (see ./slim).
 */
export type FleetObjects = {
  deployments: SlimDeployment;
  replicasets: SlimReplicaSet;
  pods: SlimPod;
  horizontalpodautoscalers: SlimHorizontalPodAutoscaler;
  events: SlimEvent;
  jobs: SlimObject;
  cronjobs: SlimObject;
  nodes: SlimNode;
};

export type FleetKind = keyof FleetObjects;

/** Any cached object: all share `metadata`. */
export type CachedObject = FleetObjects[FleetKind];

/** How to list and watch one kind across all namespaces, and what to keep of it. */
export type KindSpec = {
  resource: FleetKind;
  kind: string;
  /** The list and watch path (all namespaces). */
  path: string;
  /** The cached shape of a listed or watched object (plain JSON from the wire). */
  slim(object: any, interner: Interner): CachedObject;
  /**
   * Kinds kept for a while only (Events): when the object last happened,
   * epoch ms, NaN when unknown (then it is kept). See `FleetTiming.eventTtlMs`.
   */
  lastSeen?(object: CachedObject): number;
};

export const KINDS: Record<FleetKind, KindSpec> = {
  deployments: {
    resource: 'deployments',
    kind: 'Deployment',
    path: '/apis/apps/v1/deployments',
    slim: slimDeployment,
  },
  replicasets: {
    resource: 'replicasets',
    kind: 'ReplicaSet',
    path: '/apis/apps/v1/replicasets',
    slim: slimReplicaSet,
  },
  pods: {
    resource: 'pods',
    kind: 'Pod',
    path: '/api/v1/pods',
    slim: slimPod,
  },
  horizontalpodautoscalers: {
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    path: '/apis/autoscaling/v2/horizontalpodautoscalers',
    slim: slimHorizontalPodAutoscaler,
  },
  events: {
    resource: 'events',
    kind: 'Event',
    path: '/api/v1/events',
    slim: slimEvent,
    lastSeen: object => eventLastSeen(object as SlimEvent),
  },
  jobs: {
    resource: 'jobs',
    kind: 'Job',
    path: '/apis/batch/v1/jobs',
    slim: slimMetadataOnly,
  },
  cronjobs: {
    resource: 'cronjobs',
    kind: 'CronJob',
    path: '/apis/batch/v1/cronjobs',
    slim: slimMetadataOnly,
  },
  nodes: {
    resource: 'nodes',
    kind: 'Node',
    path: '/api/v1/nodes',
    slim: slimNode,
  },
};

export const ALL_KINDS = Object.keys(KINDS) as FleetKind[];
