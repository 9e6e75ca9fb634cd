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
  FleetClusterHealth,
  FleetLastOrder,
  FleetRow,
  FleetService,
  FleetStatus,
} from '@dyploma/plugin-dyploma-common';
import { namespaceFor, Topology } from '../clusters/topology';
import type { MonthCosts } from './FleetRecords';
import { recordKey } from './FleetRecords';
import type { Workload } from './WorkloadIndex';

export type RowSources = {
  services: FleetService[];
  topology: Topology;
  clusters: Map<string, FleetClusterHealth>;
  workload(
    cluster: string,
    service: string,
    environment: string,
  ): Workload | undefined;
  lastOrders: Map<string, FleetLastOrder>;
  revisions: Map<string, number>;
  costs?: MonthCosts;
};

function rowStatus(
  workload: Workload | undefined,
  health: FleetClusterHealth['health'],
  lastOrder: FleetLastOrder | undefined,
): FleetStatus {
  if (!workload) return health === 'connecting' ? 'unknown' : 'not-deployed';
  const ordering =
    lastOrder?.status === 'pending' || lastOrder?.status === 'running';
  if (ordering && workload.status !== 'failed') return 'progressing';
  return workload.status;
}

/**
 * Every service × environment × cluster of the topology, from the caches and the records.
 * A service's rows exist in every cluster of every environment, deployed or not, so the
 * page shows where a service is missing too.
 */
export function fleetRows(sources: RowSources): FleetRow[] {
  const rows: FleetRow[] = [];
  for (const service of sources.services) {
    for (const environment of sources.topology.environments.values()) {
      const serviceKey = recordKey(service.ref, environment.name);
      const lastOrder = sources.lastOrders.get(serviceKey);
      const revision = sources.revisions.get(serviceKey);
      for (const { name: cluster } of environment.clusters) {
        const health = sources.clusters.get(cluster);
        const state = health?.health ?? 'connecting';
        const workload = sources.workload(
          cluster,
          service.name,
          environment.name,
        );
        const live =
          workload &&
          workload.namespace === namespaceFor(environment, service.name)
            ? workload
            : undefined;
        const cost = sources.costs?.byRow.get(
          recordKey(service.ref, environment.name, cluster),
        );
        rows.push({
          service,
          environment: environment.name,
          cluster,
          datacenter: health?.datacenter ?? cluster,
          clusterHealth: state,
          status: rowStatus(live, state, lastOrder),
          ...(live?.version && { version: live.version }),
          replicas: {
            desired: live?.desired ?? 0,
            ready: live?.ready ?? 0,
            updated: live?.updated ?? 0,
          },
          autoscaled: live?.autoscaler !== undefined,
          ...(live?.autoscaler && { autoscaler: live.autoscaler }),
          ...(revision !== undefined && { releaseRevision: revision }),
          ...(lastOrder && { lastOrder }),
          ...(cost && { monthlyCost: cost }),
        });
      }
    }
  }
  return rows;
}
