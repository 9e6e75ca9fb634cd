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

import { screen, within } from '@testing-library/react';
import type { CostSeries } from '../../api';
import { costForbidden, mockDyplomaApi, renderView } from '../../__testUtils__';
import { CostChart } from './CostChart';

const series = (demo = false): CostSeries => ({
  window: {
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-03T00:00:00.000Z',
    hours: 48,
  },
  step: 'day',
  points: [
    {
      at: '2026-11-01T00:00:00.000Z',
      key: 'group:default/team-payments',
      idle: false,
      cost: 4.5,
    },
    {
      at: '2026-11-02T00:00:00.000Z',
      key: 'group:default/team-payments',
      idle: false,
      cost: 5.25,
    },
    {
      at: '2026-11-02T00:00:00.000Z',
      key: 'group:default/team-search',
      idle: false,
      cost: 2,
    },
    { at: '2026-11-02T00:00:00.000Z', key: null, idle: true, cost: 8 },
  ],
  demo,
});

describe('CostChart', () => {
  it('asks for the series and totals each owner, idle last', async () => {
    const api = mockDyplomaApi({
      getCostSeries: jest.fn(async () => series()),
    });
    await renderView(
      <CostChart query={{ window: '7d', groupBy: 'owner', step: 'day' }} />,
      { api },
    );
    const totals = await screen.findByRole('table', {
      name: 'cost over time by owner',
    });
    const rows = within(totals).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'team-payments9.75',
      'team-search2.00',
      'idle8.00',
    ]);
    expect(screen.getByText('11.75 allocated, per day')).toBeInTheDocument();
    expect(screen.getByTestId('cost-chart')).toBeInTheDocument();
    expect(api.getCostSeries).toHaveBeenCalledWith({
      window: '7d',
      groupBy: 'owner',
      step: 'day',
    });
  });

  it('leaves idle out when asked', async () => {
    const api = mockDyplomaApi({
      getCostSeries: jest.fn(async () => series(true)),
    });
    await renderView(
      <CostChart query={{ window: '7d', groupBy: 'owner' }} hideIdle />,
      { api },
    );
    const totals = await screen.findByRole('table');
    expect(within(totals).queryByText('idle')).not.toBeInTheDocument();
    expect(within(totals).getByText('team-payments')).toBeInTheDocument();
  });

  it('says when nothing is recorded, and shows errors', async () => {
    const empty = mockDyplomaApi({
      getCostSeries: jest.fn(async () => ({ ...series(), points: [] })),
    });
    const { unmount } = await renderView(<CostChart query={{}} />, {
      api: empty,
    });
    expect(
      await screen.findByText('Nothing to chart in this window yet.'),
    ).toBeInTheDocument();
    unmount();
    const denied = mockDyplomaApi({
      getCostSeries: jest.fn(async () => {
        throw await costForbidden();
      }),
    });
    await renderView(<CostChart query={{}} />, { api: denied });
    expect(
      await screen.findByText(/Reading cost needs dyploma.cost.read/),
    ).toBeInTheDocument();
  });
});
