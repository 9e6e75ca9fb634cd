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
import { serviceSignalChannel } from '@dyploma/plugin-dyploma-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dyplomaApiRef } from '../../api';
import {
  batch,
  batchItem,
  mockDyplomaApi,
  renderView,
} from '../../__testUtils__';
import { BatchProgress } from './BatchProgress';

const id = batch().id;

const running = batch({
  status: 'running',
  summary: {
    total: 3,
    skipped: 0,
    notStarted: 0,
    refused: 0,
    active: 2,
    succeeded: 1,
    failed: 0,
  },
  items: [
    batchItem({ service: 'component:default/search' }),
    batchItem({
      service: 'component:default/search-indexer',
      status: 'running',
      orderId: 'o-11',
      targets: [
        {
          cluster: 'dc1',
          status: 'progressing',
          desired: 2,
          ready: 1,
          updated: 1,
          attempts: 1,
          updatedAt: '2026-11-23T22:00:30.000Z',
        },
      ],
    }),
    batchItem({
      service: 'component:default/recommendations',
      status: 'pending',
      orderId: 'o-12',
    }),
  ],
});

const partlyFailed = batch({
  status: 'partially-failed',
  summary: {
    total: 3,
    skipped: 0,
    notStarted: 0,
    refused: 0,
    active: 0,
    succeeded: 2,
    failed: 1,
  },
  items: [
    batchItem({ service: 'component:default/search' }),
    batchItem({ service: 'component:default/search-indexer' }),
    batchItem({
      service: 'component:default/recommendations',
      status: 'failed',
      orderId: 'o-12',
      error: 'dc2: ProgressDeadlineExceeded',
    }),
  ],
});

describe('BatchProgress', () => {
  jest.setTimeout(20_000);

  it('follows a running batch until it ends, each item with its own order', async () => {
    const api = mockDyplomaApi({
      getBatch: jest
        .fn()
        .mockResolvedValueOnce(running)
        .mockResolvedValue(partlyFailed),
    });
    const onFinished = jest.fn();
    await renderView(
      <BatchProgress batchId={id} intervalMs={10} onFinished={onFinished} />,
      { api },
    );
    expect(
      await screen.findByText('Batch: restart in production'),
    ).toBeInTheDocument();
    const items = screen.getByRole('table', { name: 'Batch items' });
    const link = within(items).getByRole('link', { name: 'search-indexer' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/search-indexer/deploy',
    );

    // The summary at the end, and the failed item's reason.
    await waitFor(() =>
      expect(screen.getByLabelText('summary')).toHaveTextContent(
        '2 succeeded · 1 failed',
      ),
    );
    expect(screen.getByText('partially failed')).toBeInTheDocument();
    expect(
      screen.getByText('dc2: ProgressDeadlineExceeded'),
    ).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished).toHaveBeenCalledWith(partlyFailed);
    const calls = api.getBatch.mock.calls.length;
    await new Promise(r => setTimeout(r, 50));
    // A finished batch is not read again.
    expect(api.getBatch.mock.calls.length).toBe(calls);
  });

  it('shows the per-cluster progress of a running item and no resume while it runs', async () => {
    const api = mockDyplomaApi({ getBatch: jest.fn(async () => running) });
    await renderView(<BatchProgress batchId={id} intervalMs={60_000} />, {
      api,
    });
    expect(
      await screen.findByText('dc1: progressing · ready 1/2'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('summary')).toHaveTextContent(
      '1 succeeded · 2 running',
    );
    expect(
      screen.getByRole('progressbar', { name: 'batch progress' }),
    ).toHaveAttribute('aria-valuenow', '33');
    expect(screen.queryByRole('button', { name: /Resume/ })).toBeNull();
  });

  it('resumes the failed items and follows the batch again', async () => {
    const api = mockDyplomaApi({
      getBatch: jest
        .fn()
        .mockResolvedValueOnce(partlyFailed)
        .mockResolvedValue(batch({ ...partlyFailed, status: 'succeeded' })),
      resumeBatch: jest.fn(async () => ({
        ...running,
        summary: { ...partlyFailed.summary, failed: 0, active: 1 },
      })),
    });
    const onFinished = jest.fn();
    await renderView(
      <BatchProgress batchId={id} intervalMs={10} onFinished={onFinished} />,
      { api },
    );
    const resume = await screen.findByRole('button', { name: 'Resume 1 item' });
    // Opening a batch that had ended is not its end; the resumed run's end is.
    expect(onFinished).not.toHaveBeenCalled();
    await userEvent.click(resume);
    expect(api.resumeBatch).toHaveBeenCalledWith(id);
    await waitFor(() => expect(api.getBatch).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(onFinished).toHaveBeenCalledWith(
        expect.objectContaining({ status: 'succeeded' }),
      ),
    );
  });

  it('reads the batch at once when an order of one of its running services signals', async () => {
    // A SignalApi the test pushes through: the real one needs the signals backend and a
    // WebSocket, which jsdom has neither of.
    const subscribers = new Map<string, Set<(m: JsonObject) => void>>();
    const signals: SignalApi = {
      subscribe(channel, onMessage) {
        const set = subscribers.get(channel) ?? new Set();
        set.add(onMessage as (m: JsonObject) => void);
        subscribers.set(channel, set);
        return { unsubscribe: () => set.delete(onMessage as any) };
      },
    };
    const api = mockDyplomaApi({
      getBatch: jest
        .fn()
        .mockResolvedValueOnce(running)
        .mockResolvedValue(partlyFailed),
    });
    await renderInTestApp(<BatchProgress batchId={id} intervalMs={60_000} />, {
      apis: [
        [dyplomaApiRef, api],
        [signalApiRef, signals],
      ],
    });
    await screen.findByText('dc1: progressing · ready 1/2');
    const channel = serviceSignalChannel({
      namespace: 'default',
      name: 'search-indexer',
    });
    // Only the running and pending services are followed.
    await waitFor(() => expect(subscribers.get(channel)?.size).toBe(1));
    expect(
      subscribers.get(
        serviceSignalChannel({ namespace: 'default', name: 'search' }),
      )?.size ?? 0,
    ).toBe(0);
    act(() => {
      for (const s of subscribers.get(channel)!) {
        s({ orderId: 'o-11', environment: 'production', status: 'succeeded' });
      }
    });
    await waitFor(() =>
      expect(screen.getByLabelText('summary')).toHaveTextContent(
        '2 succeeded · 1 failed',
      ),
    );
    expect(api.getBatch).toHaveBeenCalledTimes(2);
  });

  it('says when the batch cannot be read', async () => {
    const api = mockDyplomaApi({
      getBatch: jest.fn(async () => {
        throw new Error('no batch "x"');
      }),
    });
    await renderView(<BatchProgress batchId="x" intervalMs={60_000} />, {
      api,
    });
    expect(
      await screen.findByText(/Could not read batch x: no batch "x"/),
    ).toBeInTheDocument();
  });
});
