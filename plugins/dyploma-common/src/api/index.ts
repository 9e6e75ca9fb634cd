export {
  ORDER_KINDS,
  MAX_REASON_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  orderRequestSchemas,
  orderActionRequestSchema,
  parseOrderRequest,
  parseOrderActionRequest,
  formatProblems,
  type OrderKind,
  type OrderRequest,
  type DeployOrderRequest,
  type ScaleOrderRequest,
  type DisableOrderRequest,
  type EnableOrderRequest,
  type RestartOrderRequest,
  type RollbackOrderRequest,
  type OrderActionRequest,
  type ParseResult,
} from './requests';
export type {
  ActiveOrderStatus,
  OrderStatus,
  OrderTargetStatus,
  OrderTarget,
  OrderEvent,
  Order,
  OrderPage,
  Release,
  ReleasePage,
  ReleaseChange,
  ReleaseDiff,
  EnvironmentCluster,
  ServiceEnvironmentStatus,
  ClusterLiveState,
  DeploymentLiveState,
  PodLiveState,
  ServiceStatus,
  DyplomaErrorResponse,
} from './types';
export { COST_NOT_SHOWN } from './costTypes';
export type {
  CostWindow,
  CostWindowName,
  CostDimension,
  CostAllocation,
  CostLine,
  CostMonth,
  ServiceCost,
  OwnerCost,
  CostReport,
  OverProvisionedReport,
  CostSeries,
  CostSeriesQuery,
  CostWindowQuery,
} from './costTypes';
export type { ServiceEvent, ServiceEventList } from './eventTypes';
export { serviceSignalChannel, type ServiceSignal } from './signals';
export {
  FLEET_STATUSES,
  FLEET_SORT_FIELDS,
  FLEET_FACETS,
  type FleetStatus,
  type FleetSortField,
  type FleetFacetName,
  type FleetService,
  type FleetLastOrder,
  type FleetRow,
  type FleetFacetValue,
  type FleetFacets,
  type FleetClusterHealth,
  type FleetEnvironment,
  type FleetPage,
} from './fleetTypes';
export {
  MAX_FILTER_VALUES,
  MAX_FLEET_LIMIT,
  fleetFilterSchema,
  fleetQuerySchema,
  parseFleetQuery,
  fleetQueryParams,
  serviceRef,
  type FleetFilter,
  type FleetQuery,
} from './fleetQuery';
export {
  BATCH_ACTION_KINDS,
  type BatchActionKind,
  type BatchAction,
  type BatchSelect,
  type BatchFilterPart,
  type BatchSelectShown,
  type BatchOnForbidden,
  type BatchRequest,
  type BatchChange,
  type BatchPreviewOutcome,
  type BatchPreviewItem,
  type BatchPreviewSummary,
  type BatchPreview,
  type BatchItemStatus,
  type BatchItem,
  type BatchSummary,
  type BatchStatus,
  type Batch,
  type BatchPage,
} from './batchTypes';
export {
  MAX_BATCH_REFS,
  MAX_SCALE_FACTOR,
  batchActionSchemas,
  parseBatchRequest,
  type ParsedBatchRequest,
} from './batchRequests';

/**
 * The REST API's types, generated from the backend's OpenAPI document
 * (`yarn openapi:generate`): `DyplomaOpenApi.paths` types a client such as openapi-fetch's
 * `createClient<DyplomaOpenApi.paths>`, and `DyplomaOpenApi.components['schemas']` holds
 * each schema (`Order`, `ServiceStatus`, ...). The hand-written types above are checked
 * against them at compile time (`openapiConformance.ts`).
 */
export type * as DyplomaOpenApi from './openapi.generated';
