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

import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { parseQuantity } from '@dyploma/plugin-dyploma-common';
import type { FleetCache } from '../fleet';
import { ClusterSample, INSTANCE_TYPE_LABEL, Resources } from './types';

const amount = (
  values?: { cpu?: string; memory?: string } | Record<string, string>,
): Resources => ({
  cpuCores: parseQuantity((values as { cpu?: string })?.cpu ?? '0') ?? 0,
  memoryBytes:
    parseQuantity((values as { memory?: string })?.memory ?? '0') ?? 0,
});

/**
 * One cost sample per connected cluster, read from the fleet watch caches: nodes'
 * allocatable capacity, and every running pod's containers with their requests and their
 * usage from the metrics API. Never a Kubernetes call; a cluster that is down is skipped
 * rather than billed from stale data.
 */
export function fleetCostSamples(
  fleet: FleetCache,
  now: () => Date = () => new Date(),
) {
  return async (): Promise<ClusterSample[]> =>
    fleet
      .clusterHealth()
      .filter(h => h.state === 'connected' || h.state === 'degraded')
      .map(({ cluster }) => {
        const usage = new Map(
          fleet
            .podMetrics({ cluster })
            .map(i => [
              `${i.object.metadata.namespace}/${i.object.metadata.name}`,
              new Map(i.object.containers.map(c => [c.name, amount(c.usage)])),
            ]),
        );
        return {
          cluster,
          at: now(),
          nodes: fleet.nodes({ cluster }).map(i => {
            const node = i.object as unknown as V1Node;
            return {
              name: node.metadata?.name ?? '',
              allocatable: amount(node.status?.allocatable),
              instanceType: node.metadata?.labels?.[INSTANCE_TYPE_LABEL],
            };
          }),
          pods: fleet
            .pods({ cluster })
            .map(i => i.object as unknown as V1Pod)
            .filter(p => p.status?.phase === 'Running')
            .map(pod => {
              const used = usage.get(
                `${pod.metadata?.namespace}/${pod.metadata?.name}`,
              );
              return {
                namespace: pod.metadata?.namespace ?? '',
                name: pod.metadata?.name ?? '',
                labels: pod.metadata?.labels ?? {},
                nodeName: pod.spec?.nodeName,
                containers: (pod.spec?.containers ?? []).map(c => ({
                  name: c.name,
                  requests: amount(c.resources?.requests),
                  usage: used?.get(c.name),
                })),
              };
            }),
        };
      });
}
