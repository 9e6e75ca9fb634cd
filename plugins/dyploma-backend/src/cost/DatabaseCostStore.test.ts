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
import { createCostCollector } from './collector';
import { DatabaseCostStore } from './DatabaseCostStore';
import { CLUSTERS, fleetSample } from './testFleet';
import { ClusterSample, CostRow, hourOf, IDLE, UNALLOCATED } from './types';

jest.setTimeout(60_000);

const payments = 'component:default/payments';
const search = 'component:default/search';

describe('DatabaseCostStore and the collector', () => {
  const databases = createStoreTestDatabases();

  async function setup(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const store = new DatabaseCostStore(knex);
    let samples: ClusterSample[] = [];
    let now = new Date('2026-11-24T10:30:00Z');
    const collect = createCostCollector({
      source: async () => samples,
      store,
      clusters: CLUSTERS,
      now: () => now,
      retentionDays: 2,
    });
    const rows = async (hour: number) =>
      new Map(
        (await knex('dyploma_cost_hourly').where({ hour })).map(r => [
          `${r.cluster} ${r.service_ref}`,
          r,
        ]),
      );
    return {
      knex,
      store,
      rows,
      run: async (s: ClusterSample[], at?: Date) => {
        samples = s;
        if (at) now = at;
        await collect();
      },
    };
  }

  it.each(databases.eachSupportedId())(
    'folds samples into the hour as their average × one hour, on %p',
    async databaseId => {
      const { knex, run, rows } = await setup(databaseId);
      const hour = hourOf(new Date('2026-11-24T10:00:00Z'));

      await run(fleetSample(new Date('2026-11-24T10:05:00Z')));
      let r = await rows(hour);
      expect(r.size).toBe(6);
      expect(r.get(`dc1 ${payments}`).cost).toBeCloseTo(0.08, 12);
      expect(r.get(`dc2 ${payments}`).cost).toBeCloseTo(0.072, 12);
      expect(r.get(`dc1 ${search}`).cost).toBeCloseTo(0.09, 12);
      expect(r.get(`dc1 ${UNALLOCATED}`).cost).toBeCloseTo(0.02, 12);
      expect(r.get(`dc1 ${IDLE}`).cost).toBeCloseTo(0.21, 12);
      expect(r.get(`dc2 ${IDLE}`).cost).toBeCloseTo(0.136, 12);
      expect(r.get(`dc1 ${payments}`)).toMatchObject({
        environment: 'production',
        datacenter: 'paris',
        owner_ref: 'group:default/team-payments',
        system_ref: 'system:default/commerce',
        cpu_request_core_hours: 2,
        cpu_usage_core_hours: 1,
        memory_request_gib_hours: 4,
        memory_usage_gib_hours: 2,
        samples: 1,
      });

      // The same sample again (a task re-run) changes nothing.
      await run(fleetSample(new Date('2026-11-24T10:05:00Z')));
      expect((await rows(hour)).get(`dc1 ${payments}`).samples).toBe(1);

      // Ten minutes later payments runs one pod in dc1 and search is gone: the hour holds
      // the average of the two samples. payments dc1 (0.08 + 0.04) / 2 = 0.06; search
      // (0.09 + 0) / 2 = 0.045; dc1 idle: second sample allocates 1.5 cores and 3 GiB,
      // idle 6.5 × 0.03 + 29 × 0.005 = 0.34, average (0.21 + 0.34) / 2 = 0.275.
      await run(
        fleetSample(new Date('2026-11-24T10:15:00Z'), {
          paymentsDc1Pods: 1,
          search: false,
        }),
      );
      r = await rows(hour);
      expect(r.get(`dc1 ${payments}`).cost).toBeCloseTo(0.06, 12);
      expect(r.get(`dc1 ${payments}`).cpu_request_core_hours).toBeCloseTo(
        1.5,
        12,
      );
      expect(r.get(`dc1 ${search}`).cost).toBeCloseTo(0.045, 12);
      expect(r.get(`dc1 ${search}`).samples).toBe(2);
      expect(r.get(`dc1 ${IDLE}`).cost).toBeCloseTo(0.275, 12);
      expect(r.get(`dc2 ${payments}`).cost).toBeCloseTo(0.072, 12);

      // The day's sums follow each fold.
      const daily = await knex('dyploma_cost_daily').where({
        day: Math.floor(hour / 24),
        service_ref: payments,
      });
      expect(daily.map(d => [d.cluster, d.cost])).toEqual(
        expect.arrayContaining([
          ['dc1', expect.closeTo(0.06, 12)],
          ['dc2', expect.closeTo(0.072, 12)],
        ]),
      );
      expect(daily).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'upserts idempotently and deletes rows past the retention, on %p',
    async databaseId => {
      const { knex, store, run } = await setup(databaseId);
      const row: CostRow = {
        hour: hourOf(new Date('2026-11-20T00:00:00Z')),
        serviceRef: payments,
        environment: 'production',
        cluster: 'dc1',
        datacenter: 'paris',
        ownerRef: 'group:default/team-payments',
        cpuRequestCoreHours: 1,
        cpuUsageCoreHours: 1,
        memoryRequestGiBHours: 1,
        memoryUsageGiBHours: 1,
        cpuCost: 1,
        memoryCost: 1,
        cost: 2,
        samples: 1,
        sampledAt: 0,
        demo: true,
      };
      await store.upsert([row]);
      await store.upsert([{ ...row, cost: 3 }]);
      const stored = await knex('dyploma_cost_hourly');
      expect(stored).toHaveLength(1);
      expect(stored[0].cost).toBe(3);
      expect(Boolean(stored[0].demo)).toBe(true);

      // Retention of 2 days at 2026-11-24T10:30 keeps 2026-11-22T10:00 onwards.
      await run(fleetSample(new Date('2026-11-24T10:05:00Z')));
      expect(
        await knex('dyploma_cost_hourly').where(
          'hour',
          '<',
          hourOf(new Date('2026-11-22T10:00:00Z')),
        ),
      ).toHaveLength(0);
      expect(await knex('dyploma_cost_hourly')).toHaveLength(6);
    },
  );
});
