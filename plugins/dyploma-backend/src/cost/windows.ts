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

import { HOUR_MS, hourOf } from './types';

/** Named windows and their length in hours. */
export const WINDOWS = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24 } as const;
export type WindowName = keyof typeof WINDOWS;

/** A report's window, `[from, to)` in whole hours since the epoch. */
export type HourWindow = { from: number; to: number };

/**
 * A named window ends with the current hour (its row holds the hour so far, averaged × one
 * hour); a custom one covers the hours from `from` up to `to`, partial hours included.
 */
export function resolveWindow(
  spec: { window?: WindowName; from?: Date; to?: Date },
  now: Date,
): HourWindow {
  if (spec.from) {
    const to = spec.to
      ? Math.ceil(spec.to.getTime() / HOUR_MS)
      : hourOf(now) + 1;
    return { from: hourOf(spec.from), to };
  }
  const to = hourOf(now) + 1;
  return { from: to - WINDOWS[spec.window ?? '30d'], to };
}

/** The window of the same length just before. */
export function previousWindow(w: HourWindow): HourWindow {
  return { from: w.from - (w.to - w.from), to: w.from };
}

/** The current UTC month: its first hour, its length and the hours elapsed with this one. */
export function monthOf(now: Date) {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const from = hourOf(start);
  return {
    from,
    hours: (end - start) / HOUR_MS,
    elapsedHours: hourOf(now) + 1 - from,
  };
}

/** Month to date ÷ hours elapsed (the current hour counted whole, as its row is) × month. */
export function projectMonth(monthToDate: number, now: Date): number {
  const month = monthOf(now);
  return (monthToDate / month.elapsedHours) * month.hours;
}

/** (current − previous) ÷ previous; null without a previous cost to compare with. */
export function trend(current: number, previous: number): number | null {
  return previous > 0 ? (current - previous) / previous : null;
}

/** ISO times of a window, for responses. */
export function windowTimes(w: HourWindow) {
  return {
    from: new Date(w.from * HOUR_MS).toISOString(),
    to: new Date(w.to * HOUR_MS).toISOString(),
    hours: w.to - w.from,
  };
}
