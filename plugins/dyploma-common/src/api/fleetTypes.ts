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

import type { OrderKind } from './requests';
import type { OrderStatus } from './types';

/*
 * `GET /api/dyploma/fleet`: every service × environment × cluster, answered from the
 * fleet watch caches and the stores (never a Kubernetes call), shared by the fleet page
 * and the CLI.
 */

/**
 * What the fleet page says about one service in one cluster:
 * - `healthy`: every desired pod is ready on the current version;
 * - `progressing`: a rollout or an order is under way;
 * - `degraded`: fewer pods ready than desired, and no rollout under way;
 * - `failed`: the rollout exceeded its progress deadline (ProgressDeadlineExceeded);
 * - `disabled`: scaled to zero on purpose (a disable order, or 0 replicas);
 * - `not-deployed`: no Deployment of the service in that cluster;
 * - `unknown`: the cluster's cache has not synced yet.
 *
 * @public
 */
export const FLEET_STATUSES = [
  'healthy',
  'progressing',
  'degraded',
  'failed',
  'disabled',
  'not-deployed',
  'unknown',
] as const;

/** @public */
export type FleetStatus = (typeof FLEET_STATUSES)[number];

/** The columns the fleet can be sorted by. @public */
export const FLEET_SORT_FIELDS = [
  'service',
  'owner',
  'system',
  'environment',
  'cluster',
  'datacenter',
  'version',
  'status',
  'desired',
  'ready',
  'lastOrder',
  'cost',
] as const;

/** @public */
export type FleetSortField = (typeof FLEET_SORT_FIELDS)[number];

/** The filters that have facet values. @public */
export const FLEET_FACETS = [
  'owner',
  'system',
  'tag',
  'environment',
  'cluster',
  'datacenter',
  'status',
] as const;

/** @public */
export type FleetFacetName = (typeof FLEET_FACETS)[number];

/** The catalog side of a fleet row. @public */
export type FleetService = {
  /** Entity ref, `component:default/payments`. */
  ref: string;
  namespace: string;
  name: string;
  title?: string;
  /** Entity ref of the owner, `group:default/team-payments`. */
  owner?: string;
  /** Entity ref of the system, `system:default/checkout`. */
  system?: string;
  tags: string[];
};

/** The last order of a service in an environment (any kind, any status). @public */
export type FleetLastOrder = {
  id: string;
  kind: OrderKind;
  status: OrderStatus;
  /** Entity ref of the user who gave it. */
  author: string;
  createdAt: string;
  finishedAt?: string;
};

/** One service in one environment in one cluster. @public */
export type FleetRow = {
  service: FleetService;
  environment: string;
  cluster: string;
  datacenter: string;
  /** The cluster as the fleet cache sees it; `down` keeps the last known state. */
  clusterHealth: 'connecting' | 'connected' | 'degraded' | 'down';
  status: FleetStatus;
  /** The image tag or digest the Deployment runs, when there is one. */
  version?: string;
  /** From the Deployment: spec.replicas and status.readyReplicas/updatedReplicas. */
  replicas: { desired: number; ready: number; updated: number };
  /** True when an HPA owns the replicas in this cluster. */
  autoscaled: boolean;
  autoscaler?: { min: number; max: number; current: number; desired: number };
  /** Revision of the newest release of the service in the environment. */
  releaseRevision?: number;
  lastOrder?: FleetLastOrder;
  /** This month's cost of the service in this environment and cluster, when costs are collected. */
  monthlyCost?: { toDate: number; projected: number };
};

/** One value of a filter with the number of rows it would match. @public */
export type FleetFacetValue = { value: string; count: number };

/**
 * Filter values with counts. Each facet counts the rows matching every other filter, so
 * picking a value never empties the list.
 *
 * @public
 */
export type FleetFacets = Record<FleetFacetName, FleetFacetValue[]>;

/** The health of a cluster as the fleet caches see it. @public */
export type FleetClusterHealth = {
  name: string;
  datacenter: string;
  health: 'connecting' | 'connected' | 'degraded' | 'down';
  lastSeen?: string;
};

/**
 * A configured environment, from the backend's config (`dyploma.environments`): the
 * batch form asks for a reason exactly where the backend will require one.
 *
 * @public
 */
export type FleetEnvironment = {
  name: string;
  /** Orders here must say why (`requireReason`, by default true for `production`). */
  requireReason: boolean;
  clusters: Array<{ name: string; datacenter: string }>;
};

/** `GET /fleet`. @public */
export type FleetPage = {
  items: FleetRow[];
  /** Rows matching the filters, over all pages. */
  total: number;
  limit: number;
  offset: number;
  /** Distinct services among the matching rows. */
  services: number;
  facets: FleetFacets;
  clusters: FleetClusterHealth[];
  /** Every configured environment, whether or not a row matches the filters. */
  environments: FleetEnvironment[];
  /** The month `monthlyCost` covers (`2026-11`), absent when no cost is known. */
  costMonth?: string;
  /** When the answer was computed (ISO time). */
  generatedAt: string;
};
