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

import type { FleetFilter } from './fleetQuery';
import type { OrderKind, OrderRequest } from './requests';
import type { OrderStatus, OrderTarget } from './types';

/*
 * Batch operations: one action on many services in one environment. Each service gets
 * its own order (its own progress, its own failure); the batch records which order each
 * service got, so it can be followed, summarised and resumed.
 */

/** What a batch does to each service. @public */
export const BATCH_ACTION_KINDS = [
  'scale',
  'disable',
  'enable',
  'restart',
  'redeploy',
  'rollback',
] as const;

/** @public */
export type BatchActionKind = (typeof BATCH_ACTION_KINDS)[number];

/**
 * The action of a batch.
 * - `scale` with `replicas`: every service to that many replicas in the environment;
 *   with `factor`: each service's current replicas × factor, rounded to the nearest
 *   whole number, at least 1 while it had any, at most 500;
 * - `redeploy`: deploy the version that runs now again, with the service's current model;
 * - `rollback`: back to each service's previous release.
 *
 * @public
 */
export type BatchAction =
  | { kind: 'scale'; replicas: number }
  | { kind: 'scale'; factor: number }
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'restart' }
  | { kind: 'redeploy' }
  | { kind: 'rollback' };

/**
 * Which services: explicit entity refs (`component:default/payments`; `payments` and
 * `default/payments` work too), or every service whose rows in the batch's environment
 * match a fleet filter (the same filters as `GET /fleet`, without `environment`).
 *
 * @public
 */
export type BatchSelect =
  | { refs: string[] }
  | { filter: Omit<FleetFilter, 'environment'> };

/** The parts of a batch's filter a viewer may be shown without some values. @public */
export type BatchFilterPart =
  | 'owner'
  | 'system'
  | 'tag'
  | 'cluster'
  | 'datacenter'
  | 'q';

/**
 * A batch's `select` as its viewer is shown it: the named services the catalog does not
 * show them are left out of `refs`, and `hiddenRefs` says how many (absent when none). A
 * filter is shown as made to its author and to a viewer the catalog shows everything; to
 * others without the words that may name what their catalog hides (`tag`, `q`, owners and
 * systems it does not show them, clusters and datacenters not configured), and
 * `hiddenFilter` lists the parts with a value left out (absent when none).
 *
 * @public
 */
export type BatchSelectShown =
  | { refs: string[]; hiddenRefs?: number }
  | {
      filter: Omit<FleetFilter, 'environment'>;
      hiddenFilter?: BatchFilterPart[];
    };

/** What a user may not touch: list and skip those services, or refuse the whole batch (403). @public */
export type BatchOnForbidden = 'skip' | 'refuse';

/** The body of `POST /batches` and `POST /batches/preview`. @public */
export type BatchRequest = {
  environment: string;
  action: BatchAction;
  select: BatchSelect;
  reason?: string;
  /** Default `skip`. */
  onForbidden?: BatchOnForbidden;
  /** The same key from the same user answers with the batch it created, never a second one. */
  idempotencyKey?: string;
};

/** One change an item's order would make, e.g. replicas 3 → 6 in dc1. @public */
export type BatchChange = {
  /** Absent for a change of the whole environment (e.g. the version of a rollback). */
  cluster?: string;
  /** `replicas`, `version`, `enabled` or `pods` (a restart replaces them). */
  field: 'replicas' | 'version' | 'enabled' | 'pods';
  from?: string | number | boolean;
  to?: string | number | boolean;
  /** The change in words: `replicas 3 → 6 in dc1`. */
  text: string;
};

/**
 * What the preview found for one service:
 * - `change`: an order will be created; `changes` says what it changes;
 * - `no-change`: the order would change nothing (already disabled, same replicas); it is
 *   still ordered, so a batch is repeatable, but the preview says so;
 * - `forbidden`: the user may not do this to the service (`message` says which permission);
 * - `invalid`: the order would be refused (no current release, autoscaled, invalid model,
 *   an order already active...); `message` says why.
 *
 * @public
 */
export type BatchPreviewOutcome =
  | 'change'
  | 'no-change'
  | 'forbidden'
  | 'invalid';

/** One service in a preview. @public */
export type BatchPreviewItem = {
  /** Entity ref of the service. */
  service: string;
  outcome: BatchPreviewOutcome;
  /** The order the service will get (kind and parameters), unless forbidden or invalid. */
  order?: OrderRequest;
  changes: BatchChange[];
  message?: string;
  /** The id of an order that is active for the service in the environment (a 409 at creation). */
  activeOrderId?: string;
};

/** Counts of a preview's outcomes. @public */
export type BatchPreviewSummary = Record<BatchPreviewOutcome, number> & {
  total: number;
};

/** `POST /batches/preview`: what a batch would do, without doing anything. @public */
export type BatchPreview = {
  environment: string;
  action: BatchAction;
  onForbidden: BatchOnForbidden;
  items: BatchPreviewItem[];
  summary: BatchPreviewSummary;
  /** True when `onForbidden: refuse` and some service is forbidden: creating it would answer 403. */
  wouldRefuse: boolean;
};

/**
 * Where one service of a batch is:
 * - `skipped`: forbidden and `onForbidden: skip` (never resumed);
 * - `not-started`: no order yet (the batch is being created, or the backend stopped first);
 * - `refused`: the order was refused (`error`, `errorStatus`: 400, 404, 409...);
 * - otherwise the status of the item's order.
 *
 * @public
 */
export type BatchItemStatus =
  | 'skipped'
  | 'not-started'
  | 'refused'
  | OrderStatus;

/** One service of a batch. @public */
export type BatchItem = {
  service: string;
  status: BatchItemStatus;
  /** The kind of order the item gets (`redeploy` becomes `deploy`). */
  orderKind: OrderKind;
  /** The order of the latest attempt. */
  orderId?: string;
  /** 1, then +1 for every resume that re-created the order. */
  attempt: number;
  /** What the preview said the order changes, at creation time. */
  changes: BatchChange[];
  error?: string;
  errorStatus?: number;
  /** Per-cluster progress of the item's order. */
  targets?: OrderTarget[];
  updatedAt: string;
};

/** Counts of a batch's items by where they are. @public */
export type BatchSummary = {
  total: number;
  skipped: number;
  notStarted: number;
  refused: number;
  /** Orders pending or running. */
  active: number;
  succeeded: number;
  /** Orders failed, partially failed, rolled back or cancelled. */
  failed: number;
};

/**
 * - `running`: some item is not started or its order active;
 * - `succeeded`: every item that was not skipped succeeded;
 * - `partially-failed`: some succeeded, some were refused or failed;
 * - `failed`: nothing succeeded.
 *
 * @public
 */
export type BatchStatus =
  | 'running'
  | 'succeeded'
  | 'partially-failed'
  | 'failed';

/**
 * A batch; `items` is present on `GET /batches/{id}` and the answers of create and resume,
 * only those of services the viewer may see (`summary` counts them all).
 *
 * @public
 */
export type Batch = {
  id: string;
  environment: string;
  action: BatchAction;
  select: BatchSelectShown;
  onForbidden: BatchOnForbidden;
  reason?: string;
  idempotencyKey?: string;
  /** Entity ref of the user who created it. */
  author: string;
  status: BatchStatus;
  summary: BatchSummary;
  createdAt: string;
  /** The last time it was resumed. */
  resumedAt?: string;
  /** When every item reached an end. */
  finishedAt?: string;
  items?: BatchItem[];
};

/** `GET /batches`, newest first. @public */
export type BatchPage = {
  items: Batch[];
  total: number;
  limit: number;
  offset: number;
};
