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
import {
  allowedEach,
  audited,
  LoadedService,
  loadServiceByRef,
  loadServicesByRefs,
} from '../service/access';
import { KIND_PERMISSIONS, placeOrder } from '../service/orders';
import type { BatchStore, ItemOutcome, StoredBatch } from './BatchStore';
import type { FleetContext } from './FleetIndex';
import { mapLimit } from './planBatch';
import { Timings } from './timings';

// Orders are created this many at a time: each is a few queries and a transaction; more in
// parallel only queues on the database.
const CONCURRENCY = 8;
// What the items got is written this many at a time, in one transaction: one commit instead
// of one per item (on SQLite a commit waits for the disk, and the whole backend with it).
// An order made but not recorded yet when the backend stops is found by its key on resume.
const RECORD_GROUP = 50;

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

/**
 * An item's service as the catalog showed it to the caller, and whether the policy lets
 * them give its order (unknown: the order path asks).
 */
export type CheckedService = { loaded: LoadedService; allowed?: boolean };

export type ItemToRun = {
  serviceRef: string;
  attempt: number;
  orderRequest: OrderRequest;
  /** Looked up and decided already in this request (the batch's plan), with the caller's credentials. */
  checked?: CheckedService;
};

/**
 * The items' services and the policy's decisions on their orders, asked once for all of
 * them with the caller's credentials: one catalog request and one policy request instead
 * of one each per item, with the answers the order path gets for each alone (a service
 * the catalog does not show the caller is that item's 404). Should the catalog or the
 * policy not answer the batch's request, each item asks alone, as a single order does.
 */
async function checkAll(
  ctx: FleetContext,
  credentials: BackstageCredentials,
  items: ItemToRun[],
): Promise<Map<ItemToRun, CheckedService | Error>> {
  const out = new Map<ItemToRun, CheckedService | Error>();
  const todo = items.filter(item => !item.checked);
  if (todo.length === 0) return out;
  let found: Array<LoadedService | Error>;
  try {
    found = await loadServicesByRefs(
      ctx,
      credentials,
      todo.map(item => item.serviceRef),
    );
  } catch (error) {
    ctx.logger.warn(
      `the catalog did not answer a batch's lookup of ${todo.length} services; each item looks up its own: ${error}`,
    );
    return out;
  }
  const loaded: Array<{ item: ItemToRun; service: LoadedService }> = [];
  todo.forEach((item, i) => {
    const service = found[i];
    if (service instanceof Error) out.set(item, service);
    else loaded.push({ item, service });
  });
  let allowed: boolean[] | undefined;
  try {
    allowed = await allowedEach(
      ctx,
      credentials,
      loaded.map(({ item, service }) => ({
        permission: KIND_PERMISSIONS[item.orderRequest.kind],
        resourceRef: service.ref,
      })),
    );
  } catch (error) {
    ctx.logger.warn(
      `the permission service did not answer a batch's ${loaded.length} decisions; each item asks alone: ${error}`,
    );
  }
  loaded.forEach(({ item, service }, i) =>
    out.set(item, {
      loaded: service,
      ...(allowed && { allowed: allowed[i] }),
    }),
  );
  return out;
}

/**
 * Gives each item its own order through the single-order path (validation, permission,
 * one active order per service, audit, signals), a few at a time. The services and the
 * permission decisions come from one catalog request and one policy request for all items
 * (or the batch's plan); one item's failure is recorded on the item and never stops the
 * others.
 */
export async function runItems(options: {
  ctx: FleetContext;
  store: BatchStore;
  req: Request;
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  batch: StoredBatch;
  items: ItemToRun[];
  timings?: Timings;
}): Promise<void> {
  const { ctx, store, req, credentials, batch, items } = options;
  const timings = options.timings ?? new Timings();
  const checked = await timings.step('lookup', () =>
    checkAll(ctx, credentials, items),
  );
  let outcomes: ItemOutcome[] = [];
  let written = Promise.resolve();
  const write = () => {
    const group = outcomes;
    outcomes = [];
    written = written.then(() =>
      timings.step('record', () => store.recordMany(batch.id, group)),
    );
    return written;
  };
  const record = async (outcome: ItemOutcome) => {
    outcomes.push(outcome);
    if (outcomes.length >= RECORD_GROUP) await write();
  };
  await mapLimit(items, CONCURRENCY, item =>
    timings.step('item', () => runItem(item)),
  );
  await write();

  async function runItem(item: ItemToRun) {
    const body = {
      ...item.orderRequest,
      environment: batch.environment,
      ...(batch.reason && { reason: batch.reason }),
      idempotencyKey: itemKey(batch.id, item.attempt),
    } as OrderRequest;
    const check = item.checked ?? checked.get(item);
    if (item.checked) ctx.catalogServices.remember(item.checked.loaded.entity);
    let orderId: string;
    try {
      orderId = await audited(
        ctx,
        req,
        'order-create',
        { service: item.serviceRef, batchId: batch.id },
        async event => {
          if (check instanceof Error) throw check;
          const loaded =
            check?.loaded ??
            (await loadServiceByRef(ctx, credentials, item.serviceRef));
          const { order, created } = await timings.step('order', () =>
            placeOrder(
              ctx,
              credentials,
              loaded,
              body,
              check?.allowed === undefined
                ? undefined
                : { allowed: check.allowed },
            ),
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
          return order.id;
        },
      );
    } catch (error) {
      const status = statusOf(error);
      await record({
        serviceRef: item.serviceRef,
        attempt: item.attempt,
        refusal: {
          error:
            status === 500
              ? `the order could not be created: ${(error as Error).message}`
              : (error as Error).message,
          errorStatus: status,
        },
      });
      return;
    }
    await record({
      serviceRef: item.serviceRef,
      attempt: item.attempt,
      orderId,
    });
  }
}
