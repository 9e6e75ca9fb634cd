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
  V1Deployment,
  V1HorizontalPodAutoscaler,
  V1Pod,
} from '@kubernetes/client-node';
import {
  ClusterLiveState,
  LABELS,
  parseQuantity,
  PodLiveState,
} from '@dyploma/plugin-dyploma-common';
import { namespaceFor, Topology } from '../clusters/topology';
import type { FleetCache } from '../fleet';
import type { SlimPodMetric } from '../fleet/slim';

export const CONNECTING = 'connecting' as const;

/** The tag or digest of an image reference (`repo:1.4.2` → `1.4.2`). */
export function versionOf(image?: string): string | undefined {
  if (!image) return undefined;
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined;
}

const sum = (values: Array<number | undefined>) =>
  values.some(v => v !== undefined)
    ? values.reduce<number>((a, v) => a + (v ?? 0), 0)
    : undefined;

/** What one environment × cluster's live state is made of: the cached objects themselves. */
export type LiveInputs = {
  deployment?: V1Deployment;
  hpa?: V1HorizontalPodAutoscaler;
  pods: V1Pod[];
  /** The last polled usage of the namespace's pods. */
  metrics: SlimPodMetric[];
};

/** The live state of a service in one cluster, apart from the cluster's health. */
export type LiveDetails = Pick<
  ClusterLiveState,
  'deployment' | 'autoscaler' | 'pods'
>;

/** The cached objects a service's live state in one environment and cluster is made of. */
export function liveInputs(
  fleet: FleetCache,
  cluster: string,
  namespace: string,
  environment: string,
  serviceName: string,
): LiveInputs {
  const query = {
    cluster,
    namespace,
    labelSelector: {
      [LABELS.name]: serviceName,
      [LABELS.managedBy]: 'dyploma',
      [LABELS.environment]: environment,
    },
  };
  const deployment = fleet
    .deployments(query)
    .map(i => i.object as unknown as V1Deployment)
    .find(d => d.metadata?.labels?.[LABELS.component] !== 'cron-job');
  const hpa = fleet
    .horizontalPodAutoscalers(query)
    .map(i => i.object as unknown as V1HorizontalPodAutoscaler)[0];
  const pods = fleet
    .pods(query)
    .map(i => i.object as unknown as V1Pod)
    .filter(p => p.metadata?.labels?.[LABELS.component] !== 'cron-job');
  const metrics = fleet.podMetrics({ cluster, namespace }).map(i => i.object);
  return { deployment, hpa, pods, metrics };
}

/** The Deployment, HPA and pods (with their use against their requests) of one cluster. */
export function liveDetails(
  { deployment, hpa, pods, metrics }: LiveInputs,
  serviceName: string,
): LiveDetails {
  const usage = new Map(
    metrics.map(m => [m.metadata.name, m.containers] as const),
  );
  return {
    ...(deployment && {
      deployment: {
        name: deployment.metadata?.name ?? serviceName,
        version: versionOf(
          deployment.spec?.template.spec?.containers[0]?.image,
        ),
        desired: deployment.spec?.replicas ?? 0,
        updated: deployment.status?.updatedReplicas ?? 0,
        ready: deployment.status?.readyReplicas ?? 0,
        available: deployment.status?.availableReplicas ?? 0,
        conditions: (deployment.status?.conditions ?? []).map(c => ({
          type: c.type,
          status: c.status,
          reason: c.reason,
          message: c.message,
        })),
      },
    }),
    ...(hpa && {
      autoscaler: {
        min: hpa.spec?.minReplicas ?? 1,
        max: hpa.spec?.maxReplicas ?? 1,
        current: hpa.status?.currentReplicas ?? 0,
        desired: hpa.status?.desiredReplicas ?? 0,
      },
    }),
    pods: pods
      .map((pod): PodLiveState => {
        const statuses = pod.status?.containerStatuses ?? [];
        const containers = pod.spec?.containers ?? [];
        const used = usage.get(pod.metadata?.name ?? '') ?? [];
        return {
          name: pod.metadata?.name ?? '',
          version: versionOf(containers[0]?.image),
          node: pod.spec?.nodeName,
          phase: pod.metadata?.deletionTimestamp
            ? 'Terminating'
            : pod.status?.phase ?? 'Pending',
          ready:
            pod.status?.conditions?.some(
              c => c.type === 'Ready' && c.status === 'True',
            ) ?? false,
          restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
          waiting: statuses.map(s => s.state?.waiting?.reason).find(Boolean),
          startedAt: pod.status?.startTime
            ? String(pod.status.startTime)
            : undefined,
          cpu: {
            usage: sum(used.map(c => toMillicores(c.usage?.cpu))),
            request: sum(
              containers.map(c => toMillicores(c.resources?.requests?.cpu)),
            ),
          },
          memory: {
            usage: sum(
              used.map(c => parseQuantity(c.usage?.memory ?? '') ?? undefined),
            ),
            request: sum(
              containers.map(c => toBytes(c.resources?.requests?.memory)),
            ),
          },
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * What runs where for one service: per environment and cluster, its Deployment, HPA and
 * pods with their use against their requests — read from the fleet watch caches only, so
 * a page view costs the clusters nothing, and a cluster that is down still shows its last
 * known state with the time it was last seen.
 */
export function readLiveState(
  fleet: FleetCache,
  topology: Topology,
  serviceName: string,
): ClusterLiveState[] {
  const states: ClusterLiveState[] = [];
  for (const environment of topology.environments.values()) {
    const namespace = namespaceFor(environment, serviceName);
    for (const { name: cluster } of environment.clusters) {
      const health = fleet.clusterHealth(cluster);
      states.push({
        cluster,
        environment: environment.name,
        datacenter: topology.clusters.get(cluster)?.datacenter ?? cluster,
        namespace,
        health: health?.state ?? CONNECTING,
        lastSeen: health?.lastSeen?.toISOString(),
        ...liveDetails(
          liveInputs(fleet, cluster, namespace, environment.name, serviceName),
          serviceName,
        ),
      });
    }
  }
  return states;
}

function toMillicores(value?: string | number): number | undefined {
  if (value === undefined) return undefined;
  const cores = parseQuantity(value);
  return cores === undefined ? undefined : Math.round(cores * 1000);
}

function toBytes(value?: string | number): number | undefined {
  return value === undefined ? undefined : parseQuantity(value);
}
