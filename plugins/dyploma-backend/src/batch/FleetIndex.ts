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

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  FleetClusterHealth,
  FleetEnvironment,
  FleetPage,
  FleetQuery,
  FleetRow,
} from '@dyploma/plugin-dyploma-common';
import {
  CatalogView,
  VisibleServices,
} from '../service/readAccess/visibleServices';
import type { RouteContext } from '../service/types';
import type { CatalogServices } from './CatalogServices';
import { fleetRows } from './fleetRows';
import { fleetFacets, matchesFilter, sortRows } from './fleetView';
import { WorkloadIndex } from './WorkloadIndex';

/** The route context the fleet and batch routes read from. */
export type FleetContext = RouteContext;

/**
 * The fleet read model of one router: services from a shared catalog snapshot, workloads
 * from the watch caches, orders, releases and cost from the tables. No Kubernetes call.
 */
export class FleetIndex {
  private readonly services: CatalogServices;
  private readonly workloads?: WorkloadIndex;
  private readonly visible: VisibleServices;

  constructor(private readonly ctx: FleetContext) {
    // The router's snapshot, shared with the read routes of single services.
    this.services = ctx.catalogServices;
    this.workloads = ctx.fleet ? new WorkloadIndex(ctx.fleet) : undefined;
    // The read routes' per-caller decisions; with the cache turned off
    // (`decisionSeconds: 0`), a view asks the policy each time.
    this.visible = new VisibleServices({
      catalog: ctx.catalog,
      permissions: ctx.permissions,
      decisions: ctx.readDecisions,
    });
  }

  /** The health of every configured cluster, from the caches. */
  clusters(): FleetClusterHealth[] {
    return [...this.ctx.topology.clusters.values()].map(cluster => {
      const health = this.ctx.fleet?.clusterHealth(cluster.name);
      return {
        name: cluster.name,
        datacenter: cluster.datacenter,
        health: health?.state ?? 'connecting',
        ...(health?.lastSeen && { lastSeen: health.lastSeen.toISOString() }),
      };
    });
  }

  /**
   * The configured environments with their clusters and whether orders there must say
   * why, from config alone, so the batch form asks for a reason before the server would.
   */
  environments(): FleetEnvironment[] {
    const { clusters, environments } = this.ctx.topology;
    return [...environments.values()].map(env => ({
      name: env.name,
      requireReason: env.requireReason,
      clusters: env.clusters.map(c => ({
        name: c.name,
        datacenter: clusters.get(c.name)?.datacenter ?? c.name,
      })),
    }));
  }

  /**
   * Every row the caller may see: of services the catalog shows them and they may read in
   * Dyploma (see `readable`). Facets, totals and costs are computed from these rows only.
   */
  async rows(
    credentials: BackstageCredentials,
  ): Promise<{ rows: FleetRow[]; costMonth?: string }> {
    const records = this.ctx.fleetRecords;
    const [services, lastOrders, revisions, costs] = await Promise.all([
      this.services.list(credentials),
      records?.lastOrders() ?? new Map(),
      records?.latestRevisions() ?? new Map(),
      records?.monthCosts(),
    ]);
    const readable = await this.readable(
      credentials,
      services.map(s => s.ref),
    );
    const clusters = new Map(this.clusters().map(c => [c.name, c]));
    const rows = fleetRows({
      services: services.filter(s => readable.has(s.ref)),
      topology: this.ctx.topology,
      clusters,
      workload: (cluster, service, environment) =>
        this.workloads?.get(cluster, service, environment),
      lastOrders,
      revisions,
      costs,
    });
    return { rows, ...(costs && { costMonth: costs.month }) };
  }

  /** The page of `GET /fleet`. */
  async page(
    credentials: BackstageCredentials,
    query: FleetQuery,
  ): Promise<FleetPage> {
    const { rows, costMonth } = await this.rows(credentials);
    const matching = rows.filter(row => matchesFilter(row, query));
    const sorted = sortRows(matching, query);
    return {
      items: sorted.slice(query.offset, query.offset + query.limit),
      total: matching.length,
      limit: query.limit,
      offset: query.offset,
      services: new Set(matching.map(r => r.service.ref)).size,
      facets: fleetFacets(rows, query),
      clusters: this.clusters(),
      environments: this.environments(),
      ...(costMonth && { costMonth }),
      generatedAt: new Date().toISOString(),
    };
  }

  /**
   * The refs the caller may see: those the catalog would show them (`catalog.entity.read`;
   * the snapshot is read with the plugin's own credentials, so it holds what they may not
   * see) and that they may read in Dyploma (`dyploma.service.read`); see `VisibleServices`.
   */
  readable(
    credentials: BackstageCredentials,
    refs: string[],
  ): Promise<Set<string>> {
    return this.visible.readable(credentials, refs);
  }

  /**
   * Which entities of any kind (groups, systems) the catalog shows the caller;
   * `undefined` when it shows them everything. See `VisibleServices.catalogView`.
   */
  catalogView(credentials: BackstageCredentials): Promise<CatalogView> {
    return this.visible.catalogView(credentials);
  }
}

const indexes = new WeakMap<object, FleetIndex>();

/** The fleet index of a router context, made at its first use and kept with it. */
export function fleetIndexOf(ctx: FleetContext): FleetIndex {
  let index = indexes.get(ctx);
  if (!index) {
    index = new FleetIndex(ctx);
    indexes.set(ctx, index);
  }
  return index;
}
