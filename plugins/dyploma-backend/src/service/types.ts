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
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ValidationContext } from '@dyploma/plugin-dyploma-common';
import type { BatchStore } from '../batch/BatchStore';
import type { CatalogServices } from '../batch/CatalogServices';
import type { FleetRecords } from '../batch/FleetRecords';
import { Topology } from '../clusters/topology';
import type { FleetCache } from '../fleet';
import { OrderStore } from '../database/OrderStore';
import { ReleaseStore } from '../database/ReleaseStore';
import type { StatusRecords } from '../database/StatusRecords';
import type { DecisionCache } from './readAccess/DecisionCache';

/** What the REST API needs; plugin.ts wires it. */
export type RouterOptions = {
  config: Config;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  orders: OrderStore;
  releases: ReleaseStore;
  /**
   * The status read's releases and active orders in one statement; without it, the two
   * stores' per-environment reads.
   */
  statusRecords?: StatusRecords;
  topology: Topology;
  /** The watch caches that live state is read from; without it, `live` is empty. */
  fleet?: FleetCache;
  /** Called after an order was stored, so the local worker starts it at once. */
  onOrderCreated?: () => void;
  /** The plugin's own credentials, for the fleet's shared catalog snapshot. */
  auth?: AuthService;
  /** Batches and their items; without it the batch routes answer 503. */
  batches?: BatchStore;
  /** Last orders, release revisions and month costs for the fleet page. */
  fleetRecords?: FleetRecords;
  /**
   * Callers' read decisions, shared with the cost routes; default: made from
   * `dyploma.readCache.decisionSeconds` (see `RouteContext`).
   */
  readDecisions?: DecisionCache;
};

/** RouterOptions plus what is derived from them once, at start-up. */
export type RouteContext = RouterOptions & {
  /** Platform defaults, allowed registries and environments, for the model. */
  modelContext: ValidationContext;
  /** The catalog's services, read with the plugin's own credentials and shared (30 s). */
  catalogServices: CatalogServices;
  /**
   * Callers' read decisions, kept a few seconds (`dyploma.readCache.decisionSeconds`);
   * without it every read asks the catalog and the policy per request.
   */
  readDecisions?: DecisionCache;
};
