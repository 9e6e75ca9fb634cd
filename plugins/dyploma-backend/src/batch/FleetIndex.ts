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
  COST_NOT_SHOWN,
  FleetClusterHealth,
  FleetEnvironment,
  FleetPage,
  FleetQuery,
  FleetRow,
  FleetService,
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

/**
 * What a row shows for an owner or system the catalog hides from the caller: the cost
 * reports' `__not_shown__`, which the pages render as "not shown to you".
 */
export const NOT_SHOWN = COST_NOT_SHOWN;

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
   * Dyploma (see `readable`), each naming its owner and system only if the catalog shows
   * the caller these too (see `shownService`). Facets, totals, costs, filters and the
   * search are computed from these rows only, so none of them names or finds a group or
   * system the caller may not see.
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
    const named = new Set<string>();
    for (const s of services) {
      if (s.owner) named.add(s.owner);
      if (s.system) named.add(s.system);
    }
    const { readable, shown } = await this.visible.readableAndShown(
      credentials,
      services.map(s => s.ref),
      [...named],
    );
    const clusters = new Map(this.clusters().map(c => [c.name, c]));
    const rows = fleetRows({
      services: services
        .filter(s => readable.has(s.ref))
        .map(s => shownService(s, shown)),
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

/**
 * A service as a caller may see it: an owner or system the catalog does not show them
 * (`shown`; `undefined` when it shows them everything) is `NOT_SHOWN`, as in the cost
 * reports, so the fleet page says that a visible service has an owner they may not see
 * without naming it. A new object when changed: the snapshot's is shared by every caller.
 */
function shownService(
  service: FleetService,
  shown: ReadonlySet<string> | undefined,
): FleetService {
  if (!shown) return service;
  const ownerHidden = service.owner !== undefined && !shown.has(service.owner);
  const systemHidden =
    service.system !== undefined && !shown.has(service.system);
  if (!ownerHidden && !systemHidden) return service;
  return {
    ...service,
    ...(ownerHidden && { owner: NOT_SHOWN }),
    ...(systemHidden && { system: NOT_SHOWN }),
  };
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
