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

import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ValidationContext } from '@dyploma/plugin-dyploma-common';
import type { EnvironmentInfo } from '../clusters/topology';
import type { FleetCache } from '../fleet';
import type { CostCluster } from './collector';
import type { CostStore } from './CostStore';
import { backfillDemoCost, DemoService } from './demo';
import { demoServicesFromEntities } from './demoCatalog';
import { fleetCostSamples } from './fleetSamples';
import type { ClusterSample } from './types';

/**
 * `dyploma.cost.demoBackfill: true`: once the catalog and the fleet caches answer, backfill
 * a week of hourly rows for the catalog's services from the demo usage model, priced
 * against the clusters' real nodes, so the cost cards and page show figures from the first
 * start. Hours that already hold rows are left alone, so a restart adds nothing.
 */
export async function runDemoBackfill(deps: {
  catalog: CatalogService;
  auth: AuthService;
  context: ValidationContext;
  environments: Map<string, EnvironmentInfo>;
  fleet: FleetCache;
  store: CostStore;
  clusters: Map<string, CostCluster>;
  logger: LoggerService;
  now?: Date;
  /** How long to wait for the catalog's first services; default 3 minutes. */
  catalogTimeoutMs?: number;
  pollMs?: number;
}) {
  // A cluster that is down keeps its idle row at 0; its services' rows are still written.
  await deps.fleet.waitForSync({ timeoutMs: 60_000 });
  const nodes = new Map<string, ClusterSample['nodes']>(
    (await fleetCostSamples(deps.fleet)()).map(s => [s.cluster, s.nodes]),
  );
  const services = await settledServices(deps);
  if (services.length === 0) {
    // Writing idle-only hours now would keep the services' rows out for good.
    deps.logger.warn(
      'Cost demo backfill: the catalog has no service with a valid model; nothing written',
    );
    return { rows: 0, hours: 0, services: 0 };
  }
  const result = await backfillDemoCost({
    store: deps.store,
    services,
    clusters: deps.clusters,
    nodes,
    now: deps.now,
  });
  deps.logger.info(
    `Cost demo backfill: ${result.rows} rows for ${result.hours} hours of ${services.length} services (demo data)`,
  );
  return { ...result, services: services.length };
}

/**
 * The catalog's services once its ingestion has settled: it reads the demo's files a few
 * seconds after start-up, so wait until some services show and their number holds for
 * one more look (or the time is up).
 */
async function settledServices(
  deps: Parameters<typeof runDemoBackfill>[0],
): Promise<DemoService[]> {
  const deadline = Date.now() + (deps.catalogTimeoutMs ?? 180_000);
  const pollMs = deps.pollMs ?? 5_000;
  let previous = -1;
  for (;;) {
    const { items } = await deps.catalog.getEntities(
      { filter: { kind: 'Component', 'spec.type': 'service' } },
      { credentials: await deps.auth.getOwnServiceCredentials() },
    );
    const services = demoServicesFromEntities(
      items,
      deps.environments,
      deps.context,
    );
    const settled = services.length > 0 && services.length === previous;
    if (settled || Date.now() >= deadline) return services;
    previous = services.length;
    await new Promise(resolve => setTimeout(resolve, pollMs));
  }
}
