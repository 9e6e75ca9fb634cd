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

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Order, OrderStore } from '../database/OrderStore';
import type { OrderChange, OrderNotifier } from './types';

/** How long an order's end waits for its notifications before the worker moves on. */
const FINISH_NOTIFY_TIMEOUT_MS = 5_000;

type OrderKey = Pick<Order, 'id' | 'serviceRef' | 'environment'>;

/**
 * The order store with a notifier told of every change after it was written: orders
 * created, cancelled and retried through the API, started, progressing per cluster and
 * finished by the worker. The executor and the routes keep writing to an `OrderStore`
 * and stay unaware of signals and notifications, so they are tested without them.
 * A notifier that throws is logged and ignored: it never fails a write or an order.
 */
export function withNotifier(
  store: OrderStore,
  notifier: OrderNotifier,
  logger: LoggerService,
  options: { finishTimeoutMs?: number } = {},
): OrderStore {
  // Which service and environment an order id belongs to, learnt from the orders the
  // store hands out, so a progress update costs no extra read.
  const known = new Map<string, OrderKey>();
  const remember = <T extends Order | undefined>(order: T): T => {
    if (order) known.set(order.id, order);
    return order;
  };
  const keyOf = async (orderId: string) =>
    known.get(orderId) ?? remember(await store.get(orderId));

  const tell = async (
    orderId: string,
    change: Omit<OrderChange, 'orderId' | 'serviceRef' | 'environment'>,
  ) => {
    try {
      const key = await keyOf(orderId);
      if (!key) return;
      notifier.orderChanged?.({
        orderId,
        serviceRef: key.serviceRef,
        environment: key.environment,
        ...change,
      });
    } catch (error) {
      logger.warn(`could not publish the change of order ${orderId}: ${error}`);
    }
  };

  const finished = async (orderId: string) => {
    if (!notifier.orderFinished) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const order = await store.get(orderId);
      if (!order) return;
      const timeoutMs = options.finishTimeoutMs ?? FINISH_NOTIFY_TIMEOUT_MS;
      await Promise.race([
        notifier.orderFinished(order),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      logger.warn(
        `order ${orderId} ended, but telling its owners failed: ${error}`,
      );
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async create(order) {
      const created = await store.create(order);
      remember(created.order);
      if (created.created) await tell(created.order.id, { status: 'pending' });
      return created;
    },
    get: async id => remember(await store.get(id)),
    active: (serviceRef, environment) => store.active(serviceRef, environment),
    activePerEnvironment: (serviceRef, environments) =>
      store.activePerEnvironment(serviceRef, environments),
    list: query => store.list(query),
    events: orderId => store.events(orderId),
    claim: async (worker, leaseMs) =>
      remember(await store.claim(worker, leaseMs)),
    renew: (orderId, worker, leaseMs) => store.renew(orderId, worker, leaseMs),
    async start(orderId, worker) {
      await store.start(orderId, worker);
      await tell(orderId, { status: 'running' });
    },
    async updateTarget(orderId, worker, cluster, update) {
      await store.updateTarget(orderId, worker, cluster, update);
      await tell(orderId, { status: 'running', cluster });
    },
    async finish(orderId, worker, result) {
      await store.finish(orderId, worker, result);
      await tell(orderId, { status: result.status });
      await finished(orderId);
      known.delete(orderId);
    },
    async cancel(orderId, by) {
      const cancelled = await store.cancel(orderId, by);
      if (cancelled) await tell(orderId, { status: 'cancelled' });
      known.delete(orderId);
      return cancelled;
    },
    async retry(orderId, clusters, by) {
      const retried = remember(await store.retry(orderId, clusters, by));
      await tell(orderId, { status: retried.status });
      return retried;
    },
  };
}
