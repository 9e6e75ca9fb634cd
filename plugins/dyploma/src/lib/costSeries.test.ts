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

import type { CostSeries } from '@dyploma/plugin-dyploma-common';
import { stepLabel, toChartData } from './costSeries';

const series = (points: CostSeries['points']): CostSeries => ({
  window: {
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-04T00:00:00.000Z',
    hours: 72,
  },
  step: 'day',
  points,
  demo: false,
});
const at = (day: number) => `2026-11-0${day}T00:00:00.000Z`;

describe('toChartData', () => {
  it('gives every day of the window a row, the dearest keys first and idle last', () => {
    const data = toChartData(
      series([
        { at: at(1), key: 'group:default/team-a', idle: false, cost: 2 },
        { at: at(3), key: 'group:default/team-a', idle: false, cost: 3 },
        { at: at(1), key: 'group:default/team-b', idle: false, cost: 7 },
        { at: at(2), key: null, idle: true, cost: 4 },
      ]),
    );
    expect(data.series).toEqual([
      { dataKey: 's0', label: 'team-b', total: 7 },
      { dataKey: 's1', label: 'team-a', total: 5 },
      { dataKey: 's2', label: 'idle', total: 4 },
    ]);
    expect(data.total).toBe(12);
    expect(data.rows).toEqual([
      { at: at(1), label: 'Nov 1', s0: 7, s1: 2, s2: 0 },
      { at: at(2), label: 'Nov 2', s0: 0, s1: 0, s2: 4 },
      { at: at(3), label: 'Nov 3', s0: 0, s1: 3, s2: 0 },
    ]);
  });

  it('sums the keys past the top ones as other', () => {
    const data = toChartData(
      series(
        [5, 4, 3, 2].map((cost, i) => ({
          at: at(1),
          key: `component:default/s${i}`,
          idle: false,
          cost,
        })),
      ),
      2,
    );
    expect(data.series.map(s => [s.label, s.total])).toEqual([
      ['s0', 5],
      ['s1', 4],
      ['other (2)', 5],
    ]);
    expect(data.rows[0]).toMatchObject({ s0: 5, s1: 4, s2: 5 });
  });

  it('keeps one more key rather than an "other" of one', () => {
    const data = toChartData(
      series(
        [3, 2, 1].map((cost, i) => ({
          at: at(1),
          key: `component:default/s${i}`,
          idle: false,
          cost,
        })),
      ),
      2,
    );
    expect(data.series.map(s => s.label)).toEqual(['s0', 's1', 's2']);
  });

  it('labels hours in UTC', () => {
    expect(stepLabel('2026-11-02T10:00:00.000Z', 'hour')).toBe('Nov 2 10:00');
  });
});
