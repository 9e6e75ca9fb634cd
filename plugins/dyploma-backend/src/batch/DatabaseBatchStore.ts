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

import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { toDate } from '../database/dates';
import { isUniqueViolation } from '../database/errors';
import {
  BatchStore,
  ItemOutcome,
  ItemState,
  NewBatch,
  NewBatchItem,
  StoredBatch,
  StoredBatchItem,
} from './BatchStore';

type BatchRow = {
  id: string;
  environment: string;
  action: string;
  selection: string;
  on_forbidden: string;
  reason: string | null;
  author: string;
  idempotency_key: string | null;
  created_at: Date | string;
  resumed_at: Date | string | null;
};

type ItemRow = {
  batch_id: string;
  service_ref: string;
  position: number;
  state: string;
  order_request: string | null;
  order_kind: string;
  changes: string;
  attempt: number;
  order_id: string | null;
  error: string | null;
  error_status: number | null;
  updated_at: Date | string;
  order_status?: string | null;
  order_finished_at?: Date | string | null;
};

// Inserts in chunks: SQLite allows 999 bound variables per statement, 12 per item row.
const INSERT_CHUNK = 60;
// Same limit for `IN (...)` lists.
const IN_CHUNK = 500;

function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) {
    out.push(values.slice(i, i + size));
  }
  return out;
}

function toBatch(row: BatchRow): StoredBatch {
  return {
    id: row.id,
    environment: row.environment,
    action: JSON.parse(row.action),
    select: JSON.parse(row.selection),
    onForbidden: row.on_forbidden as StoredBatch['onForbidden'],
    ...(row.reason !== null && { reason: row.reason }),
    author: row.author,
    ...(row.idempotency_key !== null && {
      idempotencyKey: row.idempotency_key,
    }),
    createdAt: toDate(row.created_at),
    ...(row.resumed_at && { resumedAt: toDate(row.resumed_at) }),
  };
}

function toItem(row: ItemRow): StoredBatchItem {
  return {
    batchId: row.batch_id,
    serviceRef: row.service_ref,
    position: row.position,
    state: row.state as ItemState,
    ...(row.order_request !== null && {
      orderRequest: JSON.parse(row.order_request),
    }),
    orderKind: row.order_kind as StoredBatchItem['orderKind'],
    changes: JSON.parse(row.changes),
    attempt: row.attempt,
    ...(row.order_id !== null && { orderId: row.order_id }),
    ...(row.error !== null && { error: row.error }),
    ...(row.error_status !== null && { errorStatus: row.error_status }),
    ...(row.order_status && {
      orderStatus: row.order_status as StoredBatchItem['orderStatus'],
    }),
    ...(row.order_finished_at && {
      orderFinishedAt: toDate(row.order_finished_at),
    }),
    updatedAt: toDate(row.updated_at),
  };
}

/** Knex implementation of {@link BatchStore}, for SQLite and PostgreSQL. */
export class DatabaseBatchStore implements BatchStore {
  constructor(private readonly db: Knex) {}

  async create(batch: NewBatch, items: NewBatchItem[]) {
    if (batch.idempotencyKey) {
      const earlier = await this.byKey(batch.author, batch.idempotencyKey);
      if (earlier) return { batch: earlier, created: false };
    }
    const id = randomUUID();
    try {
      await this.db.transaction(async tx => {
        await tx('dyploma_batches').insert({
          id,
          environment: batch.environment,
          action: JSON.stringify(batch.action),
          selection: JSON.stringify(batch.select),
          on_forbidden: batch.onForbidden,
          reason: batch.reason ?? null,
          author: batch.author,
          idempotency_key: batch.idempotencyKey ?? null,
        });
        const rows = items.map((item, position) => ({
          batch_id: id,
          service_ref: item.serviceRef,
          position,
          state: item.state,
          order_request: item.orderRequest
            ? JSON.stringify(item.orderRequest)
            : null,
          order_kind: item.orderKind,
          changes: JSON.stringify(item.changes),
          attempt: 1,
          error: item.error ?? null,
          error_status: item.errorStatus ?? null,
        }));
        for (const chunk of chunks(rows, INSERT_CHUNK)) {
          await tx('dyploma_batch_items').insert(chunk);
        }
      });
    } catch (error) {
      // The same key from the same author, at the same time: the other request won.
      if (batch.idempotencyKey && isUniqueViolation(error)) {
        const earlier = await this.byKey(batch.author, batch.idempotencyKey);
        if (earlier) return { batch: earlier, created: false };
      }
      throw error;
    }
    return { batch: (await this.get(id))!, created: true };
  }

  async byKey(author: string, key: string) {
    const row = await this.db<BatchRow>('dyploma_batches')
      .where({ author, idempotency_key: key })
      .first();
    return row ? toBatch(row) : undefined;
  }

  async get(id: string) {
    const row = await this.db<BatchRow>('dyploma_batches')
      .where({ id })
      .first();
    return row ? toBatch(row) : undefined;
  }

  private itemQuery() {
    return this.db('dyploma_batch_items as i')
      .leftJoin('dyploma_orders as o', 'o.id', 'i.order_id')
      .select(
        'i.*',
        'o.status as order_status',
        'o.finished_at as order_finished_at',
      );
  }

  async items(batchId: string, options: { targets?: boolean } = {}) {
    const rows: ItemRow[] = await this.itemQuery()
      .where('i.batch_id', batchId)
      .orderBy('i.position', 'asc');
    const items = rows.map(toItem);
    if (!options.targets) return items;
    const orderIds = items.flatMap(i => (i.orderId ? [i.orderId] : []));
    const byOrder = new Map<string, NonNullable<StoredBatchItem['targets']>>();
    for (const chunk of chunks(orderIds, IN_CHUNK)) {
      const targets = await this.db('dyploma_order_targets')
        .whereIn('order_id', chunk)
        .orderBy([
          { column: 'order_id', order: 'asc' },
          { column: 'cluster', order: 'asc' },
        ]);
      for (const t of targets) {
        const list = byOrder.get(t.order_id) ?? [];
        list.push({
          cluster: t.cluster,
          status: t.status,
          ...(t.desired !== null && { desired: t.desired }),
          ...(t.updated !== null && { updated: t.updated }),
          ...(t.ready !== null && { ready: t.ready }),
          ...(t.available !== null && { available: t.available }),
          ...(t.message !== null && { message: t.message }),
          attempts: t.attempts,
          updatedAt: toDate(t.updated_at),
        });
        byOrder.set(t.order_id, list);
      }
    }
    return items.map(item =>
      item.orderId
        ? { ...item, targets: byOrder.get(item.orderId) ?? [] }
        : item,
    );
  }

  async itemsOf(batchIds: string[]) {
    const out: StoredBatchItem[] = [];
    for (const chunk of chunks(batchIds, IN_CHUNK)) {
      const rows: ItemRow[] = await this.itemQuery()
        .whereIn('i.batch_id', chunk)
        .orderBy([
          { column: 'i.batch_id', order: 'asc' },
          { column: 'i.position', order: 'asc' },
        ]);
      out.push(...rows.map(toItem));
    }
    return out;
  }

  async list(options: { limit: number; offset: number; author?: string }) {
    const where = options.author ? { author: options.author } : {};
    const [rows, [{ count }]] = await Promise.all([
      this.db<BatchRow>('dyploma_batches')
        .where(where)
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit)
        .offset(options.offset),
      this.db('dyploma_batches').where(where).count({ count: '*' }),
    ]);
    return { items: rows.map(toBatch), total: Number(count) };
  }

  async recordOrder(
    batchId: string,
    serviceRef: string,
    attempt: number,
    orderId: string,
  ) {
    return this.record(this.db, batchId, { serviceRef, attempt, orderId });
  }

  async recordRefusal(
    batchId: string,
    serviceRef: string,
    attempt: number,
    refusal: { error: string; errorStatus: number },
  ) {
    return this.record(this.db, batchId, { serviceRef, attempt, refusal });
  }

  async recordMany(batchId: string, outcomes: ItemOutcome[]) {
    if (outcomes.length === 0) return;
    await this.db.transaction(async tx => {
      for (const outcome of outcomes) await this.record(tx, batchId, outcome);
    });
  }

  private async record(db: Knex, batchId: string, outcome: ItemOutcome) {
    const { serviceRef, attempt } = outcome;
    const updated = await db('dyploma_batch_items')
      .where({ batch_id: batchId, service_ref: serviceRef, attempt })
      .update(
        'orderId' in outcome
          ? {
              state: 'ordered',
              order_id: outcome.orderId,
              error: null,
              error_status: null,
              updated_at: db.fn.now(),
            }
          : {
              state: 'refused',
              error: outcome.refusal.error,
              error_status: outcome.refusal.errorStatus,
              updated_at: db.fn.now(),
            },
      );
    return updated > 0;
  }

  async reopen(
    batchId: string,
    items: Array<{ serviceRef: string; attempt: number }>,
  ) {
    const moved: Array<{ serviceRef: string; attempt: number }> = [];
    await this.db.transaction(async tx => {
      for (const item of items) {
        const updated = await tx('dyploma_batch_items')
          .where({
            batch_id: batchId,
            service_ref: item.serviceRef,
            attempt: item.attempt,
          })
          .update({
            state: 'pending',
            attempt: item.attempt + 1,
            order_id: null,
            error: null,
            error_status: null,
            updated_at: tx.fn.now(),
          });
        if (updated > 0) {
          moved.push({
            serviceRef: item.serviceRef,
            attempt: item.attempt + 1,
          });
        }
      }
      await tx('dyploma_batches')
        .where({ id: batchId })
        .update({ resumed_at: tx.fn.now() });
    });
    return moved;
  }
}
