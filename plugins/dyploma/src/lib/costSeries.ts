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
import { costKeyLabel } from './cost';

const HOUR_MS = 3_600_000;

/** One line of the chart: its data key (safe for recharts), its label and its total. */
export type ChartSeries = { dataKey: string; label: string; total: number };

/** The chart's data: one row per step, a number per series, and the series by total. */
export type ChartData = {
  rows: Array<Record<string, number | string>>;
  series: ChartSeries[];
  total: number;
};

const OTHER = 'other';
const IDLE = 'idle';

/** A step's label in UTC: `Nov 2` for days, `Nov 2 10:00` for hours. */
export function stepLabel(at: string, step: 'hour' | 'day'): string {
  const d = new Date(at);
  const day = d.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  return step === 'day' ? day : `${day} ${d.toISOString().slice(11, 16)}`;
}

/**
 * Turns a cost series into chart rows: every step of the window (0 where nothing ran), the
 * `top` dearest keys as their own series, the rest summed as "other", and the clusters'
 * idle cost as "idle" last. Data keys are `s0`, `s1`, ... since recharts reads dots in a
 * key as a path.
 */
export function toChartData(series: CostSeries, top = 6): ChartData {
  const stepMs = (series.step === 'hour' ? 1 : 24) * HOUR_MS;
  const labelOf = (p: CostSeries['points'][number]) =>
    p.idle ? IDLE : costKeyLabel(p.key);
  const totals = new Map<string, number>();
  for (const p of series.points) {
    if (p.idle) continue;
    const label = labelOf(p);
    totals.set(label, (totals.get(label) ?? 0) + p.cost);
  }
  const ranked = [...totals].sort((a, b) => b[1] - a[1]);
  const shown = ranked.slice(0, ranked.length > top + 1 ? top : top + 1);
  const rest = ranked.slice(shown.length);
  const list: ChartSeries[] = shown.map(([label, total], i) => ({
    dataKey: `s${i}`,
    label,
    total,
  }));
  if (rest.length > 0) {
    list.push({
      dataKey: `s${list.length}`,
      label: `${OTHER} (${rest.length})`,
      total: rest.reduce((s, [, t]) => s + t, 0),
    });
  }
  const idleTotal = series.points
    .filter(p => p.idle)
    .reduce((s, p) => s + p.cost, 0);
  if (series.points.some(p => p.idle)) {
    list.push({ dataKey: `s${list.length}`, label: IDLE, total: idleTotal });
  }
  const keyOf = new Map(list.map(s => [s.label, s.dataKey]));
  const otherKey = rest.length > 0 ? list[shown.length].dataKey : undefined;

  const start = Date.parse(series.window.from);
  const end = Date.parse(series.window.to);
  const first = Math.floor(start / stepMs) * stepMs;
  const rows = new Map<number, Record<string, number | string>>();
  for (let t = first; t < end; t += stepMs) {
    const at = new Date(t).toISOString();
    const row: Record<string, number | string> = {
      at,
      label: stepLabel(at, series.step),
    };
    for (const s of list) row[s.dataKey] = 0;
    rows.set(t, row);
  }
  for (const p of series.points) {
    const row = rows.get(Date.parse(p.at));
    if (!row) continue;
    const key = keyOf.get(labelOf(p)) ?? otherKey;
    if (key) row[key] = (row[key] as number) + p.cost;
  }
  return {
    rows: [...rows.values()],
    series: list,
    total: list.filter(s => s.label !== IDLE).reduce((s, x) => s + x.total, 0),
  };
}
