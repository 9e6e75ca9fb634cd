import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  ClusterLiveState,
  Order,
  Release,
  ServiceEnvironmentStatus,
  ServiceStatus,
} from '@dyploma/plugin-dyploma-common';
import type {
  CostLine,
  CostReport,
  DyplomaApi,
  OverProvisionedReport,
  OwnerCost,
  ServiceCost,
} from '../api';
import { batch, batchPreview, fleetPage } from './fleetFixtures';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'team-payments',
    dyploma: { image: 'registry.example.com/payments' },
  },
};

export const entityWithoutModel: Entity = {
  ...entity,
  spec: { type: 'service', owner: 'team-payments' },
};

export const clusters = [
  { name: 'dc1', datacenter: 'fra', weight: 1 },
  { name: 'dc2', datacenter: 'ams', weight: 1 },
  { name: 'dc3', datacenter: 'lon', weight: 1 },
];

export function release(overrides: Partial<Release> = {}): Release {
  return {
    id: 'r-3',
    service: 'component:default/payments',
    environment: 'production',
    revision: 3,
    spec: {
      version: '1.4.1',
      replicas: 3,
      placement: { dc1: 1, dc2: 1, dc3: 1 },
      enabled: true,
    },
    author: 'user:default/jane',
    reason: 'fix the rounding bug',
    createdAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

export function order(overrides: Partial<Order> = {}): Order {
  return {
    id: '11111111-1111-1111-1111-111111111111',
    service: 'component:default/payments',
    environment: 'production',
    kind: 'deploy',
    params: { version: '1.4.2' },
    author: 'user:default/jane',
    reason: 'release day',
    status: 'running',
    attempts: 1,
    createdAt: '2026-11-23T21:00:00.000Z',
    targets: [
      {
        cluster: 'dc1',
        status: 'progressing',
        desired: 3,
        updated: 2,
        ready: 1,
        available: 1,
        attempts: 1,
        updatedAt: '2026-11-23T21:00:05.000Z',
      },
      {
        cluster: 'dc2',
        status: 'failed',
        desired: 3,
        updated: 0,
        ready: 0,
        message: 'ImagePullBackOff: tag 1.4.2 not found',
        attempts: 1,
        updatedAt: '2026-11-23T21:00:05.000Z',
      },
      {
        cluster: 'dc3',
        status: 'pending',
        attempts: 0,
        updatedAt: '2026-11-23T21:00:00.000Z',
      },
    ],
    events: [
      {
        id: 'e1',
        status: 'running',
        message: 'planned release 4',
        createdAt: '2026-11-23T21:00:01.000Z',
      },
      {
        id: 'e2',
        cluster: 'dc1',
        status: 'progressing',
        message: 'waiting for 3 ready replicas',
        createdAt: '2026-11-23T21:00:04.000Z',
      },
    ],
    ...overrides,
  };
}

export function environment(
  overrides: Partial<ServiceEnvironmentStatus> = {},
): ServiceEnvironmentStatus {
  return {
    name: 'production',
    namespace: 'payments',
    clusters,
    placement: 'weighted',
    requireReason: true,
    release: release(),
    ...overrides,
  };
}

export function status(overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    service: {
      ref: 'component:default/payments',
      namespace: 'default',
      name: 'payments',
      owner: 'group:default/team-payments',
    },
    environments: [
      environment({
        name: 'staging',
        requireReason: false,
        clusters: [clusters[0]],
        release: release({
          environment: 'staging',
          revision: 7,
          spec: {
            version: '1.4.2',
            replicas: 1,
            placement: { dc1: 1 },
            enabled: true,
          },
        }),
      }),
      environment(),
    ],
    live: [],
    ...overrides,
  };
}

/** A DyplomaApi whose every method is a jest.fn. */
const costWindow = {
  from: '2026-10-01T00:00:00.000Z',
  to: '2026-10-31T00:00:00.000Z',
  hours: 720,
};
const costPreviousWindow = {
  from: '2026-09-01T00:00:00.000Z',
  to: '2026-10-01T00:00:00.000Z',
  hours: 720,
};

export type MockDyplomaApi = DyplomaApi & Record<keyof DyplomaApi, jest.Mock>;

export function mockDyplomaApi(
  overrides: Partial<Record<keyof DyplomaApi, jest.Mock>> = {},
): MockDyplomaApi {
  const api: Record<keyof DyplomaApi, jest.Mock> = {
    getServiceStatus: jest.fn(async () => status()),
    createOrder: jest.fn(async () => order({ status: 'pending' })),
    listOrders: jest.fn(async () => ({
      items: [],
      total: 0,
      limit: 20,
      offset: 0,
    })),
    getOrder: jest.fn(async () => order()),
    cancelOrder: jest.fn(async () => order({ status: 'cancelled' })),
    retryOrder: jest.fn(async () => order()),
    listReleases: jest.fn(async () => ({ items: [release()] })),
    getRelease: jest.fn(async () => release()),
    diffReleases: jest.fn(async () => ({
      service: 'component:default/payments',
      environment: 'production',
      from: 3,
      to: 2,
      changes: [],
    })),
    getLogs: jest.fn(async () => ''),
    followLogs: jest.fn(async () => {}),
    getEvents: jest.fn(async () => []),
    getServiceCost: jest.fn(async () => serviceCost()),
    listOwnerCosts: jest.fn(async () => costReport()),
    getOwnerCost: jest.fn(async () => ownerCost()),
    getCostReport: jest.fn(async () => costReport()),
    getCostReportCsv: jest.fn(async () => 'owner,cost\r\n'),
    getOverProvisioned: jest.fn(async () => overProvisioned()),
    getCostSeries: jest.fn(async () => ({
      window: costWindow,
      step: 'day',
      points: [],
      demo: false,
    })),
    getFleet: jest.fn(async () => fleetPage()),
    previewBatch: jest.fn(async () => batchPreview()),
    createBatch: jest.fn(async () => batch({ status: 'running' })),
    getBatch: jest.fn(async () => batch()),
    listBatches: jest.fn(async () => ({
      items: [],
      total: 0,
      limit: 20,
      offset: 0,
    })),
    resumeBatch: jest.fn(async () => batch({ status: 'running' })),
    ...overrides,
  };
  return api as MockDyplomaApi;
}

export function live(
  overrides: Partial<ClusterLiveState> = {},
): ClusterLiveState {
  return {
    cluster: 'dc1',
    environment: 'production',
    datacenter: 'fra',
    namespace: 'payments',
    health: 'connected',
    lastSeen: '2026-11-23T21:00:00.000Z',
    deployment: {
      name: 'payments',
      version: '1.4.1',
      desired: 1,
      updated: 1,
      ready: 1,
      available: 1,
      conditions: [],
    },
    pods: [
      {
        name: 'payments-7d9f-abcde',
        version: '1.4.1',
        node: 'node-17',
        phase: 'Running',
        ready: true,
        restarts: 2,
        startedAt: '2026-11-23T20:00:00.000Z',
        cpu: { usage: 120, request: 250 },
        memory: { usage: 256 * 1024 * 1024, request: 512 * 1024 * 1024 },
      },
    ],
    ...overrides,
  };
}

export function costLine(overrides: Partial<CostLine> = {}): CostLine {
  return {
    key: 'component:default/payments',
    cpuRequestCoreHours: 100,
    cpuUsageCoreHours: 40,
    memoryRequestGiBHours: 200,
    memoryUsageGiBHours: 150,
    cpuCost: 3.1,
    memoryCost: 0.8,
    cost: 3.9,
    previousCost: 3,
    trend: 0.3,
    efficiency: { cpu: 0.4, memory: 0.75 },
    ...overrides,
  };
}

export function serviceCost(overrides: Partial<ServiceCost> = {}): ServiceCost {
  return {
    ...costLine(),
    serviceRef: 'component:default/payments',
    window: costWindow,
    previousWindow: costPreviousWindow,
    month: { toDate: 12.5, projected: 25, hours: 744, elapsedHours: 372 },
    byEnvironment: [
      costLine({ key: 'production', cost: 3, previousCost: 2, trend: 0.5 }),
      costLine({ key: 'staging', cost: 0.9, previousCost: 1, trend: -0.1 }),
    ],
    byCluster: [
      { ...costLine({ key: 'dc1', cost: 2.5 }), datacenter: 'eu-west' },
      { ...costLine({ key: 'dc2', cost: 1.4 }), datacenter: 'eu-north' },
    ],
    demo: false,
    ...overrides,
  };
}

export function ownerCost(overrides: Partial<OwnerCost> = {}): OwnerCost {
  return {
    ...costLine({ key: 'group:default/team-payments', cost: 10 }),
    ownerRef: 'group:default/team-payments',
    window: costWindow,
    previousWindow: costPreviousWindow,
    ownCost: 7,
    month: { toDate: 30, projected: 60, hours: 744, elapsedHours: 372 },
    services: [
      {
        ...costLine({ key: 'component:default/payments', cost: 6 }),
        ownerRef: 'group:default/team-payments',
      },
      {
        ...costLine({ key: 'component:default/ledger', cost: 3 }),
        ownerRef: 'group:default/team-ledger',
      },
      {
        ...costLine({ key: 'component:default/refunds', cost: 1 }),
        ownerRef: 'group:default/team-payments',
      },
    ],
    groups: [costLine({ key: 'group:default/team-ledger', cost: 3 })],
    demo: false,
    ...overrides,
  };
}

export function costReport(overrides: Partial<CostReport> = {}): CostReport {
  return {
    groupBy: 'owner',
    window: costWindow,
    previousWindow: costPreviousWindow,
    shareIdle: false,
    items: [
      costLine({ key: 'group:default/team-payments', cost: 10, ownCost: 7 }),
      costLine({ key: 'group:default/team-ledger', cost: 3, ownCost: 3 }),
    ],
    total: { cost: 13, previousCost: 10, trend: 0.3, idleCost: 4.25 },
    demo: false,
    ...overrides,
  };
}

export function overProvisioned(
  overrides: Partial<OverProvisionedReport> = {},
): OverProvisionedReport {
  return {
    window: costWindow,
    maxEfficiency: 0.5,
    rightSizeTo: 'average usage × 1.15',
    items: [
      {
        serviceRef: 'component:default/payments',
        ownerRef: 'group:default/team-payments',
        cost: 3.9,
        efficiency: { cpu: 0.2, memory: 0.75 },
        monthlySaving: { cpu: 2.5, memory: 0, total: 2.5 },
      },
    ],
    demo: false,
    ...overrides,
  };
}

/** What the cost API answers without `dyploma.cost.read`. */
export function costForbidden(): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message: 'Reading cost needs dyploma.cost.read',
        },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}
