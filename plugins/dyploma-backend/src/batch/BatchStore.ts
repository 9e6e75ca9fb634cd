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

import type {
  BatchAction,
  BatchChange,
  BatchOnForbidden,
  BatchSelect,
  OrderKind,
  OrderRequest,
  OrderStatus,
  OrderTarget,
} from '@dyploma/plugin-dyploma-common';

/**
 * Where an item stands in the store. The API shows `ordered` items with their order's status.
 * - `skipped`: forbidden, and the batch skips what its author may not touch;
 * - `pending`: the current attempt has no order recorded yet (just created, or the backend
 *   stopped before it recorded one; the attempt's idempotency key makes a rerun safe);
 * - `ordered`: `orderId` is the order of the current attempt;
 * - `refused`: the order path refused the current attempt (`error`, `errorStatus`).
 */
export type ItemState = 'skipped' | 'pending' | 'ordered' | 'refused';

export type StoredBatch = {
  id: string;
  environment: string;
  action: BatchAction;
  select: BatchSelect;
  onForbidden: BatchOnForbidden;
  reason?: string;
  author: string;
  idempotencyKey?: string;
  createdAt: Date;
  resumedAt?: Date;
};

export type NewBatch = Omit<StoredBatch, 'id' | 'createdAt' | 'resumedAt'>;

export type NewBatchItem = {
  serviceRef: string;
  state: 'skipped' | 'pending' | 'refused';
  /** The order the item sends; absent when it can have none (skipped, no release...). */
  orderRequest?: OrderRequest;
  orderKind: OrderKind;
  changes: BatchChange[];
  error?: string;
  errorStatus?: number;
};

/** An item with what its order says now (one join, no call per item). */
export type StoredBatchItem = Omit<NewBatchItem, 'state'> & {
  state: ItemState;
  batchId: string;
  position: number;
  attempt: number;
  orderId?: string;
  orderStatus?: OrderStatus;
  orderFinishedAt?: Date;
  targets?: Array<Omit<OrderTarget, 'updatedAt'> & { updatedAt: Date }>;
  updatedAt: Date;
};

/** What one attempt of an item got: its order, or the order path's refusal. */
export type ItemOutcome = { serviceRef: string; attempt: number } & (
  | { orderId: string }
  | { refusal: { error: string; errorStatus: number } }
);

/** Batches and their items. */
export interface BatchStore {
  /**
   * Stores a batch and its items in one transaction. With an idempotency key its author
   * used before, returns that batch instead (`created: false`) and stores nothing.
   */
  create(
    batch: NewBatch,
    items: NewBatchItem[],
  ): Promise<{ batch: StoredBatch; created: boolean }>;
  get(id: string): Promise<StoredBatch | undefined>;
  /** The batch an author created with an idempotency key, if any. */
  byKey(author: string, key: string): Promise<StoredBatch | undefined>;
  /** Items in batch order, with their orders' status (and per-cluster targets if asked). */
  items(
    batchId: string,
    options?: { targets?: boolean },
  ): Promise<StoredBatchItem[]>;
  /** Items of several batches (for the list's summaries), without targets. */
  itemsOf(batchIds: string[]): Promise<StoredBatchItem[]>;
  /** Newest first. */
  list(options: {
    limit: number;
    offset: number;
    author?: string;
  }): Promise<{ items: StoredBatch[]; total: number }>;
  /** Records the order an attempt got; false if the item moved on to another attempt. */
  recordOrder(
    batchId: string,
    serviceRef: string,
    attempt: number,
    orderId: string,
  ): Promise<boolean>;
  /** Records why the order path refused an attempt. */
  recordRefusal(
    batchId: string,
    serviceRef: string,
    attempt: number,
    refusal: { error: string; errorStatus: number },
  ): Promise<boolean>;
  /**
   * Records what many attempts got (an order, or why the order path refused), in one
   * transaction: `recordOrder` and `recordRefusal` for each, with one commit for all.
   */
  recordMany(batchId: string, outcomes: ItemOutcome[]): Promise<void>;
  /**
   * Starts a new attempt for the items (each named with the attempt it is at now): only
   * items still at that attempt move, so two resumes at once start one new attempt.
   * Returns the items that moved, with their new attempt.
   */
  reopen(
    batchId: string,
    items: Array<{ serviceRef: string; attempt: number }>,
  ): Promise<Array<{ serviceRef: string; attempt: number }>>;
}
