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

import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { OrderRequest } from '@dyploma/plugin-dyploma-common';
import { Request } from 'express';
import { audited, loadServiceByRef } from '../service/access';
import { placeOrder } from '../service/orders';
import type { BatchStore, StoredBatch } from './BatchStore';
import type { FleetContext } from './FleetIndex';
import { mapLimit } from './planBatch';

// Orders are created this many at a time: each is a catalog read, a permission check and a
// transaction; more in parallel only queues on the database.
const CONCURRENCY = 8;

/** The HTTP status of an error from the order path, as the error middleware would answer. */
export function statusOf(error: unknown): number {
  if (error instanceof InputError) return 400;
  if (error instanceof NotAllowedError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return 500;
}

/** The idempotency key of an item's order: one order per batch, service and attempt. */
export function itemKey(batchId: string, attempt: number) {
  return `batch:${batchId}:${attempt}`;
}

export type ItemToRun = {
  serviceRef: string;
  attempt: number;
  orderRequest: OrderRequest;
};

/**
 * Gives each item its own order through the single-order path (validation, permission,
 * one active order per service, audit, signals), a few at a time. One item's failure is
 * recorded on the item and never stops the others.
 */
export async function runItems(options: {
  ctx: FleetContext;
  store: BatchStore;
  req: Request;
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  batch: StoredBatch;
  items: ItemToRun[];
}): Promise<void> {
  const { ctx, store, req, credentials, batch } = options;
  await mapLimit(options.items, CONCURRENCY, async item => {
    const body = {
      ...item.orderRequest,
      environment: batch.environment,
      ...(batch.reason && { reason: batch.reason }),
      idempotencyKey: itemKey(batch.id, item.attempt),
    } as OrderRequest;
    try {
      await audited(
        ctx,
        req,
        'order-create',
        { service: item.serviceRef, batchId: batch.id },
        async event => {
          const loaded = await loadServiceByRef(
            ctx,
            credentials,
            item.serviceRef,
          );
          const { order, created } = await placeOrder(
            ctx,
            credentials,
            loaded,
            body,
          );
          await store.recordOrder(
            batch.id,
            item.serviceRef,
            item.attempt,
            order.id,
          );
          await event.success({
            meta: {
              orderId: order.id,
              kind: order.kind,
              environment: order.environment,
              created,
              batchId: batch.id,
            },
          });
          if (created) ctx.onOrderCreated?.();
        },
      );
    } catch (error) {
      const status = statusOf(error);
      await store.recordRefusal(batch.id, item.serviceRef, item.attempt, {
        error:
          status === 500
            ? `the order could not be created: ${(error as Error).message}`
            : (error as Error).message,
        errorStatus: status,
      });
    }
  });
}
