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

/**
 * Cost and ownership: OpenCost allocation of the fleet's samples into hourly rows, and
 * reports over those rows only.
 */
export type {
  Allocation,
  Attribution,
  ClusterSample,
  ContainerSample,
  CostRow,
  PodSample,
  Pricing,
  Resources,
  UnitPrices,
} from './types';
export { IDLE, INSTANCE_TYPE_LABEL, UNALLOCATED, hourOf } from './types';
export {
  allocateCluster,
  attributeByLabels,
  containerAllocation,
  pricesFor,
  shareIdle,
} from './allocation';
export type { Attributor, ClusterAllocation } from './allocation';
export {
  createCostCollector,
  foldSample,
  DEFAULT_RETENTION_DAYS,
} from './collector';
export type {
  CostCluster,
  CostCollectorOptions,
  CostSampleSource,
} from './collector';
export type { CostStore, Dimension } from './CostStore';
export { DatabaseCostStore } from './DatabaseCostStore';
export { CostReports, reportToCsv } from './CostReports';
export { ancestry, descendants, rollUp } from './ownership';
export type { GroupParents } from './ownership';
export { createCostRouter } from './router';
export type { CostRouterOptions } from './router';
export { backfillDemoCost, demoHourRows } from './demo';
export { demoServicesFromEntities } from './demoCatalog';
export { runDemoBackfill } from './demoStartup';
export { costClusters } from './costClusters';
export type { DemoService } from './demo';
export { fleetCostSamples } from './fleetSamples';
export { catalogGroupParents } from './catalogGroups';
