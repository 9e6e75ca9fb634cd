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

import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import { migrationsDir } from '../database/migrate';
import { CostReports } from './CostReports';
import { DatabaseCostStore } from './DatabaseCostStore';
import { backfillDemoCost, demoHourRows, DemoService } from './demo';
import { CLUSTERS } from './testFleet';
import { GIB, hourOf, IDLE } from './types';
import { resolveWindow } from './windows';

jest.setTimeout(60_000);

const services: DemoService[] = [
  {
    serviceRef: 'component:default/payments',
    ownerRef: 'group:default/team-payments',
    systemRef: 'system:default/commerce',
    deployments: [
      {
        environment: 'production',
        cluster: 'dc1',
        replicas: 2,
        requests: { cpuCores: 1, memoryBytes: 2 * GIB },
      },
      {
        environment: 'production',
        cluster: 'dc2',
        replicas: 1,
        requests: { cpuCores: 1, memoryBytes: 2 * GIB },
      },
    ],
  },
];
const capacity = new Map([
  ['dc1', { cpuCores: 8, memoryBytes: 32 * GIB }],
  ['dc2', { cpuCores: 4, memoryBytes: 8 * GIB }],
]);
const now = new Date('2026-11-24T10:30:00Z');

describe('demo backfill', () => {
  it('prices an hour of the demo fleet deterministically, within the requests', () => {
    const hour = hourOf(now) - 3;
    const rows = demoHourRows({ hour, services, clusters: CLUSTERS, capacity });
    expect(rows).toEqual(
      demoHourRows({ hour, services, clusters: CLUSTERS, capacity }),
    );
    expect(rows.map(r => [r.cluster, r.serviceRef])).toEqual([
      ['dc1', 'component:default/payments'],
      ['dc1', IDLE],
      ['dc2', 'component:default/payments'],
      ['dc2', IDLE],
    ]);
    const dc1 = rows[0];
    expect(dc1).toMatchObject({
      demo: true,
      cpuRequestCoreHours: 2,
      memoryRequestGiBHours: 4,
    });
    // Usage stays under the requests (at most 70 % × 1.1 × 1.3 of CPU), so the cost is the
    // requests': 2 × 0.03 + 4 × 0.005 = 0.08, and idle is the rest of 0.40.
    expect(dc1.cpuUsageCoreHours).toBeLessThan(2);
    expect(dc1.cost).toBeCloseTo(0.08, 12);
    expect(rows[1].cost).toBeCloseTo(0.32, 12);
  });

  const databases = createStoreTestDatabases();
  async function setup(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    return { knex, store: new DatabaseCostStore(knex) };
  }

  it.each(databases.eachSupportedId())(
    'writes a week of rows marked demo, once, on %p',
    async databaseId => {
      const { knex, store } = await setup(databaseId);
      const first = await backfillDemoCost({
        store,
        services,
        clusters: CLUSTERS,
        capacity,
        now,
      });
      // 7 × 24 hours × (2 service rows + 2 idle rows)
      expect(first.rows).toBe(672);
      const again = await backfillDemoCost({
        store,
        services,
        clusters: CLUSTERS,
        capacity,
        now,
      });
      expect(again).toEqual({ rows: 0, hours: 0 });
      const [{ n }] = await knex('dyploma_cost_hourly').count({ n: '*' });
      expect(Number(n)).toBe(672);

      const card = await new CostReports(store, { now: () => now }).service(
        'component:default/payments',
        resolveWindow({ window: '7d' }, now),
      );
      expect(card.demo).toBe(true);
      // dc1 2 × 0.03 + 4 × 0.005 = 0.08, dc2 1 × 0.04 + 2 × 0.006 = 0.052 an hour; the 7 d
      // window ends with the current hour (not backfilled), so it holds 167 demo hours.
      expect(card.cost).toBeCloseTo(0.132 * 167, 9);

      // A gap (the demo was stopped) is filled; an hour the collector measured is kept.
      const gap = [hourOf(now) - 5, hourOf(now) - 4];
      await knex('dyploma_cost_hourly').whereIn('hour', gap).delete();
      await knex('dyploma_cost_hourly')
        .where({ hour: hourOf(now) - 1, cluster: 'dc1' })
        .update({ demo: false, cost: 42 });
      const refill = await backfillDemoCost({
        store,
        services,
        clusters: CLUSTERS,
        capacity,
        now,
      });
      expect(refill).toEqual({ rows: 8, hours: 2 });
      const kept = await knex('dyploma_cost_hourly')
        .where({ hour: hourOf(now) - 1, cluster: 'dc1', demo: false })
        .select('cost');
      expect(kept.map(r => Number(r.cost))).toEqual([42, 42]);
    },
  );
});
