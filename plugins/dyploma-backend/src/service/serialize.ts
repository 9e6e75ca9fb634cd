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
  Order as ApiOrder,
  OrderEvent as ApiOrderEvent,
  Release as ApiRelease,
} from '@dyploma/plugin-dyploma-common';
import { Order, OrderEvent } from '../database/OrderStore';
import { Release } from '../database/ReleaseStore';

/*
 * Store records → the JSON of the API (`@dyploma/plugin-dyploma-common` types):
 * dates as ISO strings, absent values left out, nothing internal (leases) shown.
 */

export function toApiOrder(order: Order, events?: OrderEvent[]): ApiOrder {
  return {
    id: order.id,
    service: order.serviceRef,
    environment: order.environment,
    kind: order.kind,
    params: order.params,
    author: order.author,
    ...(order.reason !== undefined && { reason: order.reason }),
    ...(order.idempotencyKey !== undefined && {
      idempotencyKey: order.idempotencyKey,
    }),
    status: order.status,
    ...(order.releaseRevision !== undefined && {
      releaseRevision: order.releaseRevision,
    }),
    ...(order.error !== undefined && { error: order.error }),
    attempts: order.attempts,
    createdAt: order.createdAt.toISOString(),
    ...(order.finishedAt && { finishedAt: order.finishedAt.toISOString() }),
    targets: order.targets.map(t => ({
      cluster: t.cluster,
      status: t.status,
      ...(t.desired !== undefined && { desired: t.desired }),
      ...(t.updated !== undefined && { updated: t.updated }),
      ...(t.ready !== undefined && { ready: t.ready }),
      ...(t.available !== undefined && { available: t.available }),
      ...(t.message !== undefined && { message: t.message }),
      attempts: t.attempts,
      updatedAt: t.updatedAt.toISOString(),
    })),
    ...(events && { events: events.map(toApiOrderEvent) }),
  };
}

export function toApiOrderEvent(event: OrderEvent): ApiOrderEvent {
  return {
    id: event.id,
    ...(event.cluster !== undefined && { cluster: event.cluster }),
    status: event.status,
    ...(event.message !== undefined && { message: event.message }),
    createdAt: event.createdAt.toISOString(),
  };
}

export function toApiRelease(release: Release): ApiRelease {
  return {
    id: release.id,
    service: release.serviceRef,
    environment: release.environment,
    revision: release.revision,
    spec: release.spec,
    author: release.author,
    ...(release.reason !== undefined && { reason: release.reason }),
    ...(release.orderId !== undefined && { orderId: release.orderId }),
    createdAt: release.createdAt.toISOString(),
  };
}
