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

import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { Order } from '../database/OrderStore';
import type { OrderNotifier } from './types';

type Payload = NotificationSendOptions['payload'];

const ENDINGS: Partial<
  Record<Order['status'], { said: string; severity: Payload['severity'] }>
> = {
  failed: { said: 'failed', severity: 'high' },
  'partially-failed': { said: 'partially failed', severity: 'high' },
  // The previous release is back: production is safe, the change is not in.
  'rolled-back': { said: 'was rolled back', severity: 'normal' },
};

function whatWasOrdered(order: Order, name: string): string {
  const params = order.params as { version?: unknown; replicas?: unknown };
  const kind = order.kind.charAt(0).toUpperCase() + order.kind.slice(1);
  if (order.kind === 'deploy' && typeof params.version === 'string') {
    return `${kind} of ${name} ${params.version}`;
  }
  if (order.kind === 'scale' && typeof params.replicas === 'number') {
    return `${kind} of ${name} to ${params.replicas}`;
  }
  return `${kind} of ${name}`;
}

/**
 * The notification of an order that ended badly, or undefined for one that did not:
 * what was ordered, where, and why it ended so, cluster by cluster, with a link to the
 * service's Deploy tab. The scope is the order, so a retry that fails again updates the
 * same notification instead of adding one.
 */
export function failureNotification(order: Order): Payload | undefined {
  const ending = ENDINGS[order.status];
  if (!ending) return undefined;
  const { namespace, name } = parseEntityRef(order.serviceRef);
  const clusters = order.targets
    .filter(t => t.status === 'failed' || t.status === 'skipped')
    .map(t => `${t.cluster}: ${t.message ?? t.status}`);
  const rolledBack = order.targets
    .filter(t => t.status === 'rolled-back')
    .map(t => t.cluster);
  const lines = [
    ...(clusters.length ? clusters : [order.error ?? 'no reason recorded']),
    ...(rolledBack.length
      ? [`Back on the previous release in ${rolledBack.join(', ')}.`]
      : []),
    `Ordered by ${order.author}${order.reason ? `: ${order.reason}` : ''}.`,
  ];
  return {
    title: `${whatWasOrdered(order, name)} in ${order.environment} ${
      ending.said
    }`,
    description: lines.join('\n'),
    link: `/catalog/${namespace}/component/${name}/deploy`,
    severity: ending.severity,
    topic: 'Dyploma orders',
    scope: `dyploma:order:${order.id}`,
  };
}

/** The group (or user) that owns the service, as the catalog relates it. */
export function ownerOf(entity: Entity): string | undefined {
  const related = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (related) return related.targetRef;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

/**
 * Sends a Backstage notification to the service's owners when one of its orders ends
 * failed, partially failed or rolled back. Failing to notify is logged as a warning;
 * the order's result stands.
 */
export class OrderFailureNotifier implements OrderNotifier {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async orderFinished(order: Order) {
    const payload = failureNotification(order);
    if (!payload) return;
    const { notifications, catalog, auth, logger } = this.deps;
    try {
      const entity = await catalog.getEntityByRef(order.serviceRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const owner = entity && ownerOf(entity);
      if (!owner) {
        logger.warn(
          `order ${order.id} ${order.status}, but ${order.serviceRef} has no owner to notify`,
        );
        return;
      }
      await notifications.send({
        recipients: { type: 'entity', entityRef: owner },
        payload,
      });
    } catch (error) {
      logger.warn(
        `order ${order.id} ${order.status}; notifying the owners of ${order.serviceRef} failed: ${error}`,
      );
    }
  }
}
