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

import type { Config } from '@backstage/config';
import type { ClusterInfo } from '../clusters/topology';
import type { CostCluster } from './collector';
import type { UnitPrices } from './types';

/**
 * The clusters as cost sees them: the topology's name, datacenter and prices, plus the
 * optional node-type prices of `dyploma.clusters[].pricing.nodeTypes` (a list, since
 * instance types such as `m5.large` contain dots, which config keys may not). A type's
 * price left out is the cluster's. A mistake stops the backend at start-up with the key.
 */
export function costClusters(
  config: Config,
  clusters: Map<string, ClusterInfo>,
): Map<string, CostCluster> {
  const problems: string[] = [];
  const nodeTypesByCluster = new Map<string, Record<string, UnitPrices>>();
  config.getOptionalConfigArray('dyploma.clusters')?.forEach((c, i) => {
    const types = c.getOptionalConfigArray('pricing.nodeTypes');
    if (!types) return;
    const cluster = clusters.get(c.getString('name'));
    if (!cluster) return;
    const byType: Record<string, UnitPrices> = {};
    types.forEach((t, j) => {
      const key = `dyploma.clusters[${i}].pricing.nodeTypes[${j}]`;
      const instanceType = t.getOptionalString('instanceType');
      if (!instanceType) {
        problems.push(
          `${key}.instanceType: expected the node label node.kubernetes.io/instance-type's value, e.g. m5.large`,
        );
        return;
      }
      if (byType[instanceType]) {
        problems.push(
          `${key}.instanceType: "${instanceType}" is priced twice in cluster ${cluster.name}`,
        );
      }
      const prices = {
        cpuCoreHour:
          t.getOptionalNumber('cpuCoreHour') ?? cluster.pricing.cpuCoreHour,
        memoryGiBHour:
          t.getOptionalNumber('memoryGiBHour') ?? cluster.pricing.memoryGiBHour,
      };
      for (const [field, value] of Object.entries(prices)) {
        if (!(value >= 0)) {
          problems.push(
            `${key}.${field}: expected a price of 0 or more, got ${value}`,
          );
        }
      }
      byType[instanceType] = prices;
    });
    nodeTypesByCluster.set(cluster.name, byType);
  });
  if (problems.length > 0) {
    throw new Error(
      `Invalid Dyploma cost configuration:\n  ${problems.join('\n  ')}`,
    );
  }
  const out = new Map<string, CostCluster>();
  for (const cluster of clusters.values()) {
    const nodeTypes = nodeTypesByCluster.get(cluster.name);
    out.set(cluster.name, {
      name: cluster.name,
      datacenter: cluster.datacenter,
      pricing: { ...cluster.pricing, ...(nodeTypes ? { nodeTypes } : {}) },
    });
  }
  return out;
}
