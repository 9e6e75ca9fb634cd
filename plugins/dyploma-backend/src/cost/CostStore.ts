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

import { Allocation, CostRow } from './types';

/** What reports group cost by; each is a column of the hourly rows. */
export const DIMENSIONS = [
  'service',
  'owner',
  'system',
  'environment',
  'cluster',
  'datacenter',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One aggregation over the hourly rows (hours are whole hours since the epoch). */
export type AggregateQuery = {
  /** Columns to group by; empty for one total. */
  by: Dimension[];
  /** The window, `[from, to)` in hours. */
  from: number;
  to: number;
  /** Also sum the cost of `[previousFrom, from)`, the previous window. */
  previousFrom?: number;
  /** Also sum the cost of `[monthFrom, to)`, the month to date. */
  monthFrom?: number;
  serviceRef?: string;
  ownerRefs?: string[];
};

/** One group of an aggregation; `idle` groups hold the clusters' idle rows. */
export type AggregateRow = Allocation & {
  keys: Partial<Record<Dimension, string | null>>;
  idle: boolean;
  previousCost: number;
  monthCost: number;
  /** Whether any row of the group is demo data. */
  demo: boolean;
};

/** A series of cost per hour or day over a window. */
export type SeriesQuery = {
  by?: Dimension;
  from: number;
  to: number;
  bucketHours: 1 | 24;
  serviceRef?: string;
  ownerRefs?: string[];
  /** Also group by these columns, answered in each point's `keys` (to scope it to a caller). */
  split?: Dimension[];
};

/** One point of a series: a bucket (its start in hours) and a key. */
export type SeriesPoint = {
  bucket: number;
  key: string | null;
  /** The `split` columns, when asked for. */
  keys?: Partial<Record<Dimension, string | null>>;
  idle: boolean;
  cost: number;
  /** Whether any row of the point is demo data. */
  demo: boolean;
};

/** The hourly cost rows. */
export interface CostStore {
  /**
   * Rewrites the rows of one cluster and hour from the rows stored now, in one transaction
   * (the collector folds a new sample into the hour's averages this way).
   */
  foldClusterHour(
    cluster: string,
    hour: number,
    fold: (existing: CostRow[]) => CostRow[],
  ): Promise<void>;
  /** Inserts rows, or replaces those with the same hour, service, environment and cluster. */
  upsert(rows: CostRow[]): Promise<void>;
  /** How many rows \`[from, to)\` holds, of demo data or of collected data. */
  countRows(query: {
    from: number;
    to: number;
    demo: boolean;
  }): Promise<number>;
  /** The hours of \`[from, to)\` that hold at least one row, ascending. */
  hoursWithRows(query: { from: number; to: number }): Promise<number[]>;
  /** Deletes the rows of hours before `hour`; returns how many. */
  deleteBefore(hour: number): Promise<number>;
  /** One GROUP BY over a window, with the previous window and month to date if asked. */
  aggregate(query: AggregateQuery): Promise<AggregateRow[]>;
  /** Cost per hour or per day (bucket starts in hours), grouped by one dimension. */
  series(query: SeriesQuery): Promise<SeriesPoint[]>;
}
