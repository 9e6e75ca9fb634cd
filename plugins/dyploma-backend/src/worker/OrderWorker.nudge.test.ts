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

import { mockServices } from '@backstage/backend-test-utils';
import type { Order, OrderStore } from '../database/OrderStore';
import type { OrderExecutor } from './OrderExecutor';
import { OrderWorker } from './OrderWorker';

/*
 * nudge() is how a created order reaches the worker at once instead of a poll interval
 * later (bench/deploy's one-click latency). A nudge that arrives while the worker is in
 * the middle of a claim that finds nothing must not be lost.
 */
describe('OrderWorker.nudge', () => {
  it('claims an order created during an empty claim right away, not a poll later', async () => {
    const order = { id: 'o1', targets: [] } as unknown as Order;
    const claims: number[] = [];
    let queued: Order | undefined;
    let worker: OrderWorker | undefined = undefined;
    const orders = {
      claim: async () => {
        claims.push(Date.now());
        const found = queued;
        queued = undefined;
        if (claims.length === 2) {
          // The order is stored (and the worker nudged) while this claim is on its way
          // back with nothing.
          queued = order;
          worker!.nudge();
        }
        await new Promise(r => setTimeout(r, 20));
        return found;
      },
      renew: async () => true,
    } as unknown as OrderStore;
    const executed: string[] = [];
    const executor = {
      execute: async (o: Order) => {
        executed.push(o.id);
      },
    } as unknown as OrderExecutor;
    worker = new OrderWorker({
      id: 'w',
      orders,
      executor,
      logger: mockServices.logger.mock(),
      pollMs: 10_000,
    });
    worker.start();
    await new Promise(r => setTimeout(r, 50));
    worker.nudge(); // claim 2 starts now
    const started = Date.now();
    while (executed.length === 0 && Date.now() - started < 2_000) {
      await new Promise(r => setTimeout(r, 5));
    }
    await worker.stop();
    expect(executed).toEqual(['o1']);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
