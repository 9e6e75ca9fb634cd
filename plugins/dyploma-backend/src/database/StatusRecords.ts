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
import { activeKey } from './DatabaseOrderStore';
import { ReleaseRow, toRelease } from './DatabaseReleaseStore';
import { Order, OrderStore } from './OrderStore';
import { rowsOf, sqlOnce } from './raw';
import { Release } from './ReleaseStore';

/** At most this many releases are kept as read (see `StatusRecords.releases`). */
const MAX_RELEASES = 1000;

/** The statement per number of environments. */
const statements = new Map<number, string>();

/** A row of either part: a release's columns, or an active order's id and environment. */
type Row = {
  id: string | number | null;
  service_ref: string | null;
  environment: string;
  revision: number | null;
  spec: string | null;
  author: string | null;
  reason: string | null;
  order_id: string | null;
  created_at: Date | string | null;
  active_order: string | null;
};

/**
 * What a service's status read takes from the database: the newest release and the
 * active order of each environment, read on every request (so another replica's writes
 * are seen at once), in one statement while no order is active: the newest release of
 * each environment (one index probe each, as `ReleaseStore.latestPerEnvironment`) and
 * the ids of active orders (the `active_key` unique index, as
 * `OrderStore.activePerEnvironment`). Only when an order is active are its rows and
 * targets read, through the order store. Callers share the Release objects it returns:
 * read them, never change them.
 */
export class StatusRecords {
  /**
   * Releases as read, by id: a release is never changed once written, so one read again
   * is not parsed again (its spec is most of the row). At most `MAX_RELEASES`.
   */
  private readonly releases = new Map<string, Release>();

  constructor(
    private readonly db: Knex,
    private readonly orders: Pick<OrderStore, 'activePerEnvironment'>,
  ) {}

  private release(row: ReleaseRow): Release {
    const id = String(row.id);
    const known = this.releases.get(id);
    if (
      known &&
      known.serviceRef === row.service_ref &&
      known.environment === row.environment &&
      known.revision === Number(row.revision)
    ) {
      return known;
    }
    const release = toRelease(row);
    this.releases.delete(id);
    this.releases.set(id, release);
    for (const oldest of this.releases.keys()) {
      if (this.releases.size <= MAX_RELEASES) break;
      this.releases.delete(oldest);
    }
    return release;
  }

  async read(
    serviceRef: string,
    environments: string[],
  ): Promise<{
    releases: Map<string, Release>;
    activeOrders: Map<string, Order>;
  }> {
    if (environments.length === 0) {
      return { releases: new Map(), activeOrders: new Map() };
    }
    const sql = sqlOnce(statements, environments.length, () => {
      const columns =
        'id, service_ref, environment, revision, spec, author, reason, order_id, created_at';
      const newest = environments.map(
        (_, i) =>
          `select ${columns}, null as active_order from (select ${columns} from dyploma_releases where service_ref = ? and environment = ? order by revision desc limit 1) newest${i}`,
      );
      const active = `select null, null, environment, null, null, null, null, null, null, id from dyploma_orders where active_key in (${environments
        .map(() => '?')
        .join(', ')})`;
      return [...newest, active].join(' union all ');
    });
    const rows = rowsOf<Row>(
      await this.db.raw(sql, [
        ...environments.flatMap(environment => [serviceRef, environment]),
        ...environments.map(environment => activeKey(serviceRef, environment)),
      ]),
    );
    const releases = new Map<string, Release>();
    const active: string[] = [];
    for (const row of rows) {
      if (row.active_order !== null) active.push(row.environment);
      else releases.set(row.environment, this.release(row as ReleaseRow));
    }
    return {
      releases,
      activeOrders:
        active.length > 0
          ? await this.orders.activePerEnvironment(serviceRef, active)
          : new Map(),
    };
  }
}
