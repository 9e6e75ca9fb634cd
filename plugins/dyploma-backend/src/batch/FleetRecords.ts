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

import { FleetLastOrder } from '@dyploma/plugin-dyploma-common';
import { Knex } from 'knex';
import type { CostStore } from '../cost';
import { hourOf } from '../cost';
import { monthOf, projectMonth } from '../cost/windows';
import { toDate } from '../database/dates';

/** `service ref`, environment (and cluster): the keys of the maps below. */
export const recordKey = (...parts: string[]) => parts.join('\u0000');

export type MonthCosts = {
  /** `2026-11`. */
  month: string;
  /** By service ref, environment and cluster. */
  byRow: Map<string, { toDate: number; projected: number }>;
};

const round = (value: number) => Math.round(value * 100) / 100;

// Costs are collected every 5 minutes; a page view within a minute of the last read reuses it.
const COST_TTL_MS = 60_000;

/**
 * What the fleet page reads from Dyploma's own tables: the last order and the newest
 * release revision of every service and environment (two GROUP BY queries on indexed
 * columns, whatever the number of services), and this month's cost per row.
 */
export class FleetRecords {
  private costs?: { at: number; value: Promise<MonthCosts | undefined> };

  constructor(
    private readonly db: Knex,
    private readonly costStore?: CostStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async lastOrders(): Promise<Map<string, FleetLastOrder>> {
    const latest = this.db('dyploma_orders')
      .select('service_ref', 'environment')
      .max({ latest: 'created_at' })
      .groupBy('service_ref', 'environment')
      .as('m');
    const rows = await this.db('dyploma_orders as o')
      .join(latest, function on() {
        this.on('o.service_ref', '=', 'm.service_ref')
          .andOn('o.environment', '=', 'm.environment')
          .andOn('o.created_at', '=', 'm.latest');
      })
      .select(
        'o.id',
        'o.service_ref',
        'o.environment',
        'o.kind',
        'o.status',
        'o.author',
        'o.created_at',
        'o.finished_at',
      )
      .orderBy('o.id', 'asc');
    const out = new Map<string, FleetLastOrder>();
    for (const row of rows) {
      out.set(recordKey(row.service_ref, row.environment), {
        id: row.id,
        kind: row.kind,
        status: row.status,
        author: row.author,
        createdAt: toDate(row.created_at).toISOString(),
        ...(row.finished_at && {
          finishedAt: toDate(row.finished_at).toISOString(),
        }),
      });
    }
    return out;
  }

  async latestRevisions(): Promise<Map<string, number>> {
    // knex types a select + max as the aggregate alone; the row has all three.
    const rows = (await this.db('dyploma_releases')
      .select('service_ref', 'environment')
      .max({ revision: 'revision' })
      .groupBy('service_ref', 'environment')) as unknown as Array<{
      service_ref: string;
      environment: string;
      revision: number | string;
    }>;
    return new Map(
      rows.map(r => [
        recordKey(r.service_ref, r.environment),
        Number(r.revision),
      ]),
    );
  }

  /** This month's cost per service, environment and cluster; undefined without cost data. */
  monthCosts(): Promise<MonthCosts | undefined> {
    if (!this.costStore) return Promise.resolve(undefined);
    const at = Date.now();
    if (this.costs && at - this.costs.at < COST_TTL_MS) return this.costs.value;
    const value = this.readCosts().catch(() => undefined);
    this.costs = { at, value };
    return value;
  }

  private async readCosts(): Promise<MonthCosts | undefined> {
    const now = this.now();
    const month = monthOf(now);
    const rows = await this.costStore!.aggregate({
      by: ['service', 'environment', 'cluster'],
      from: month.from,
      to: hourOf(now.getTime()) + 1,
    });
    const byRow = new Map<string, { toDate: number; projected: number }>();
    for (const row of rows) {
      const { service, environment, cluster } = row.keys;
      if (row.idle || !service || !environment || !cluster) continue;
      byRow.set(recordKey(service, environment, cluster), {
        toDate: round(row.cost),
        projected: round(projectMonth(row.cost, now)),
      });
    }
    if (byRow.size === 0) return undefined;
    return { month: now.toISOString().slice(0, 7), byRow };
  }
}
