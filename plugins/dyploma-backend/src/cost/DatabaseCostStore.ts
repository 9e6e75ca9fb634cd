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

import { Knex } from 'knex';
import {
  AggregateQuery,
  AggregateRow,
  CostStore,
  Dimension,
  SeriesPoint,
  SeriesQuery,
} from './CostStore';
import { CostRow, IDLE } from './types';

const TABLE = 'dyploma_cost_hourly';
const DAILY = 'dyploma_cost_daily';

type DbRow = {
  hour: number;
  service_ref: string;
  environment: string;
  cluster: string;
  datacenter: string;
  owner_ref: string | null;
  system_ref: string | null;
  cpu_request_core_hours: number;
  cpu_usage_core_hours: number;
  memory_request_gib_hours: number;
  memory_usage_gib_hours: number;
  cpu_cost: number;
  memory_cost: number;
  cost: number;
  samples: number;
  sampled_at: number | string;
  demo: boolean | number;
};

/** The column behind each dimension. */
export const DIMENSION_COLUMNS: Record<Dimension, keyof DbRow> = {
  service: 'service_ref',
  owner: 'owner_ref',
  system: 'system_ref',
  environment: 'environment',
  cluster: 'cluster',
  datacenter: 'datacenter',
};

/** Quantities summed by aggregations: column → field of the result. */
const SUMS = {
  cpu_request_core_hours: 'cpuRequestCoreHours',
  cpu_usage_core_hours: 'cpuUsageCoreHours',
  memory_request_gib_hours: 'memoryRequestGiBHours',
  memory_usage_gib_hours: 'memoryUsageGiBHours',
  cpu_cost: 'cpuCost',
  memory_cost: 'memoryCost',
  cost: 'cost',
} as const;

/** Knex implementation of {@link CostStore}, for SQLite and PostgreSQL. */
export class DatabaseCostStore implements CostStore {
  constructor(private readonly db: Knex) {}

  async foldClusterHour(
    cluster: string,
    hour: number,
    fold: (existing: CostRow[]) => CostRow[],
  ) {
    await this.db.transaction(async tx => {
      const query = tx<DbRow>(TABLE).where({ cluster, hour });
      // SQLite locks the whole database for a write transaction anyway.
      if (this.db.client.config.client === 'pg') query.forUpdate();
      const existing = await query;
      await this.write(tx, fold(existing.map(toCostRow)));
      await this.refreshDaily(tx, hour, hour + 1, cluster);
    });
  }

  async upsert(rows: CostRow[]) {
    if (rows.length === 0) return;
    let min = Infinity;
    let max = -Infinity;
    for (const r of rows) {
      min = Math.min(min, r.hour);
      max = Math.max(max, r.hour);
    }
    await this.db.transaction(async tx => {
      await this.write(tx, rows);
      await this.refreshDaily(tx, min, max + 1);
    });
  }

  /**
   * Recomputes the daily sums of the days that hours \`[from, to)\` touch (of one cluster, or
   * all). The collector and \`upsert\` call it; a bulk load calls it once at the end.
   */
  async rebuildDaily(from: number, to: number) {
    await this.db.transaction(tx => this.refreshDaily(tx, from, to));
  }

  private async refreshDaily(
    db: Knex,
    from: number,
    to: number,
    cluster?: string,
  ) {
    const firstDay = Math.floor(from / 24);
    const endDay = Math.floor((to - 1) / 24) + 1;
    const del = db(DAILY)
      .where('day', '>=', firstDay)
      .andWhere('day', '<', endDay);
    if (cluster !== undefined) del.andWhere({ cluster });
    await del.delete();
    const sums = Object.keys(SUMS)
      .map(c => `SUM(${c})`)
      .join(', ');
    await db.raw(
      `INSERT INTO ${DAILY} (day, service_ref, environment, cluster, datacenter, owner_ref,
         system_ref, ${Object.keys(SUMS).join(', ')}, demo)
       SELECT hour / 24, service_ref, environment, cluster, MAX(datacenter), MAX(owner_ref),
         MAX(system_ref), ${sums},
         CASE WHEN MAX(CASE WHEN demo THEN 1 ELSE 0 END) = 1 THEN TRUE ELSE FALSE END
       FROM ${TABLE}
       WHERE hour >= ? AND hour < ?${
         cluster !== undefined ? ' AND cluster = ?' : ''
       }
       GROUP BY hour / 24, service_ref, environment, cluster`,
      [firstDay * 24, endDay * 24, ...(cluster !== undefined ? [cluster] : [])],
    );
  }

  private async write(db: Knex, rows: CostRow[]) {
    // Stay under SQLite's bound-parameter limit (17 columns a row).
    const chunk = this.db.client.config.client === 'pg' ? 2000 : 500;
    for (let i = 0; i < rows.length; i += chunk) {
      await db(TABLE)
        .insert(rows.slice(i, i + chunk).map(toDbRow))
        .onConflict(['hour', 'service_ref', 'environment', 'cluster'])
        .merge();
    }
  }

  async countRows(query: { from: number; to: number; demo: boolean }) {
    const [{ count }] = await this.db(TABLE)
      .where('hour', '>=', query.from)
      .andWhere('hour', '<', query.to)
      .andWhere('demo', query.demo)
      .count({ count: '*' });
    return Number(count);
  }

  async hoursWithRows(query: { from: number; to: number }) {
    const rows = await this.db(TABLE)
      .distinct('hour')
      .where('hour', '>=', query.from)
      .andWhere('hour', '<', query.to)
      .orderBy('hour');
    return rows.map(r => Number(r.hour));
  }

  async deleteBefore(hour: number) {
    return await this.db.transaction(async tx => {
      const deleted = await tx(TABLE).where('hour', '<', hour).delete();
      if (deleted > 0) {
        await tx(DAILY)
          .where('day', '<', Math.floor(hour / 24))
          .delete();
        await this.refreshDaily(tx, hour, hour + 1);
      }
      return deleted;
    });
  }

  private hourly(
    from: number,
    to: number,
    filter: { serviceRef?: string; ownerRefs?: string[] },
  ) {
    const q = this.db(TABLE)
      .select(
        this.db.raw('hour AS t0'),
        'service_ref',
        'owner_ref',
        'system_ref',
        'environment',
        'cluster',
        'datacenter',
        'cost',
        'demo',
      )
      .where('hour', '>=', from)
      .andWhere('hour', '<', to);
    if (filter.serviceRef !== undefined)
      q.andWhere('service_ref', filter.serviceRef);
    if (filter.ownerRefs !== undefined)
      q.whereIn('owner_ref', filter.ownerRefs);
    return q;
  }

  /**
   * The rows of hours \`[lower, to)\` as (t0, span) slices: whole days from the daily table,
   * and from the hourly table only the days that some boundary cuts (a window's start or
   * end inside a day, the current day), so no slice straddles a boundary and every CASE
   * on t0 sums exactly the hours asked for.
   */
  private source(
    lower: number,
    to: number,
    boundaries: number[],
    filter: { serviceRef?: string; ownerRefs?: string[] },
  ) {
    const db = this.db;
    const cut = [
      ...new Set(
        [lower, to, ...boundaries]
          .filter(b => b % 24 !== 0)
          .map(b => Math.floor(b / 24)),
      ),
    ];
    const columns = [
      'service_ref',
      'environment',
      'cluster',
      'datacenter',
      'owner_ref',
      'system_ref',
      ...Object.keys(SUMS),
      'demo',
    ];
    const filtered = (q: Knex.QueryBuilder) => {
      if (filter.serviceRef !== undefined) {
        q.andWhere('service_ref', filter.serviceRef);
      }
      if (filter.ownerRefs !== undefined) {
        q.whereIn('owner_ref', filter.ownerRefs);
      }
      return q;
    };
    const parts: Knex.QueryBuilder[] = [];
    if (cut.length > 0) {
      parts.push(
        filtered(
          db(TABLE)
            .select(db.raw('hour AS t0'), ...columns)
            .where('hour', '>=', lower)
            .andWhere('hour', '<', to)
            .andWhere(q => {
              for (const d of cut) {
                q.orWhere(w =>
                  w
                    .where('hour', '>=', d * 24)
                    .andWhere('hour', '<', d * 24 + 24),
                );
              }
            }),
        ),
      );
    }
    const firstDay = Math.ceil(lower / 24);
    const endDay = Math.floor(to / 24);
    if (firstDay < endDay) {
      parts.push(
        filtered(
          db(DAILY)
            .select(db.raw('day * 24 AS t0'), ...columns)
            .where('day', '>=', firstDay)
            .andWhere('day', '<', endDay)
            .whereNotIn('day', cut),
        ),
      );
    }
    if (parts.length === 0) {
      return db(TABLE)
        .select(db.raw('hour AS t0'), ...columns)
        .whereRaw('1 = 0');
    }
    const [first, ...rest] = parts;
    return rest.length ? first.unionAll(rest, false) : first;
  }

  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    const db = this.db;
    const lower = Math.min(
      query.from,
      query.previousFrom ?? query.from,
      query.monthFrom ?? query.from,
    );
    const inWindow = (column: string, from: number, to: number) =>
      db.raw(`SUM(CASE WHEN t0 >= ? AND t0 < ? THEN ${column} ELSE 0 END)`, [
        from,
        to,
      ]);
    const columns = query.by.map(d => DIMENSION_COLUMNS[d]);
    const idleFlag = db.raw('CASE WHEN service_ref = ? THEN 1 ELSE 0 END', [
      IDLE,
    ]);
    const select: Record<string, Knex.Raw | string> = {};
    for (const [column, field] of Object.entries(SUMS)) {
      select[field] =
        lower < query.from
          ? inWindow(column, query.from, query.to)
          : db.raw(`SUM(${column})`);
    }
    select.previousCost =
      query.previousFrom !== undefined
        ? inWindow('cost', query.previousFrom, query.from)
        : db.raw('0');
    select.monthCost =
      query.monthFrom !== undefined
        ? inWindow('cost', query.monthFrom, query.to)
        : db.raw('0');
    select.demo = db.raw('MAX(CASE WHEN demo THEN 1 ELSE 0 END)');
    select.idle = db.raw(`MAX(${idleFlag.toQuery()})`);

    const source = this.source(
      lower,
      query.to,
      [query.from, query.previousFrom, query.monthFrom].filter(
        (b): b is number => b !== undefined,
      ),
      query,
    );
    const q = db
      .from(source.as('r'))
      .select(columns)
      .select(select)
      .groupBy(columns)
      .groupByRaw(idleFlag.toQuery());
    const rows = (await q) as Array<Record<string, unknown>>;
    return rows.map(r => {
      const keys: AggregateRow['keys'] = {};
      query.by.forEach((d, i) => {
        keys[d] = (r[columns[i]] as string | null) ?? null;
      });
      return {
        keys,
        idle: Number(r.idle) === 1,
        cpuRequestCoreHours: Number(r.cpuRequestCoreHours),
        cpuUsageCoreHours: Number(r.cpuUsageCoreHours),
        memoryRequestGiBHours: Number(r.memoryRequestGiBHours),
        memoryUsageGiBHours: Number(r.memoryUsageGiBHours),
        cpuCost: Number(r.cpuCost),
        memoryCost: Number(r.memoryCost),
        cost: Number(r.cost),
        previousCost: Number(r.previousCost),
        monthCost: Number(r.monthCost),
        demo: Number(r.demo) === 1,
      };
    });
  }

  async series(query: SeriesQuery): Promise<SeriesPoint[]> {
    const db = this.db;
    const bucket = db.raw(`(t0 / ${query.bucketHours}) * ${query.bucketHours}`);
    const idleFlag = db.raw('CASE WHEN service_ref = ? THEN 1 ELSE 0 END', [
      IDLE,
    ]);
    const column = query.by ? DIMENSION_COLUMNS[query.by] : undefined;
    // Hourly buckets need hourly rows; daily ones may read whole days.
    const source =
      query.bucketHours === 1
        ? this.hourly(query.from, query.to, query)
        : this.source(query.from, query.to, [], query);
    const q = db
      .from(source.as('r'))
      .select({
        bucket,
        key: column ? db.ref(column) : db.raw('NULL'),
        idle: db.raw(`MAX(${idleFlag.toQuery()})`),
        cost: db.raw('SUM(cost)'),
        demo: db.raw('MAX(CASE WHEN demo THEN 1 ELSE 0 END)'),
      })
      .groupByRaw(bucket.toQuery())
      .groupByRaw(idleFlag.toQuery())
      .orderBy('bucket');
    if (column) q.groupBy(column);
    const split = (query.split ?? []).map(d => DIMENSION_COLUMNS[d]);
    for (const c of split) q.select(c).groupBy(c);
    const rows = (await q) as Array<Record<string, unknown>>;
    return rows.map(r => ({
      bucket: Number(r.bucket),
      key: (r.key as string | null) ?? null,
      ...(query.split && {
        keys: Object.fromEntries(
          query.split.map((d, i) => [
            d,
            (r[split[i]] as string | null) ?? null,
          ]),
        ),
      }),
      idle: Number(r.idle) === 1,
      cost: Number(r.cost),
      demo: Number(r.demo) === 1,
    }));
  }
}

function toDbRow(row: CostRow): DbRow {
  return {
    hour: row.hour,
    service_ref: row.serviceRef,
    environment: row.environment,
    cluster: row.cluster,
    datacenter: row.datacenter,
    owner_ref: row.ownerRef ?? null,
    system_ref: row.systemRef ?? null,
    cpu_request_core_hours: row.cpuRequestCoreHours,
    cpu_usage_core_hours: row.cpuUsageCoreHours,
    memory_request_gib_hours: row.memoryRequestGiBHours,
    memory_usage_gib_hours: row.memoryUsageGiBHours,
    cpu_cost: row.cpuCost,
    memory_cost: row.memoryCost,
    cost: row.cost,
    samples: row.samples,
    sampled_at: row.sampledAt,
    demo: row.demo,
  };
}

function toCostRow(row: DbRow): CostRow {
  return {
    hour: Number(row.hour),
    serviceRef: row.service_ref,
    environment: row.environment,
    cluster: row.cluster,
    datacenter: row.datacenter,
    ownerRef: row.owner_ref ?? undefined,
    systemRef: row.system_ref ?? undefined,
    cpuRequestCoreHours: Number(row.cpu_request_core_hours),
    cpuUsageCoreHours: Number(row.cpu_usage_core_hours),
    memoryRequestGiBHours: Number(row.memory_request_gib_hours),
    memoryUsageGiBHours: Number(row.memory_usage_gib_hours),
    cpuCost: Number(row.cpu_cost),
    memoryCost: Number(row.memory_cost),
    cost: Number(row.cost),
    samples: Number(row.samples),
    sampledAt: Number(row.sampled_at),
    demo: Boolean(row.demo),
  };
}
