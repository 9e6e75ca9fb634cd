import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import {
  Batch,
  BatchPage,
  BatchPreview,
  BatchRequest,
  fleetQueryParams,
  FleetPage,
  FleetQuery,
} from '@dyploma/plugin-dyploma-common';
import { DyplomaApi, LogsQuery, ServiceName } from './DyplomaApi';

type Query = Record<string, string | number | boolean | undefined>;

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

function servicePath({ namespace, name }: ServiceName): string {
  return `/services/${enc(namespace)}/${enc(name)}`;
}

/**
 * Talks to the Dyploma backend with the user's credentials.
 *
 * @public
 */
export class DyplomaClient implements DyplomaApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getServiceStatus(service: ServiceName): Promise<ServiceStatus> {
    return this.json(servicePath(service));
  }

  createOrder(service: ServiceName, request: OrderRequest): Promise<Order> {
    return this.json(`${servicePath(service)}/orders`, {
      method: 'POST',
      body: request,
    });
  }

  listOrders(
    service: ServiceName,
    options: { environment?: string; limit?: number; offset?: number } = {},
  ): Promise<OrderPage> {
    return this.json(`${servicePath(service)}/orders${queryString(options)}`);
  }

  getOrder(id: string): Promise<Order> {
    return this.json(`/orders/${enc(id)}`);
  }

  cancelOrder(id: string, reason?: string): Promise<Order> {
    return this.json(`/orders/${enc(id)}/cancel`, {
      method: 'POST',
      body: reason ? { reason } : {},
    });
  }

  retryOrder(id: string, reason?: string): Promise<Order> {
    return this.json(`/orders/${enc(id)}/retry`, {
      method: 'POST',
      body: reason ? { reason } : {},
    });
  }

  listReleases(
    service: ServiceName,
    environment: string,
    options: { limit?: number; before?: number } = {},
  ): Promise<ReleasePage> {
    return this.json(
      `${this.environmentPath(service, environment)}/releases${queryString(
        options,
      )}`,
    );
  }

  getRelease(
    service: ServiceName,
    environment: string,
    revision: number,
  ): Promise<Release> {
    return this.json(
      `${this.environmentPath(service, environment)}/releases/${revision}`,
    );
  }

  diffReleases(
    service: ServiceName,
    environment: string,
    from: number,
    to: number,
  ): Promise<ReleaseDiff> {
    return this.json(
      `${this.environmentPath(
        service,
        environment,
      )}/releases/${from}/diff/${to}`,
    );
  }

  async getLogs(service: ServiceName, query: LogsQuery): Promise<string> {
    const { environment, ...rest } = query;
    const response = await this.request(
      `${this.environmentPath(service, environment)}/logs${queryString(rest)}`,
    );
    return response.text();
  }

  async followLogs(
    service: ServiceName,
    query: Omit<LogsQuery, 'previous'>,
    onText: (text: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const { environment, ...rest } = query;
    const response = await this.request(
      `${this.environmentPath(service, environment)}/logs${queryString({
        ...rest,
        follow: true,
      })}`,
      { signal },
    );
    const reader = response.body?.getReader();
    if (!reader) {
      onText(await response.text());
      return;
    }
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        onText(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      // Aborting is how the caller stops following; anything else is a real failure.
      if (!signal.aborted) throw error;
    }
  }

  getEvents(
    service: ServiceName,
    environment: string,
    cluster?: string,
  ): Promise<unknown> {
    return this.json(
      `${this.environmentPath(service, environment)}/events${queryString({
        cluster,
      })}`,
    );
  }

  getServiceCost(
    service: ServiceName,
    query: CostWindowQuery = {},
  ): Promise<ServiceCost> {
    return this.json(
      `/cost/services/${enc(service.namespace)}/${enc(
        service.name,
      )}${queryString(query)}`,
    );
  }

  listOwnerCosts(query: CostWindowQuery = {}): Promise<CostReport> {
    return this.json(`/cost/owners${queryString(query)}`);
  }

  getOwnerCost(
    group: ServiceName,
    query: CostWindowQuery = {},
  ): Promise<OwnerCost> {
    return this.json(
      `/cost/owners/${enc(group.namespace)}/${enc(group.name)}${queryString(
        query,
      )}`,
    );
  }

  getCostReport(
    query: CostWindowQuery & { groupBy: CostDimension; shareIdle?: boolean },
  ): Promise<CostReport> {
    return this.json(`/cost/report${queryString(query)}`);
  }

  async getCostReportCsv(
    query: CostWindowQuery & { groupBy: CostDimension; shareIdle?: boolean },
  ): Promise<string> {
    const response = await this.request(
      `/cost/report${queryString({ ...query, format: 'csv' })}`,
    );
    return response.text();
  }

  getOverProvisioned(
    query: CostWindowQuery & { maxEfficiency?: number } = {},
  ): Promise<OverProvisionedReport> {
    return this.json(`/cost/over-provisioned${queryString(query)}`);
  }

  getCostSeries(
    query: CostSeriesQuery = {},
  ): Promise<CostSeries> {
    return this.json(`/cost/series${queryString(query)}`);
  }

  getFleet(query: Partial<FleetQuery> = {}): Promise<FleetPage> {
    // Repeated keys for several values of one filter (`?owner=a&owner=b`).
    const params = fleetQueryParams(query).toString();
    return this.json(`/fleet${params ? `?${params}` : ''}`);
  }

  previewBatch(request: BatchRequest): Promise<BatchPreview> {
    return this.json('/batches/preview', { method: 'POST', body: request });
  }

  createBatch(request: BatchRequest): Promise<Batch> {
    return this.json('/batches', { method: 'POST', body: request });
  }

  getBatch(id: string): Promise<Batch> {
    return this.json(`/batches/${enc(id)}`);
  }

  listBatches(
    options: { limit?: number; offset?: number; author?: string } = {},
  ): Promise<BatchPage> {
    return this.json(`/batches${queryString(options)}`);
  }

  resumeBatch(id: string): Promise<Batch> {
    return this.json(`/batches/${enc(id)}/resume`, {
      method: 'POST',
      body: {},
    });
  }

  private environmentPath(service: ServiceName, environment: string) {
    return `${servicePath(service)}/environments/${enc(environment)}`;
  }

  private async request(
    path: string,
    init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('dyploma');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.signal && { signal: init.signal }),
      ...(init.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }

  private async json<T>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }
}
