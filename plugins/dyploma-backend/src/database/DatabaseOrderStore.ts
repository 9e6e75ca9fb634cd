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

import { ConflictError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { isUniqueViolation } from './errors';
import {
  CreatedOrder,
  NewOrder,
  Order,
  OrderEvent,
  OrderStatus,
  OrderStore,
  OrderTarget,
} from './OrderStore';
import { toDate } from './dates';
import { rowsOf, sqlOnce } from './raw';

/** The active-orders statement per number of environments. */
const activeSql = new Map<number, string>();

type OrderRow = {
  id: string;
  service_ref: string;
  environment: string;
  kind: Order['kind'];
  params: string;
  author: string;
  reason: string | null;
  idempotency_key: string | null;
  status: OrderStatus;
  active_key: string | null;
  release_revision: number | null;
  error: string | null;
  lease_owner: string | null;
  lease_expires_at: string | number | null;
  attempts: number;
  created_at: Date | string;
  finished_at: Date | string | null;
};

type TargetRow = {
  order_id: string;
  cluster: string;
  status: OrderTarget['status'];
  desired: number | null;
  updated: number | null;
  ready: number | null;
  available: number | null;
  message: string | null;
  attempts: number;
  updated_at: Date | string;
};

const ACTIVE: OrderStatus[] = ['pending', 'running'];
const RETRYABLE: OrderStatus[] = ['partially-failed', 'failed'];
const CLAIM_CANDIDATES = 5;

/** Raised when a service and environment already have an active order. */
export class ActiveOrderConflictError extends ConflictError {
  constructor(readonly activeOrder: Order) {
    super(
      `${activeOrder.serviceRef} already has an active ${activeOrder.kind} order in ${activeOrder.environment} (${activeOrder.id}, ${activeOrder.status}); wait for it to finish or cancel it`,
    );
  }
}

/** Raised when a worker writes to an order whose lease it no longer holds. */
export class LeaseLostError extends Error {
  constructor(orderId: string, worker: string) {
    super(`worker ${worker} no longer holds the lease of order ${orderId}`);
    this.name = 'LeaseLostError';
  }
}

/** The `active_key` of the active order of a service in an environment. */
export const activeKey = (serviceRef: string, environment: string) =>
  `${serviceRef}|${environment}`;

/** Knex implementation of {@link OrderStore}, for SQLite and PostgreSQL. */
export class DatabaseOrderStore implements OrderStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  async create(order: NewOrder): Promise<CreatedOrder> {
    if (order.idempotencyKey) {
      const earlier = await this.byIdempotencyKey(
        order.serviceRef,
        order.idempotencyKey,
      );
      if (earlier) return { order: earlier, created: false };
    }
    const id = randomUUID();
    try {
      await this.db.transaction(async tx => {
        await tx('dyploma_orders').insert({
          id,
          service_ref: order.serviceRef,
          environment: order.environment,
          kind: order.kind,
          params: JSON.stringify(order.params),
          author: order.author,
          reason: order.reason ?? null,
          idempotency_key: order.idempotencyKey ?? null,
          status: 'pending',
          active_key: activeKey(order.serviceRef, order.environment),
        });
        if (order.clusters.length > 0) {
          await tx('dyploma_order_targets').insert(
            order.clusters.map(cluster => ({
              order_id: id,
              cluster,
              status: 'pending',
            })),
          );
        }
        await tx('dyploma_order_events').insert({
          order_id: id,
          status: 'pending',
          message: `${order.kind} ordered by ${order.author}`,
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Lost a race: either the same idempotency key or another active order.
      if (order.idempotencyKey) {
        const earlier = await this.byIdempotencyKey(
          order.serviceRef,
          order.idempotencyKey,
        );
        if (earlier) return { order: earlier, created: false };
      }
      const active = await this.active(order.serviceRef, order.environment);
      if (active) throw new ActiveOrderConflictError(active);
      throw error;
    }
    return { order: (await this.get(id))!, created: true };
  }

  async get(id: string): Promise<Order | undefined> {
    const row = await this.db<OrderRow>('dyploma_orders').where({ id }).first();
    if (!row) return undefined;
    const [order] = await this.withTargets([row]);
    return order;
  }

  async active(serviceRef: string, environment: string) {
    const row = await this.db<OrderRow>('dyploma_orders')
      .where({ active_key: activeKey(serviceRef, environment) })
      .first();
    return row ? (await this.withTargets([row]))[0] : undefined;
  }

  async activePerEnvironment(serviceRef: string, environments: string[]) {
    if (environments.length === 0) return new Map<string, Order>();
    // The unique index on active_key answers this without reading finished orders.
    // Written as text: the status read runs it on every view (see raw.ts).
    const sql = sqlOnce(
      activeSql,
      environments.length,
      () =>
        `select * from dyploma_orders where active_key in (${environments
          .map(() => '?')
          .join(', ')})`,
    );
    const rows = rowsOf<OrderRow>(
      await this.db.raw(
        sql,
        environments.map(environment => activeKey(serviceRef, environment)),
      ),
    );
    const orders = await this.withTargets(rows);
    return new Map(orders.map(order => [order.environment, order]));
  }

  async list(options: {
    serviceRef: string;
    environment?: string;
    limit?: number;
    offset?: number;
  }) {
    const where: Record<string, string> = { service_ref: options.serviceRef };
    if (options.environment) where.environment = options.environment;
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
    const [rows, [{ count }]] = await Promise.all([
      this.db<OrderRow>('dyploma_orders')
        .where(where)
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit)
        .offset(Math.max(options.offset ?? 0, 0)),
      this.db('dyploma_orders').where(where).count({ count: '*' }),
    ]);
    return { items: await this.withTargets(rows), total: Number(count) };
  }

  async events(orderId: string): Promise<OrderEvent[]> {
    const rows = await this.db('dyploma_order_events')
      .where({ order_id: orderId })
      .orderBy('id', 'asc');
    return rows.map(row => ({
      id: String(row.id),
      orderId: row.order_id,
      cluster: row.cluster ?? undefined,
      status: row.status,
      message: row.message ?? undefined,
      createdAt: toDate(row.created_at),
    }));
  }

  async claim(worker: string, leaseMs: number): Promise<Order | undefined> {
    const now = this.now();
    const free = (q: Knex.QueryBuilder) =>
      q
        .whereIn('status', ACTIVE)
        .andWhere(w =>
          w.whereNull('lease_owner').orWhere('lease_expires_at', '<', now),
        );
    const candidates: Array<{ id: string }> = await free(
      this.db('dyploma_orders').select('id'),
    )
      .orderBy('created_at', 'asc')
      .limit(CLAIM_CANDIDATES);
    for (const { id } of candidates) {
      // The WHERE clause is re-checked by the database at update time, so of two workers
      // racing for the same row exactly one sees a count of 1.
      const count = await free(this.db('dyploma_orders').where({ id })).update({
        lease_owner: worker,
        lease_expires_at: now + leaseMs,
        attempts: this.db.raw('attempts + 1'),
      });
      if (count === 1) return this.get(id);
    }
    return undefined;
  }

  async renew(orderId: string, worker: string, leaseMs: number) {
    const count = await this.db('dyploma_orders')
      .where({ id: orderId, lease_owner: worker })
      .whereIn('status', ACTIVE)
      .update({ lease_expires_at: this.now() + leaseMs });
    return count === 1;
  }

  async start(orderId: string, worker: string) {
    await this.db.transaction(async tx => {
      const row = await this.held(tx, orderId, worker);
      await tx('dyploma_orders')
        .where({ id: orderId })
        .update({ status: 'running' });
      await tx('dyploma_order_events').insert({
        order_id: orderId,
        status: 'running',
        message:
          row.status === 'running'
            ? `resumed by ${worker} (attempt ${row.attempts})`
            : `started by ${worker}`,
      });
    });
  }

  async updateTarget(
    orderId: string,
    worker: string,
    cluster: string,
    update: Parameters<OrderStore['updateTarget']>[3],
  ) {
    await this.db.transaction(async tx => {
      await this.held(tx, orderId, worker);
      const current = await tx<TargetRow>('dyploma_order_targets')
        .where({ order_id: orderId, cluster })
        .first();
      if (!current) {
        throw new NotFoundError(`order ${orderId} has no cluster ${cluster}`);
      }
      const { attempt, ...fields } = update;
      const patch: Record<string, unknown> = { updated_at: tx.fn.now() };
      for (const [key, value] of Object.entries(fields)) {
        patch[key] = value ?? null;
      }
      if (attempt) patch.attempts = current.attempts + 1;
      await tx('dyploma_order_targets')
        .where({ order_id: orderId, cluster })
        .update(patch);
      if (update.status && update.status !== current.status) {
        await tx('dyploma_order_events').insert({
          order_id: orderId,
          cluster,
          status: update.status,
          message: update.message ?? null,
        });
      }
    });
  }

  async finish(
    orderId: string,
    worker: string,
    result: Parameters<OrderStore['finish']>[2],
  ) {
    await this.db.transaction(async tx => {
      await this.held(tx, orderId, worker);
      await tx('dyploma_orders')
        .where({ id: orderId })
        .update({
          status: result.status,
          error: result.error ?? null,
          release_revision: result.releaseRevision ?? null,
          active_key: null,
          lease_owner: null,
          lease_expires_at: null,
          finished_at: tx.fn.now(),
        });
      await tx('dyploma_order_events').insert({
        order_id: orderId,
        status: result.status,
        message: result.error ?? null,
      });
    });
  }

  async cancel(orderId: string, by: string) {
    return this.db.transaction(async tx => {
      const count = await tx('dyploma_orders')
        .where({ id: orderId, status: 'pending' })
        .whereNull('lease_owner')
        .update({
          status: 'cancelled',
          active_key: null,
          finished_at: tx.fn.now(),
        });
      if (count === 1) {
        await tx('dyploma_order_events').insert({
          order_id: orderId,
          status: 'cancelled',
          message: `cancelled by ${by}`,
        });
      }
      return count === 1;
    });
  }

  async retry(orderId: string, clusters: string[], by: string) {
    const order = await this.get(orderId);
    if (!order) throw new NotFoundError(`no order ${orderId}`);
    if (!RETRYABLE.includes(order.status)) {
      throw new ConflictError(
        `order ${orderId} is ${order.status}; only failed or partially failed orders can be retried`,
      );
    }
    try {
      await this.db.transaction(async tx => {
        const count = await tx('dyploma_orders')
          .where({ id: orderId })
          .whereIn('status', RETRYABLE)
          .update({
            status: 'pending',
            error: null,
            finished_at: null,
            active_key: activeKey(order.serviceRef, order.environment),
          });
        if (count !== 1) {
          throw new ConflictError(`order ${orderId} changed meanwhile`);
        }
        await tx('dyploma_order_targets')
          .where({ order_id: orderId })
          .whereIn('cluster', clusters)
          .update({
            status: 'pending',
            message: null,
            updated_at: tx.fn.now(),
          });
        await tx('dyploma_order_events').insert({
          order_id: orderId,
          status: 'pending',
          message: `retry of ${clusters.join(', ')} by ${by}`,
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const active = await this.active(order.serviceRef, order.environment);
      if (active) throw new ActiveOrderConflictError(active);
      throw error;
    }
    return (await this.get(orderId))!;
  }

  private async held(tx: Knex.Transaction, orderId: string, worker: string) {
    const row = await tx<OrderRow>('dyploma_orders')
      .where({ id: orderId, lease_owner: worker })
      .whereIn('status', ACTIVE)
      .first();
    if (!row) throw new LeaseLostError(orderId, worker);
    return row;
  }

  private async byIdempotencyKey(serviceRef: string, key: string) {
    const row = await this.db<OrderRow>('dyploma_orders')
      .where({ service_ref: serviceRef, idempotency_key: key })
      .first();
    return row ? (await this.withTargets([row]))[0] : undefined;
  }

  private async withTargets(rows: OrderRow[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const targets = await this.db<TargetRow>('dyploma_order_targets')
      .whereIn(
        'order_id',
        rows.map(r => r.id),
      )
      .orderBy('cluster', 'asc');
    return rows.map(row => ({
      id: row.id,
      serviceRef: row.service_ref,
      environment: row.environment,
      kind: row.kind,
      params: JSON.parse(row.params),
      author: row.author,
      reason: row.reason ?? undefined,
      idempotencyKey: row.idempotency_key ?? undefined,
      status: row.status,
      releaseRevision: row.release_revision ?? undefined,
      error: row.error ?? undefined,
      attempts: Number(row.attempts),
      createdAt: toDate(row.created_at),
      finishedAt: row.finished_at ? toDate(row.finished_at) : undefined,
      targets: targets
        .filter(t => t.order_id === row.id)
        .map(t => ({
          cluster: t.cluster,
          status: t.status,
          desired: t.desired ?? undefined,
          updated: t.updated ?? undefined,
          ready: t.ready ?? undefined,
          available: t.available ?? undefined,
          message: t.message ?? undefined,
          attempts: Number(t.attempts),
          updatedAt: toDate(t.updated_at),
        })),
    }));
  }
}
