import { Entity } from '@backstage/catalog-model';
import type {
  ClusterLiveState,
  Order,
  Release,
  ServiceEnvironmentStatus,
  ServiceStatus,
} from '@dyploma/plugin-dyploma-common';
import { DyplomaApi } from '../api';

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
    getEvents: jest.fn(async () => []),
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
