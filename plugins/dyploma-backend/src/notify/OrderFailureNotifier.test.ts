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
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { Order, OrderTarget } from '../database/OrderStore';
import { OrderFailureNotifier } from './OrderFailureNotifier';

// A recording NotificationService stands in for the real one: the real one posts to the
// notifications backend, which is not a dependency of this plugin. What is checked is
// what Dyploma asks it to send, and to whom.
function recordingNotifications(fail = false) {
  const sent: NotificationSendOptions[] = [];
  return {
    sent,
    service: {
      send: async (options: NotificationSendOptions) => {
        if (fail) throw new Error('notifications backend answered 503');
        sent.push(options);
      },
    },
  };
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orphan', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production' },
  },
];

const target = (
  cluster: string,
  status: OrderTarget['status'],
  message?: string,
): OrderTarget => ({
  cluster,
  status,
  message,
  attempts: 1,
  updatedAt: new Date(),
});

function order(over: Partial<Order>): Order {
  return {
    id: '6b1f1c9e-0000-4000-8000-000000000001',
    serviceRef: 'component:default/payments',
    environment: 'production',
    kind: 'deploy',
    params: { version: '1.4.2' },
    author: 'user:default/alice',
    reason: 'refund fix',
    status: 'succeeded',
    attempts: 1,
    createdAt: new Date(),
    targets: [],
    ...over,
  };
}

function setup(fail = false) {
  const notifications = recordingNotifications(fail);
  const logger = mockServices.logger.mock();
  const notifier = new OrderFailureNotifier({
    notifications: notifications.service,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger,
  });
  return { notifier, sent: notifications.sent, logger };
}

describe('OrderFailureNotifier', () => {
  it('tells the owning group of a partially failed deploy, with the reason per cluster and a link to the Deploy tab', async () => {
    const { notifier, sent } = setup();
    await notifier.orderFinished(
      order({
        status: 'partially-failed',
        error: 'dc2: connect ECONNREFUSED',
        targets: [
          target('dc1', 'succeeded'),
          target('dc2', 'failed', 'connect ECONNREFUSED 127.0.0.1:6444'),
          target('dc3', 'succeeded'),
        ],
      }),
    );
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: 'group:default/team-payments',
        },
        payload: {
          title: 'Deploy of payments 1.4.2 in production partially failed',
          description:
            'dc2: connect ECONNREFUSED 127.0.0.1:6444\nOrdered by user:default/alice: refund fix.',
          link: '/catalog/default/component/payments/deploy',
          severity: 'high',
          topic: 'Dyploma orders',
          scope: 'dyploma:order:6b1f1c9e-0000-4000-8000-000000000001',
        },
      },
    ]);
  });

  it('says where an automatically rolled back order is back on the previous release', async () => {
    const { notifier, sent } = setup();
    await notifier.orderFinished(
      order({
        kind: 'scale',
        params: { replicas: 9 },
        status: 'rolled-back',
        error: 'automatic rollback to release 4: dc1: CrashLoopBackOff',
        targets: [target('dc1', 'rolled-back'), target('dc2', 'rolled-back')],
      }),
    );
    expect(sent[0].payload).toMatchObject({
      title: 'Scale of payments to 9 in production was rolled back',
      description:
        'automatic rollback to release 4: dc1: CrashLoopBackOff\nBack on the previous release in dc1, dc2.\nOrdered by user:default/alice: refund fix.',
      severity: 'normal',
    });
  });

  it('sends nothing for orders that succeeded or were cancelled', async () => {
    const { notifier, sent } = setup();
    await notifier.orderFinished(order({ status: 'succeeded' }));
    await notifier.orderFinished(order({ status: 'cancelled' }));
    expect(sent).toEqual([]);
  });

  it('logs a warning, and never throws, when the notification cannot be sent or has nobody to go to', async () => {
    const failing = setup(true);
    await expect(
      failing.notifier.orderFinished(order({ status: 'failed', error: 'x' })),
    ).resolves.toBeUndefined();
    expect(failing.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'notifying the owners of component:default/payments failed: Error: notifications backend answered 503',
      ),
    );

    const orphan = setup();
    await orphan.notifier.orderFinished(
      order({ serviceRef: 'component:default/orphan', status: 'failed' }),
    );
    expect(orphan.sent).toEqual([]);
    expect(orphan.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'component:default/orphan has no owner to notify',
      ),
    );
  });
});
