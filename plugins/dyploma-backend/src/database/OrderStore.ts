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

import { JsonObject } from '@backstage/types';
import type {
  ActiveOrderStatus,
  OrderKind,
  OrderStatus,
  OrderTargetStatus,
} from '@dyploma/plugin-dyploma-common';

// The kinds and statuses are the API's (dyploma-common): the store keeps what the API shows.
export type {
  ActiveOrderStatus,
  OrderKind,
  OrderStatus,
} from '@dyploma/plugin-dyploma-common';

/** An order that has ended. */
export type FinalOrderStatus = Exclude<OrderStatus, ActiveOrderStatus>;
export type TargetStatus = OrderTargetStatus;

/** Progress of an order in one cluster. */
export type OrderTarget = {
  cluster: string;
  status: TargetStatus;
  desired?: number;
  updated?: number;
  ready?: number;
  available?: number;
  message?: string;
  attempts: number;
  updatedAt: Date;
};

export type Order = {
  id: string;
  serviceRef: string;
  environment: string;
  kind: OrderKind;
  params: JsonObject;
  author: string;
  reason?: string;
  idempotencyKey?: string;
  status: OrderStatus;
  releaseRevision?: number;
  error?: string;
  attempts: number;
  createdAt: Date;
  finishedAt?: Date;
  targets: OrderTarget[];
};

export type NewOrder = {
  serviceRef: string;
  environment: string;
  kind: OrderKind;
  params: JsonObject;
  author: string;
  reason?: string;
  idempotencyKey?: string;
  /** The clusters the order will touch, all pending at first. */
  clusters: string[];
};

export type OrderEvent = {
  id: string;
  orderId: string;
  cluster?: string;
  status: string;
  message?: string;
  createdAt: Date;
};

/** The result of creating an order: a new one, or the earlier one with the same key. */
export type CreatedOrder = { order: Order; created: boolean };

/** Stores orders, their per-cluster progress and their history; hands them to workers. */
export interface OrderStore {
  /**
   * Stores a new pending order. Throws ConflictError (with the active order) when the
   * service and environment already have an active order. With an idempotency key that was
   * used before for the service, returns that order instead.
   */
  create(order: NewOrder): Promise<CreatedOrder>;
  get(id: string): Promise<Order | undefined>;
  /** The pending or running order of a service and environment, if any. */
  active(serviceRef: string, environment: string): Promise<Order | undefined>;
  /**
   * The pending or running order of a service in each of `environments` that has one,
   * by environment: one query for the orders (and one for their clusters if any).
   */
  activePerEnvironment(
    serviceRef: string,
    environments: string[],
  ): Promise<Map<string, Order>>;
  list(options: {
    serviceRef: string;
    environment?: string;
    limit?: number;
    offset?: number;
  }): Promise<{ items: Order[]; total: number }>;
  events(orderId: string): Promise<OrderEvent[]>;

  /**
   * Gives one active order whose lease is free or expired to a worker, for `leaseMs`.
   * Safe with several backend replicas on one database: exactly one claim wins.
   */
  claim(worker: string, leaseMs: number): Promise<Order | undefined>;
  /** Extends a lease; false when the worker no longer holds it. */
  renew(orderId: string, worker: string, leaseMs: number): Promise<boolean>;
  /** Marks a claimed order running (or back to running when resumed). */
  start(orderId: string, worker: string): Promise<void>;
  /** Updates the progress of one cluster, recording an event when its status changes. */
  updateTarget(
    orderId: string,
    worker: string,
    cluster: string,
    update: Partial<Omit<OrderTarget, 'cluster' | 'attempts' | 'updatedAt'>> & {
      attempt?: boolean;
    },
  ): Promise<void>;
  /** Ends an order: releases the lease and the service's active slot. */
  finish(
    orderId: string,
    worker: string,
    result: {
      status: Exclude<FinalOrderStatus, 'cancelled'>;
      error?: string;
      releaseRevision?: number;
    },
  ): Promise<void>;
  /** Cancels an order no worker has started; false when it is already under way. */
  cancel(orderId: string, by: string): Promise<boolean>;
  /**
   * Puts a partially failed or failed order back to pending, with only the given
   * clusters pending again; the others keep their result.
   */
  retry(orderId: string, clusters: string[], by: string): Promise<Order>;
}
