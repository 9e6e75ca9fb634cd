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

// Compile-time checks, no code: every hand-written API type the frontend and the CLI use is
// assignable to the schema the OpenAPI document gives it (openapi.generated.ts). A change to
// either that makes them disagree fails `yarn tsc` here, naming the type and the field.
// The backend's answers are checked against the document by openapiResponses.test.ts in
// @dyploma/plugin-dyploma-backend, so the three agree.

import type {
  BatchPage,
  BatchPreview,
  BatchRequest,
  Batch,
} from './batchTypes';
import type {
  CostReport,
  CostSeries,
  OverProvisionedReport,
  OwnerCost,
  ServiceCost,
} from './costTypes';
import type { ServiceEventList } from './eventTypes';
import type { FleetPage } from './fleetTypes';
import type { components } from './openapi.generated';
import type { OrderActionRequest, OrderRequest } from './requests';
import type {
  DyplomaErrorResponse,
  Order,
  OrderPage,
  ReleaseDiff,
  ReleasePage,
  Release,
  ServiceStatus,
} from './types';

type Schemas = components['schemas'];

/** Compiles only when `A` is assignable to `B`. */
type Assignable<A extends B, B> = [A, B];

/** @internal Not for use: it exists to be compiled. */
export type OpenApiConformance = [
  // Answers: the document's schema and the type the frontend and the CLI read them with
  // are interchangeable (the document promises every field the type requires, and the
  // type expects nothing the document does not describe).
  Assignable<ServiceStatus, Schemas['ServiceStatus']>,
  Assignable<Schemas['ServiceStatus'], ServiceStatus>,
  Assignable<Order, Schemas['Order']>,
  Assignable<Schemas['Order'], Order>,
  Assignable<OrderPage, Schemas['OrderPage']>,
  Assignable<Schemas['OrderPage'], OrderPage>,
  Assignable<Release, Schemas['Release']>,
  Assignable<Schemas['Release'], Release>,
  Assignable<ReleasePage, Schemas['ReleasePage']>,
  Assignable<Schemas['ReleasePage'], ReleasePage>,
  Assignable<ReleaseDiff, Schemas['ReleaseDiff']>,
  Assignable<Schemas['ReleaseDiff'], ReleaseDiff>,
  Assignable<ServiceEventList, Schemas['ServiceEventList']>,
  Assignable<Schemas['ServiceEventList'], ServiceEventList>,
  Assignable<FleetPage, Schemas['FleetPage']>,
  Assignable<Schemas['FleetPage'], FleetPage>,
  Assignable<BatchPreview, Schemas['BatchPreview']>,
  Assignable<Schemas['BatchPreview'], BatchPreview>,
  Assignable<Batch, Schemas['Batch']>,
  Assignable<Schemas['Batch'], Batch>,
  Assignable<BatchPage, Schemas['BatchPage']>,
  Assignable<Schemas['BatchPage'], BatchPage>,
  Assignable<ServiceCost, Schemas['ServiceCost']>,
  Assignable<Schemas['ServiceCost'], ServiceCost>,
  Assignable<OwnerCost, Schemas['OwnerCost']>,
  Assignable<Schemas['OwnerCost'], OwnerCost>,
  Assignable<CostReport, Schemas['CostReport']>,
  Assignable<Schemas['CostReport'], CostReport>,
  Assignable<OverProvisionedReport, Schemas['OverProvisionedReport']>,
  Assignable<Schemas['OverProvisionedReport'], OverProvisionedReport>,
  Assignable<CostSeries, Schemas['CostSeries']>,
  Assignable<Schemas['CostSeries'], CostSeries>,
  Assignable<DyplomaErrorResponse, Schemas['Error']>,
  Assignable<Schemas['Error'], DyplomaErrorResponse>,
  // Requests: what the frontend and the CLI send is a body the document allows.
  Assignable<BatchRequest, Schemas['BatchRequest']>,
  Assignable<OrderRequest, Schemas['OrderRequest']>,
  Assignable<OrderActionRequest, Schemas['OrderActionRequest']>,
];
