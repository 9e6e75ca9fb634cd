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

// The cost API's answers, shared by the backend that builds them and the UI that shows them.

/** A report's window, as the API answers it (`from` inclusive, `to` exclusive). @public */
export type CostWindow = { from: string; to: string; hours: number };

/** Named windows of the cost API. @public */
export type CostWindowName = '24h' | '7d' | '30d';

/** What cost reports group by. @public */
export type CostDimension =
  | 'service'
  | 'owner'
  | 'system'
  | 'environment'
  | 'cluster'
  | 'datacenter';

/** Requested, used and allocated quantities for some time, with their cost. @public */
export type CostAllocation = {
  cpuRequestCoreHours: number;
  cpuUsageCoreHours: number;
  memoryRequestGiBHours: number;
  memoryUsageGiBHours: number;
  cpuCost: number;
  memoryCost: number;
  cost: number;
};

/**
 * The key of the line, point or item that sums the cost of services the catalog does not
 * show the caller but whose owning group it does: their cost counts in the group's and
 * every total, their names appear nowhere (`hiddenServices` says how many). @public
 */
export const COST_NOT_SHOWN = '__not_shown__';

/** One line of a cost report. @public */
export type CostLine = CostAllocation & {
  /**
   * The value of the grouping column: an entity ref, environment, cluster, datacenter;
   * `COST_NOT_SHOWN` for the services the caller may not see.
   */
  key: string | null;
  previousCost: number;
  /** Cost ÷ previous cost − 1; null without a previous cost. */
  trend: number | null;
  /** Used ÷ requested, per resource; null when nothing was requested. */
  efficiency: { cpu: number | null; memory: number | null };
  idleCost?: number;
  idleShare?: number;
  ownCost?: number;
  /** On the `COST_NOT_SHOWN` line: how many services it sums. */
  hiddenServices?: number;
};

/** The month to date and its projection. @public */
export type CostMonth = {
  toDate: number;
  projected: number;
  hours: number;
  elapsedHours: number;
};

/** `GET /cost/services/:namespace/:name`. @public */
export type ServiceCost = CostLine & {
  serviceRef: string;
  window: CostWindow;
  previousWindow: CostWindow;
  month: CostMonth;
  byEnvironment: CostLine[];
  byCluster: Array<CostLine & { datacenter: string | null }>;
  demo: boolean;
};

/** `GET /cost/owners/:namespace/:name`. @public */
export type OwnerCost = CostLine & {
  ownerRef: string;
  window: CostWindow;
  previousWindow: CostWindow;
  ownCost: number;
  month: CostMonth;
  services: Array<CostLine & { ownerRef: string | null }>;
  groups: CostLine[];
  demo: boolean;
};

/** `GET /cost/report` and `GET /cost/owners`. @public */
export type CostReport = {
  groupBy: CostDimension;
  window: CostWindow;
  previousWindow: CostWindow;
  shareIdle: boolean;
  items: CostLine[];
  total: {
    cost: number;
    previousCost: number;
    trend: number | null;
    idleCost: number;
  };
  demo: boolean;
};

/** `GET /cost/over-provisioned`. @public */
export type OverProvisionedReport = {
  window: CostWindow;
  maxEfficiency: number;
  rightSizeTo: string;
  items: Array<{
    serviceRef: string | null;
    ownerRef: string | null;
    cost: number;
    efficiency: { cpu: number | null; memory: number | null };
    monthlySaving: { cpu: number; memory: number; total: number };
  }>;
  demo: boolean;
};

/** `GET /cost/series`. @public */
export type CostSeries = {
  window: CostWindow;
  step: 'hour' | 'day';
  points: Array<{
    at: string;
    key: string | null;
    idle: boolean;
    cost: number;
  }>;
  /** Whether any point holds demo data. */
  demo: boolean;
};

/** `GET /cost/series` query: what to group by, the step, and one service or owner. @public */
export type CostSeriesQuery = CostWindowQuery & {
  groupBy?: CostDimension;
  step?: 'hour' | 'day';
  /** A service's entity ref, e.g. `component:default/payments`. */
  service?: string;
  /** A group's entity ref; its sub-groups' services count too. */
  owner?: string;
};

/** A window by name, or custom times (ISO 8601). @public */
export type CostWindowQuery = {
  window?: CostWindowName;
  from?: string;
  to?: string;
};
