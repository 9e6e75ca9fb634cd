import { createApiRef } from '@backstage/core-plugin-api';
import type {
  Order,
  OrderPage,
  OrderRequest,
  Release,
  ReleaseDiff,
  ReleasePage,
  ServiceStatus,
} from '@dyploma/plugin-dyploma-common';
import type {
  CostDimension,
  CostReport,
  CostSeries,
  CostSeriesQuery,
  CostWindowQuery,
  OverProvisionedReport,
  OwnerCost,
  ServiceCost,
} from '@dyploma/plugin-dyploma-common';
import type {
  Batch,
  BatchPage,
  BatchPreview,
  BatchRequest,
  FleetPage,
  FleetQuery,
} from '@dyploma/plugin-dyploma-common';

/** A service by its catalog name. @public */
export type ServiceName = { namespace: string; name: string };

/** What the Runtime tab's logs view asks for. @public */
export type LogsQuery = {
  environment: string;
  cluster?: string;
  pod?: string;
  container?: string;
  previous?: boolean;
  tailLines?: number;
};

/**
 * The Dyploma REST API (`/api/dyploma`) as the UI uses it.
 *
 * @public
 */
export interface DyplomaApi {
  getServiceStatus(service: ServiceName): Promise<ServiceStatus>;
  createOrder(service: ServiceName, request: OrderRequest): Promise<Order>;
  listOrders(
    service: ServiceName,
    options?: { environment?: string; limit?: number; offset?: number },
  ): Promise<OrderPage>;
  getOrder(id: string): Promise<Order>;
  cancelOrder(id: string, reason?: string): Promise<Order>;
  retryOrder(id: string, reason?: string): Promise<Order>;
  listReleases(
    service: ServiceName,
    environment: string,
    options?: { limit?: number; before?: number },
  ): Promise<ReleasePage>;
  getRelease(
    service: ServiceName,
    environment: string,
    revision: number,
  ): Promise<Release>;
  diffReleases(
    service: ServiceName,
    environment: string,
    from: number,
    to: number,
  ): Promise<ReleaseDiff>;
  /** Pod logs as text. */
  getLogs(service: ServiceName, query: LogsQuery): Promise<string>;
  /**
   * Follows a pod's log: `onText` gets each piece as the cluster writes it, until the
   * container stops (the promise resolves) or `signal` aborts (which closes the stream,
   * and the backend's request to the cluster with it).
   */
  followLogs(
    service: ServiceName,
    query: Omit<LogsQuery, 'previous'>,
    onText: (text: string) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Events of the service's objects; the shape is whatever the API answers. */
  getEvents(
    service: ServiceName,
    environment: string,
    cluster?: string,
  ): Promise<unknown>;
  /** A service's cost card: window, trend, month, split by environment and cluster. */
  getServiceCost(
    service: ServiceName,
    query?: CostWindowQuery,
  ): Promise<ServiceCost>;
  /** Every owner's cost, rolled up through parent groups. */
  listOwnerCosts(query?: CostWindowQuery): Promise<CostReport>;
  /** A group's cost with its services ranked. */
  getOwnerCost(group: ServiceName, query?: CostWindowQuery): Promise<OwnerCost>;
  getCostReport(
    query: CostWindowQuery & { groupBy: CostDimension; shareIdle?: boolean },
  ): Promise<CostReport>;
  /** The same report as CSV text. */
  getCostReportCsv(
    query: CostWindowQuery & { groupBy: CostDimension; shareIdle?: boolean },
  ): Promise<string>;
  getOverProvisioned(
    query?: CostWindowQuery & { maxEfficiency?: number },
  ): Promise<OverProvisionedReport>;
  getCostSeries(
    query?: CostSeriesQuery,
  ): Promise<CostSeries>;
  /** One page of the fleet (service × environment × cluster) with its facets. */
  getFleet(query?: Partial<FleetQuery>): Promise<FleetPage>;
  /** What a batch would do, without doing anything. */
  previewBatch(request: BatchRequest): Promise<BatchPreview>;
  /** Creates a batch: one order per service; answers with its items. */
  createBatch(request: BatchRequest): Promise<Batch>;
  getBatch(id: string): Promise<Batch>;
  listBatches(options?: {
    limit?: number;
    offset?: number;
    author?: string;
  }): Promise<BatchPage>;
  /** Orders again the items that failed, were refused or never started. */
  resumeBatch(id: string): Promise<Batch>;
}

/** @public */
export const dyplomaApiRef = createApiRef<DyplomaApi>({
  id: 'plugin.dyploma.service',
});
