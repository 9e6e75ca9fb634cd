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

import type { Order, OrderStatus } from '../database/OrderStore';

/** An order was created or changed: its status, or one cluster's step or progress. */
export type OrderChange = {
  orderId: string;
  serviceRef: string;
  environment: string;
  /** The order's status after the change. */
  status: OrderStatus;
  /** The cluster whose step or progress changed, if it was one cluster's. */
  cluster?: string;
};

/**
 * Told about every change of an order after it was stored, by the order store the API
 * and the worker write through (see `withNotifier`): signals to the browser, Backstage
 * notifications to the owners. A notifier never fails an order; errors are logged.
 */
export interface OrderNotifier {
  orderChanged?(change: OrderChange): void;
  /** The order ended; it is read back from the store with each cluster's result. */
  orderFinished?(order: Order): Promise<void>;
}

/** Tells several notifiers, each in turn. */
export function allNotifiers(...notifiers: OrderNotifier[]): OrderNotifier {
  return {
    orderChanged: change => {
      for (const n of notifiers) n.orderChanged?.(change);
    },
    orderFinished: async order => {
      await Promise.all(notifiers.map(n => n.orderFinished?.(order)));
    },
  };
}
