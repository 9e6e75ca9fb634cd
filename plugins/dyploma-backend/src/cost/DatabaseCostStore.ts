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
} from './CostStore';
import { CostRow, IDLE } from './types';

const TABLE = 'dyploma_cost_hourly';

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
    });
  }

  async upsert(rows: CostRow[]) {
    await this.write(this.db, rows);
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

  async deleteBefore(hour: number) {
    return await this.db(TABLE).where('hour', '<', hour).delete();
  }

  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    const db = this.db;
    const lower = Math.min(
      query.from,
      query.previousFrom ?? query.from,
      query.monthFrom ?? query.from,
    );
    const inWindow = (column: string, from: number, to: number) =>
      db.raw(
        `SUM(CASE WHEN hour >= ? AND hour < ? THEN ${column} ELSE 0 END)`,
        [from, to],
      );
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

    const q = db(TABLE)
      .select(columns)
      .select(select)
      .where('hour', '>=', lower)
      .andWhere('hour', '<', query.to)
      .groupBy(columns)
      .groupByRaw(idleFlag.toQuery());
    if (query.serviceRef !== undefined) {
      q.andWhere('service_ref', query.serviceRef);
    }
    if (query.ownerRefs !== undefined) {
      q.whereIn('owner_ref', query.ownerRefs);
    }
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

  async series(query: Parameters<CostStore['series']>[0]) {
    const db = this.db;
    const bucket = db.raw(
      `(hour / ${query.bucketHours}) * ${query.bucketHours}`,
    );
    const idleFlag = db.raw('CASE WHEN service_ref = ? THEN 1 ELSE 0 END', [
      IDLE,
    ]);
    const column = query.by ? DIMENSION_COLUMNS[query.by] : undefined;
    const q = db(TABLE)
      .select({
        bucket,
        key: column ? db.ref(column) : db.raw('NULL'),
        idle: db.raw(`MAX(${idleFlag.toQuery()})`),
        cost: db.raw('SUM(cost)'),
      })
      .where('hour', '>=', query.from)
      .andWhere('hour', '<', query.to)
      .groupByRaw(bucket.toQuery())
      .groupByRaw(idleFlag.toQuery())
      .orderBy('bucket');
    if (column) q.groupBy(column);
    if (query.serviceRef !== undefined) {
      q.andWhere('service_ref', query.serviceRef);
    }
    if (query.ownerRefs !== undefined) {
      q.whereIn('owner_ref', query.ownerRefs);
    }
    const rows = (await q) as Array<Record<string, unknown>>;
    return rows.map(r => ({
      bucket: Number(r.bucket),
      key: (r.key as string | null) ?? null,
      idle: Number(r.idle) === 1,
      cost: Number(r.cost),
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
