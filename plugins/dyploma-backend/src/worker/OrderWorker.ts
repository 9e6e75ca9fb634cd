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
import type { OrderStore } from '../database/OrderStore';
import { LeaseLostError } from '../database/DatabaseOrderStore';
import type { OrderExecutor } from './OrderExecutor';

export type OrderWorkerOptions = {
  /** Unique per backend replica, e.g. hostname and pid. */
  id: string;
  orders: OrderStore;
  executor: OrderExecutor;
  logger: LoggerService;
  /** How long a claim lasts without renewal; a dead replica's orders resume after it. */
  leaseMs?: number;
  /** How often to look for new orders when idle. */
  pollMs?: number;
  /** Orders run at once by this replica. */
  concurrency?: number;
};

/**
 * Takes orders from the database and runs them. Several backend replicas can run a worker
 * each on one PostgreSQL database: a claim is a conditional UPDATE that only one of them
 * wins, and the lease is renewed while the order runs. A replica that dies stops renewing;
 * when its lease runs out another replica claims the order and resumes it.
 */
export class OrderWorker {
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  private wake?: () => void;
  /** Set by nudge(); a nudge while the loop is busy claiming must not be lost. */
  private nudged = false;
  private loop?: Promise<void>;

  constructor(private readonly options: OrderWorkerOptions) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.concurrency = options.concurrency ?? 8;
  }

  start() {
    this.loop ??= this.run();
  }

  /** Looks for work now instead of at the next poll (called when an order was created). */
  nudge() {
    this.nudged = true;
    this.wake?.();
  }

  async stop() {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await Promise.allSettled(this.running.values());
  }

  private async run() {
    while (!this.stopped) {
      this.nudged = false;
      if (this.running.size < this.concurrency) {
        let claimed;
        try {
          claimed = await this.options.orders.claim(
            this.options.id,
            this.leaseMs,
          );
        } catch (error) {
          this.options.logger.warn(`could not claim orders: ${error}`);
        }
        if (claimed) {
          const id = claimed.id;
          this.running.set(
            id,
            this.runOrder(claimed).finally(() => {
              this.running.delete(id);
              this.nudge();
            }),
          );
          continue;
        }
      }
      // An order created (or finished) while the claim above ran: look again at once
      // instead of a poll interval later.
      if (this.nudged) continue;
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async runOrder(order: Parameters<OrderExecutor['execute']>[0]) {
    const { id: worker, orders, executor, logger } = this.options;
    const abort = new AbortController();
    const renew = setInterval(async () => {
      try {
        if (!(await orders.renew(order.id, worker, this.leaseMs)))
          abort.abort();
      } catch {
        // The database is briefly unreachable: keep going, the next renewal may work.
      }
    }, this.leaseMs / 3);
    try {
      await executor.execute(order, worker, abort.signal);
    } catch (error) {
      if (error instanceof LeaseLostError) {
        logger.info(`order ${order.id} was taken over by another worker`);
      } else {
        logger.error(`order ${order.id} failed unexpectedly: ${error}`);
        await orders
          .finish(order.id, worker, {
            status: 'failed',
            error: `internal error: ${error}`,
          })
          .catch(() => {});
      }
    } finally {
      clearInterval(renew);
    }
  }
}
