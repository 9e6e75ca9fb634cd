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

import { renderInTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import type { JsonObject } from '@backstage/types';
import type { ServiceSignal } from '@dyploma/plugin-dyploma-common';
import { act, screen, waitFor } from '@testing-library/react';
import { dyplomaApiRef } from '../api';
import { environment, mockDyplomaApi, order, status } from '../__testUtils__';
import { useOrder } from './useOrder';
import { useServiceStatus } from './useServiceStatus';

/**
 * A SignalApi the test pushes messages through. The real one needs the signals backend
 * and a WebSocket, which jsdom has neither of; what is tested is what the hooks do when
 * a message arrives on their channel.
 */
function fakeSignals() {
  const subscribers = new Map<string, Set<(m: JsonObject) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as (m: JsonObject) => void);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  const push = (channel: string, message: ServiceSignal) =>
    act(() => {
      for (const s of subscribers.get(channel) ?? []) s(message);
    });
  return { api, push, channels: () => [...subscribers.keys()] };
}

const CHANNEL = 'dyploma:service:default/payments';

function StatusProbe() {
  const { value } = useServiceStatus({
    namespace: 'default',
    name: 'payments',
  });
  const active = value?.environments.find(
    e => e.name === 'production',
  )?.activeOrder;
  return <p>production: {active ? active.status : 'idle'}</p>;
}

function OrderProbe(props: { initial: ReturnType<typeof order> }) {
  const { order: current } = useOrder(props.initial, { intervalMs: 60_000 });
  return (
    <p>
      order: {current.status}{' '}
      {current.targets.map(t => `${t.cluster}=${t.status}`).join(' ')}
    </p>
  );
}

describe('signals', () => {
  it('refetch the service status at once when an order of the service changes', async () => {
    const signals = fakeSignals();
    const running = order({ status: 'running' });
    const api = mockDyplomaApi();
    api.getServiceStatus.mockResolvedValueOnce(status()).mockResolvedValue(
      status({
        environments: [environment({ activeOrder: running })],
      }),
    );
    await renderInTestApp(<StatusProbe />, {
      apis: [
        [dyplomaApiRef, api],
        [signalApiRef, signals.api],
      ],
    });
    expect(await screen.findByText('production: idle')).toBeInTheDocument();
    expect(signals.channels()).toEqual([CHANNEL]);

    signals.push(CHANNEL, {
      orderId: running.id,
      environment: 'production',
      status: 'pending',
    });
    expect(await screen.findByText('production: running')).toBeInTheDocument();
    expect(api.getServiceStatus).toHaveBeenCalledTimes(2);
  });

  it('do not lose a signal that arrives while the status is loading', async () => {
    const signals = fakeSignals();
    let finish!: () => void;
    const api = mockDyplomaApi();
    api.getServiceStatus
      .mockImplementationOnce(
        () =>
          new Promise(resolve => {
            finish = () => resolve(status());
          }),
      )
      .mockResolvedValue(
        status({
          environments: [
            environment({ activeOrder: order({ status: 'pending' }) }),
          ],
        }),
      );
    await renderInTestApp(<StatusProbe />, {
      apis: [
        [dyplomaApiRef, api],
        [signalApiRef, signals.api],
      ],
    });
    signals.push(CHANNEL, {
      orderId: 'o',
      environment: 'production',
      status: 'pending',
    });
    await act(async () => finish());
    expect(await screen.findByText('production: pending')).toBeInTheDocument();
  });

  it('refetch a followed order on its own signals only, and follow it again after a retry', async () => {
    const signals = fakeSignals();
    const running = order({ status: 'running' });
    const api = mockDyplomaApi();
    api.getOrder.mockResolvedValue(running);
    await renderInTestApp(<OrderProbe initial={running} />, {
      apis: [
        [dyplomaApiRef, api],
        [signalApiRef, signals.api],
      ],
    });
    await waitFor(() => expect(api.getOrder).toHaveBeenCalledTimes(1));

    // Another order of the same service: nothing to read.
    signals.push(CHANNEL, {
      orderId: 'another',
      environment: 'staging',
      status: 'running',
    });
    expect(api.getOrder).toHaveBeenCalledTimes(1);

    // This order's progress: read at once, long before the 60 s poll.
    api.getOrder.mockResolvedValue(
      order({
        status: 'partially-failed',
        targets: [
          { ...running.targets[0], status: 'succeeded' },
          { ...running.targets[1], status: 'failed' },
        ],
      }),
    );
    signals.push(CHANNEL, {
      orderId: running.id,
      environment: 'production',
      status: 'partially-failed',
    });
    expect(
      await screen.findByText(
        'order: partially-failed dc1=succeeded dc2=failed',
      ),
    ).toBeInTheDocument();

    // Retried by someone: the signal brings it back to life here.
    api.getOrder.mockResolvedValue(order({ status: 'pending' }));
    signals.push(CHANNEL, {
      orderId: running.id,
      environment: 'production',
      status: 'pending',
    });
    expect(await screen.findByText(/^order: pending/)).toBeInTheDocument();
    expect(api.getOrder).toHaveBeenCalledTimes(3);
  });

  it('leave polling as the fallback while an order runs when the app has no signals', async () => {
    const running = order({ status: 'running' });
    const api = mockDyplomaApi();
    api.getOrder
      .mockResolvedValueOnce(running)
      .mockResolvedValue(order({ status: 'succeeded' }));
    function FastProbe() {
      const { order: current } = useOrder(running, { intervalMs: 20 });
      return <p>order: {current.status}</p>;
    }
    await renderInTestApp(<FastProbe />, { apis: [[dyplomaApiRef, api]] });
    expect(await screen.findByText('order: succeeded')).toBeInTheDocument();
    await new Promise(resolve => setTimeout(resolve, 100));
    // Polling stopped with the order.
    expect(api.getOrder).toHaveBeenCalledTimes(2);
  });
});
