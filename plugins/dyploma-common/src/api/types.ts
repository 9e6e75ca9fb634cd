import type { EffectiveResult } from '../effective/types';
import type { ModelProblem } from '../errors/ModelProblem';
import type { OrderKind } from './requests';

/*
 * The JSON the REST API answers with (`/api/dyploma`), shared by the UI and the
 * CLI. Times are ISO 8601 strings. The OpenAPI document of the backend
 * (`plugins/dyploma-backend/src/schema/openapi.yaml`) describes the same shapes.
 */

/** Pending and running orders are active: at most one per service and environment. @public */
export type ActiveOrderStatus = 'pending' | 'running';

/** @public */
export type OrderStatus =
  | ActiveOrderStatus
  | 'succeeded'
  | 'partially-failed'
  | 'failed'
  | 'rolled-back'
  | 'cancelled';

/** The status of an order in one cluster. @public */
export type OrderTargetStatus =
  | 'pending'
  | 'applying'
  | 'progressing'
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'skipped';

/** Progress of an order in one cluster. @public */
export type OrderTarget = {
  cluster: string;
  status: OrderTargetStatus;
  desired?: number;
  updated?: number;
  ready?: number;
  available?: number;
  message?: string;
  attempts: number;
  updatedAt: string;
};

/** One state change of an order, of the whole order or of one cluster. @public */
export type OrderEvent = {
  id: string;
  cluster?: string;
  status: string;
  message?: string;
  createdAt: string;
};

/** An order: who asked what, why, and what happened where. @public */
export type Order = {
  id: string;
  /** Entity ref of the service, `component:default/payments`. */
  service: string;
  environment: string;
  kind: OrderKind;
  /** What the order asked for, e.g. `{version: "1.4.2"}` or `{replicas: 3}`. */
  params: Record<string, unknown>;
  /** Entity ref of the user who gave the order. */
  author: string;
  reason?: string;
  idempotencyKey?: string;
  status: OrderStatus;
  /** The release the order created, once it did. */
  releaseRevision?: number;
  error?: string;
  attempts: number;
  createdAt: string;
  finishedAt?: string;
  targets: OrderTarget[];
  /** Present on `GET /orders/{id}`. */
  events?: OrderEvent[];
};

/** A page of orders, newest first. @public */
export type OrderPage = {
  items: Order[];
  total: number;
  limit: number;
  offset: number;
};

/** One immutable runtime decision for a service in an environment. @public */
export type Release = {
  id: string;
  service: string;
  environment: string;
  /** 1, 2, 3... per service and environment. */
  revision: number;
  /** Version, replicas and their placement, resources, properties, enabled. */
  spec: Record<string, unknown>;
  author: string;
  reason?: string;
  orderId?: string;
  createdAt: string;
};

/** A page of releases, newest first; pass `nextBefore` as `before` for the next. @public */
export type ReleasePage = {
  items: Release[];
  nextBefore?: number;
};

/** One changed value between two releases, by path (`placement.dc1`). @public */
export type ReleaseChange = {
  path: string;
  /** Absent when the value was added. */
  from?: unknown;
  /** Absent when the value was removed. */
  to?: unknown;
};

/** What changed from one release to another. @public */
export type ReleaseDiff = {
  service: string;
  environment: string;
  from: number;
  to: number;
  changes: ReleaseChange[];
};

/** A cluster of an environment. @public */
export type EnvironmentCluster = {
  name: string;
  datacenter: string;
  weight: number;
};

/** A service in one environment: the model in effect, the release, the active order. @public */
export type ServiceEnvironmentStatus = {
  name: string;
  namespace: string;
  clusters: EnvironmentCluster[];
  placement: 'weighted' | 'every-cluster';
  requireReason: boolean;
  /** The model with defaults applied, and where each value came from. */
  effective?: EffectiveResult;
  /** The newest release, if the service was ever deployed here. */
  release?: Release;
  activeOrder?: Order;
};

/** The live state of a service in one cluster, from the fleet caches. @public */
export type ClusterLiveState = {
  cluster: string;
  environment: string;
  datacenter: string;
  namespace: string;
  /** The cluster as the fleet cache sees it; `down` keeps showing the last known state. */
  health: 'connecting' | 'connected' | 'degraded' | 'down';
  /** Last time anything was heard from the cluster (ISO time). */
  lastSeen?: string;
  deployment?: DeploymentLiveState;
  /** Set when an HPA owns the replicas. */
  autoscaler?: { min: number; max: number; current: number; desired: number };
  pods: PodLiveState[];
};

/** A service's Deployment in one cluster, from the watch cache. @public */
export type DeploymentLiveState = {
  name: string;
  version?: string;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  conditions: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }>;
};

/** One pod, with its use of CPU (millicores) and memory (bytes) against its requests. @public */
export type PodLiveState = {
  name: string;
  version?: string;
  node?: string;
  phase: string;
  ready: boolean;
  restarts: number;
  /** Why a container waits (CrashLoopBackOff, ImagePullBackOff...), if it does. */
  waiting?: string;
  startedAt?: string;
  cpu: { usage?: number; request?: number };
  memory: { usage?: number; request?: number };
};

/** `GET /services/{namespace}/{name}`. @public */
export type ServiceStatus = {
  service: {
    ref: string;
    namespace: string;
    name: string;
    owner?: string;
    system?: string;
  };
  /** Problems of the model; when present, `effective` is absent and orders are refused. */
  problems?: ModelProblem[];
  environments: ServiceEnvironmentStatus[];
  /** Per cluster, from the fleet caches (empty until they are wired). */
  live: ClusterLiveState[];
};

/**
 * The body of an error response, as Backstage's error middleware writes it;
 * a 409 for an active order adds `activeOrder`, a 400 adds `problems`.
 *
 * @public
 */
export type DyplomaErrorResponse = {
  error: { name: string; message: string };
  request?: { method: string; url: string };
  response: { statusCode: number };
  problems?: ModelProblem[];
  activeOrder?: Order;
};
