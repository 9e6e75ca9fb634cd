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
import type { SignalPayload } from '@backstage/plugin-signals-node';
import { OrderSignals } from './OrderSignals';
import type { OrderChange } from './types';

// A recording SignalsService stands in for the real one: delivering a signal needs the
// signals backend, its event bus and a browser's WebSocket, none of which this tests.
function recordingSignals(fail = false) {
  const published: SignalPayload[] = [];
  return {
    published,
    service: {
      publish: async (signal: SignalPayload) => {
        if (fail) throw new Error('event bus unreachable');
        published.push(signal as SignalPayload);
      },
    },
  };
}

const change = (over: Partial<OrderChange> = {}): OrderChange => ({
  orderId: 'o-1',
  serviceRef: 'component:Default/Payments',
  environment: 'production',
  status: 'running',
  ...over,
});

describe('OrderSignals', () => {
  afterEach(() => jest.useRealTimers());

  it('publishes a small payload on the service’s channel for every browser subscribed to it', async () => {
    const signals = recordingSignals();
    const publisher = new OrderSignals({
      signals: signals.service,
      logger: mockServices.logger.mock(),
    });
    publisher.orderChanged(change({ status: 'pending' }));
    await Promise.resolve();
    expect(signals.published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'dyploma:service:default/payments',
        message: {
          orderId: 'o-1',
          environment: 'production',
          status: 'pending',
        },
      },
    ]);
  });

  it('folds a burst of progress into one trailing signal and sends an order’s end at once', async () => {
    jest.useFakeTimers();
    let now = 1_000;
    const signals = recordingSignals();
    const publisher = new OrderSignals({
      signals: signals.service,
      logger: mockServices.logger.mock(),
      intervalMs: 250,
      now: () => now,
    });
    publisher.orderChanged(change({ cluster: 'dc1' }));
    for (const cluster of ['dc2', 'dc3', 'dc1', 'dc2']) {
      now += 20;
      publisher.orderChanged(change({ cluster }));
    }
    // The first change went at once; the other four wait for the end of the window.
    expect(signals.published.map(s => s.message.cluster)).toEqual(['dc1']);
    now += 250;
    jest.advanceTimersByTime(250);
    expect(signals.published.map(s => s.message.cluster)).toEqual([
      'dc1',
      'dc2',
    ]);

    // An order's end does not wait, and drops the progress still waiting.
    now += 10;
    publisher.orderChanged(change({ cluster: 'dc3' }));
    publisher.orderChanged(change({ status: 'succeeded' }));
    jest.advanceTimersByTime(1_000);
    expect(signals.published.map(s => s.message.status)).toEqual([
      'running',
      'running',
      'succeeded',
    ]);
  });

  it('logs a failed publication as a warning and carries on', async () => {
    const signals = recordingSignals(true);
    const logger = mockServices.logger.mock();
    const publisher = new OrderSignals({ signals: signals.service, logger });
    expect(() => publisher.orderChanged(change())).not.toThrow();
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'could not publish signal dyploma:service:default/payments for order o-1: Error: event bus unreachable',
      ),
    );
  });
});
