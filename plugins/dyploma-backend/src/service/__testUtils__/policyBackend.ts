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

import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { DatabaseCostStore } from '../../cost/DatabaseCostStore';
import { CostRow, hourOf, IDLE } from '../../cost/types';
import { asked, catalogEntities, catalogPolicy } from './catalogPolicy';
import { Dyploma, startDyploma } from './testBackend';

/*
 * The set-up the tests of what the catalog hides from a caller share (the fleet, batches,
 * cost, the OpenAPI answers): a test backend with catalogPolicy.ts's catalog and policy,
 * and an hour of cost rows.
 */

/**
 * `startDyploma` with the catalog and policy of catalogPolicy.ts over `entities`
 * (`catalogEntities` unless a test adds some). Call it in a `beforeAll`; the caller
 * resets `asked` before each test when it counts what the plugin asked.
 */
export function startWithCatalogPolicy(
  databases: Parameters<typeof startDyploma>[0],
  databaseId: Parameters<typeof startDyploma>[1],
  options: { config?: JsonObject; entities?: Entity[] } = {},
): Promise<Dyploma> {
  const { catalog, permissions } = catalogPolicy(
    options.entities ?? catalogEntities,
  );
  return startDyploma(databases, databaseId, {
    catalog,
    permissions,
    ...(options.config && { config: options.config }),
  });
}

/** Resets `asked` before each test of the enclosing `describe`. */
export function resetAskedBeforeEach() {
  beforeEach(() => asked.reset());
}

/**
 * One cost row of the current hour in production (idle capacity: no environment), dc1
 * unless told, requesting ten times what it uses; its cost split evenly between CPU and
 * memory. Rows made together take one `now`, so that they fall in the same hour.
 */
export function costRow(
  row: {
    serviceRef: string;
    ownerRef?: string;
    systemRef?: string;
    cost: number;
    cluster?: string;
  },
  now = Date.now(),
): CostRow {
  const cluster = row.cluster ?? 'dc1';
  return {
    hour: hourOf(now),
    serviceRef: row.serviceRef,
    environment: row.serviceRef === IDLE ? '' : 'production',
    cluster,
    datacenter: cluster,
    ownerRef: row.ownerRef,
    systemRef: row.systemRef,
    cpuRequestCoreHours: 2,
    cpuUsageCoreHours: 0.2,
    memoryRequestGiBHours: 4,
    memoryUsageGiBHours: 0.4,
    cpuCost: row.cost / 2,
    memoryCost: row.cost / 2,
    cost: row.cost,
    samples: 1,
    sampledAt: now,
    demo: false,
  };
}

/** Stores cost rows (see `costRow`) in the test backend's database. */
export function storeCosts(
  dyploma: Dyploma,
  rows: Array<Parameters<typeof costRow>[0]>,
): Promise<void> {
  const now = Date.now();
  return new DatabaseCostStore(dyploma.knex).upsert(
    rows.map(row => costRow(row, now)),
  );
}
