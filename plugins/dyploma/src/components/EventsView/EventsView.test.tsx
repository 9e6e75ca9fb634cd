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

import type { ServiceEventList } from '@dyploma/plugin-dyploma-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockDyplomaApi, renderView } from '../../__testUtils__';
import { EventsView } from './EventsView';

const service = { namespace: 'default', name: 'payments' };

const list: ServiceEventList = {
  items: [
    {
      cluster: 'dc2',
      datacenter: 'ams',
      namespace: 'payments',
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container payments',
      involvedObject: { kind: 'Pod', name: 'payments-7d9c-x2x8q' },
      count: 4,
      lastTimestamp: '2026-11-23T21:05:00.000Z',
    },
    {
      cluster: 'dc1',
      datacenter: 'fra',
      namespace: 'payments',
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set payments-7d9c to 1',
      involvedObject: { kind: 'Deployment', name: 'payments' },
      count: 1,
      lastTimestamp: '2026-11-23T21:00:00.000Z',
    },
  ],
  total: 2,
  clusters: [
    { cluster: 'dc1', datacenter: 'fra', health: 'connected' },
    {
      cluster: 'dc2',
      datacenter: 'ams',
      health: 'down',
      lastSeen: '2026-11-23T21:06:00.000Z',
    },
  ],
};

describe('EventsView', () => {
  it('lists every event with its cluster, object and count, filterable by type and text', async () => {
    const api = mockDyplomaApi({ getEvents: jest.fn(async () => list) });
    await renderView(
      <EventsView service={service} environment="production" />,
      {
        api,
      },
    );
    const table = await screen.findByRole('table', {
      name: 'events in production',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringMatching(
        /dc2 \(ams\)WarningBackOffPod payments-7d9c-x2x8qBack-off restarting failed container payments4$/,
      ),
      expect.stringMatching(
        /dc1 \(fra\)NormalScalingReplicaSetDeployment payments/,
      ),
    ]);
    expect(api.getEvents).toHaveBeenCalledWith(service, 'production');

    await userEvent.click(screen.getByRole('button', { name: /Type/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Warning' }));
    expect(within(table).getAllByRole('row')).toHaveLength(2);

    await userEvent.type(screen.getByLabelText('Filter events'), 'nothing');
    expect(screen.getByText('No events match.')).toBeInTheDocument();
  });

  it('says which cluster is down and that its events are the last known', async () => {
    await renderView(
      <EventsView service={service} environment="production" />,
      {
        api: mockDyplomaApi({ getEvents: jest.fn(async () => list) }),
      },
    );
    expect(
      await screen.findByText(
        /dc2 \(ams\) is unreachable: its events are the last known, from/,
      ),
    ).toBeInTheDocument();
  });

  it('says when there is nothing yet', async () => {
    await renderView(<EventsView service={service} environment="staging" />, {
      api: mockDyplomaApi({
        getEvents: jest.fn(async () => ({ items: [], total: 0, clusters: [] })),
      }),
    });
    expect(await screen.findByText('No events.')).toBeInTheDocument();
  });
});
