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

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ClusterLiveState } from '@dyploma/plugin-dyploma-common';
import { mockDyplomaApi, renderView } from '../../__testUtils__';
import { LogsView } from './LogsView';

const service = { namespace: 'default', name: 'payments' };

const live: ClusterLiveState[] = [
  {
    cluster: 'dc1',
    environment: 'production',
    datacenter: 'fra',
    namespace: 'payments',
    health: 'connected',
    pods: [
      {
        name: 'payments-7d9c-x2x8q',
        phase: 'Running',
        ready: true,
        restarts: 1,
        cpu: {},
        memory: {},
      },
    ],
  },
];

async function pickPod() {
  await userEvent.click(screen.getByRole('button', { name: /Pod/ }));
  await userEvent.click(
    screen.getByRole('option', { name: 'dc1/payments-7d9c-x2x8q' }),
  );
}

describe('LogsView', () => {
  it('shows the last lines of the chosen pod and the previous container’s on demand', async () => {
    const api = mockDyplomaApi({
      getLogs: jest.fn(async (_s, q) =>
        q.previous ? '{"msg":"fatal: OOMKilled"}\n' : '{"msg":"handled"}\n',
      ),
    });
    await renderView(
      <LogsView service={service} environment="production" live={live} />,
      { api },
    );
    await pickPod();
    expect(await screen.findByLabelText('log')).toHaveTextContent(
      '{"msg":"handled"}',
    );
    expect(api.getLogs).toHaveBeenLastCalledWith(service, {
      environment: 'production',
      cluster: 'dc1',
      pod: 'payments-7d9c-x2x8q',
      previous: undefined,
      tailLines: 1000,
    });
    await userEvent.click(screen.getByLabelText('Previous container'));
    await waitFor(() =>
      expect(screen.getByLabelText('log')).toHaveTextContent('OOMKilled'),
    );
    // A container that has ended cannot be followed.
    expect(screen.getByLabelText('Follow')).toBeDisabled();
  });

  it('streams a followed log as it comes, and stops the stream when following stops', async () => {
    let push: (text: string) => void = () => {};
    let stream: AbortSignal | undefined;
    const api = mockDyplomaApi({
      followLogs: jest.fn(
        (_s, _q, onText: (t: string) => void, signal: AbortSignal) => {
          push = onText;
          stream = signal;
          return new Promise<void>(resolve =>
            signal.addEventListener('abort', () => resolve()),
          );
        },
      ),
    });
    await renderView(
      <LogsView service={service} environment="production" live={live} />,
      { api },
    );
    await pickPod();
    await userEvent.click(screen.getByLabelText('Follow'));
    await waitFor(() => expect(api.followLogs).toHaveBeenCalledTimes(1));
    expect(api.followLogs.mock.calls[0][1]).toEqual({
      environment: 'production',
      cluster: 'dc1',
      pod: 'payments-7d9c-x2x8q',
      tailLines: 1000,
    });
    push('{"seq":1}\n{"seq":2');
    push('}\n{"seq":3}\n');
    await waitFor(() =>
      expect(screen.getByLabelText('log').textContent).toBe(
        '{"seq":1}\n{"seq":2}\n{"seq":3}\n',
      ),
    );
    expect(stream?.aborted).toBe(false);

    await userEvent.click(screen.getByLabelText('Follow'));
    expect(stream?.aborted).toBe(true);
  });
});
