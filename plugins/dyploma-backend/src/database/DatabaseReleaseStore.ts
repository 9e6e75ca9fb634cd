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
import { NewRelease, Release, ReleasePage, ReleaseStore } from './ReleaseStore';
import { toDate } from './dates';
import { isUniqueViolation } from './errors';
import { rowsOf, sqlOnce } from './raw';

/** The newest-release statement per number of environments. */
const newestSql = new Map<number, string>();

export type ReleaseRow = {
  id: string | number;
  service_ref: string;
  environment: string;
  revision: number;
  spec: string;
  author: string;
  reason: string | null;
  order_id: string | null;
  created_at: Date | string;
};

const DEFAULT_PAGE = 20;
const MAX_PAGE = 200;
// Two writers may pick the same next revision; the unique index turns the loser's insert
// into an error and it tries again with the new maximum.
const MAX_APPEND_ATTEMPTS = 10;

/** Knex implementation of {@link ReleaseStore}, for SQLite and PostgreSQL. */
export class DatabaseReleaseStore implements ReleaseStore {
  constructor(private readonly db: Knex) {}

  async append(release: NewRelease): Promise<Release> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async tx => {
          const { max } = (await tx('dyploma_releases')
            .where({
              service_ref: release.serviceRef,
              environment: release.environment,
            })
            .max({ max: 'revision' })
            .first()) as { max: number | null };
          const revision = Number(max ?? 0) + 1;
          const [row] = await tx<ReleaseRow>('dyploma_releases')
            .insert({
              service_ref: release.serviceRef,
              environment: release.environment,
              revision,
              spec: JSON.stringify(release.spec),
              author: release.author,
              reason: release.reason ?? null,
              order_id: release.orderId ?? null,
            })
            .returning('*');
          return toRelease(row);
        });
      } catch (error) {
        if (attempt >= MAX_APPEND_ATTEMPTS || !isUniqueViolation(error)) {
          throw error;
        }
      }
    }
  }

  async get(serviceRef: string, environment: string, revision: number) {
    const row = await this.db<ReleaseRow>('dyploma_releases')
      .where({ service_ref: serviceRef, environment, revision })
      .first();
    return row ? toRelease(row) : undefined;
  }

  async latest(serviceRef: string, environment: string) {
    const row = await this.db<ReleaseRow>('dyploma_releases')
      .where({ service_ref: serviceRef, environment })
      .orderBy('revision', 'desc')
      .first();
    return row ? toRelease(row) : undefined;
  }

  async latestPerEnvironment(serviceRef: string, environments: string[]) {
    if (environments.length === 0) return new Map<string, Release>();
    // One statement of one index probe per environment (the newest revision through the
    // unique index on service_ref, environment, revision): its cost does not grow with a
    // service's history, as a GROUP BY over every revision would. Written as text: the
    // status read runs it on every view (see raw.ts).
    const sql = sqlOnce(newestSql, environments.length, () =>
      environments
        .map(
          (_, i) =>
            `select * from (select * from dyploma_releases where service_ref = ? and environment = ? order by revision desc limit 1) newest${i}`,
        )
        .join(' union all '),
    );
    const rows = rowsOf<ReleaseRow>(
      await this.db.raw(
        sql,
        environments.flatMap(environment => [serviceRef, environment]),
      ),
    );
    return new Map(rows.map(row => [row.environment, toRelease(row)]));
  }

  async list(
    serviceRef: string,
    environment: string,
    options?: { limit?: number; before?: number },
  ): Promise<ReleasePage> {
    const limit = Math.min(
      Math.max(options?.limit ?? DEFAULT_PAGE, 1),
      MAX_PAGE,
    );
    const query = this.db<ReleaseRow>('dyploma_releases')
      .where({ service_ref: serviceRef, environment })
      .orderBy('revision', 'desc')
      .limit(limit + 1);
    if (options?.before !== undefined) {
      query.where('revision', '<', options.before);
    }
    const rows = await query;
    const items = rows.slice(0, limit).map(toRelease);
    return {
      items,
      nextBefore:
        rows.length > limit ? items[items.length - 1].revision : undefined,
    };
  }
}

export function toRelease(row: ReleaseRow): Release {
  return {
    id: String(row.id),
    serviceRef: row.service_ref,
    environment: row.environment,
    revision: Number(row.revision),
    spec: JSON.parse(row.spec),
    author: row.author,
    reason: row.reason ?? undefined,
    orderId: row.order_id ?? undefined,
    createdAt: toDate(row.created_at),
  };
}
