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
import { COST_NOT_SHOWN } from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import { migrationsDir } from '../database/migrate';
import { CostReports, reportToCsv } from './CostReports';
import { DatabaseCostStore } from './DatabaseCostStore';
import { NOW, PARENTS, seedTwoDays } from './testFleet';
import { resolveWindow } from './windows';

jest.setTimeout(60_000);

const payments = 'component:default/payments';
const search = 'component:default/search';

describe('CostReports', () => {
  const databases = createStoreTestDatabases();

  async function setup(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const store = new DatabaseCostStore(knex);
    await seedTwoDays(store);
    return new CostReports(store, {
      groupParents: async () => PARENTS,
      now: () => NOW,
    });
  }
  const day = resolveWindow({ window: '24h' }, NOW);

  it.each(databases.eachSupportedId())(
    'prices a service over two clusters, its trend and projected month, on %p',
    async databaseId => {
      const reports = await setup(databaseId);
      const card = await reports.service(payments, day);
      expect(card.window).toEqual({
        from: '2026-11-02T00:00:00.000Z',
        to: '2026-11-03T00:00:00.000Z',
        hours: 24,
      });
      expect(card.cost).toBeCloseTo(3.648, 9);
      expect(card.previousCost).toBeCloseTo(2.688, 9);
      // (3.648 − 2.688) / 2.688 = 0.96 / 2.688 = 5/14
      expect(card.trend).toBeCloseTo(5 / 14, 9);
      // Month to date 3.648 + 2.688 = 6.336 over 48 of November's 720 hours → × 15.
      expect(card.month.toDate).toBeCloseTo(6.336, 9);
      expect(card.month).toMatchObject({ hours: 720, elapsedHours: 48 });
      expect(card.month.projected).toBeCloseTo(95.04, 9);
      expect(card.byCluster.map(c => [c.key, c.datacenter])).toEqual([
        ['dc1', 'paris'],
        ['dc2', 'frankfurt'],
      ]);
      expect(card.byCluster[0].cost).toBeCloseTo(1.92, 9);
      expect(card.byCluster[1].cost).toBeCloseTo(1.728, 9);
      expect(card.byEnvironment).toHaveLength(1);
      expect(card.byEnvironment[0].key).toBe('production');
      // CPU used 1 + 1.5 of 2 + 1 requested; memory 2 + 1 of 4 + 2.
      expect(card.efficiency.cpu).toBeCloseTo(2.5 / 3, 9);
      expect(card.efficiency.memory).toBeCloseTo(0.5, 9);
      expect(card.demo).toBe(false);

      // A custom window over Nov 1 is the previous window.
      const nov1 = await reports.service(
        payments,
        resolveWindow(
          {
            from: new Date('2026-11-01T00:00:00Z'),
            to: new Date('2026-11-02T00:00:00Z'),
          },
          NOW,
        ),
      );
      expect(nov1.cost).toBeCloseTo(2.688, 9);
      expect(nov1.previousCost).toBe(0);
      expect(nov1.trend).toBeNull();
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls owners up to parent groups, idle apart, on %p',
    async databaseId => {
      const reports = await setup(databaseId);
      const owners = await reports.report({ groupBy: 'owner', window: day });
      const cost = new Map(owners.items.map(i => [i.key, i]));
      expect(cost.get('group:default/team-payments')!.cost).toBeCloseTo(
        3.648,
        9,
      );
      expect(cost.get('group:default/commerce')!.cost).toBeCloseTo(3.648, 9);
      expect(cost.get('group:default/commerce')!.ownCost).toBe(0);
      expect(cost.get('group:default/customer-experience')!.cost).toBeCloseTo(
        2.16,
        9,
      );
      // 3.648 + 2.16; previous 2.688 + 0.
      expect(cost.get('group:default/engineering')!.cost).toBeCloseTo(5.808, 9);
      expect(cost.get('group:default/engineering')!.previousCost).toBeCloseTo(
        2.688,
        9,
      );
      expect(cost.get(null)!.cost).toBeCloseTo(0.48, 9);
      expect(owners.items[0].key).toBe('group:default/engineering');
      // Allocated 5.808 + 0.48; idle 5.04 + 3.264 = 8.304.
      expect(owners.total.cost).toBeCloseTo(6.288, 9);
      expect(owners.total.previousCost).toBeCloseTo(3.168, 9);
      expect(owners.total.idleCost).toBeCloseTo(8.304, 9);

      const team = await reports.owner('group:default/commerce', day);
      expect(team.cost).toBeCloseTo(3.648, 9);
      expect(team.ownCost).toBe(0);
      expect(team.services.map(s => s.key)).toEqual([payments]);
      expect(team.groups.map(g => [g.key, g.cost])).toEqual([
        ['group:default/team-payments', expect.closeTo(3.648, 9)],
      ]);
      expect(team.month.projected).toBeCloseTo(95.04, 9);

      const eng = await reports.owner('group:default/engineering', day);
      expect(eng.services.map(s => s.key)).toEqual([payments, search]);
      expect(eng.cost).toBeCloseTo(5.808, 9);
    },
  );

  it.each(databases.eachSupportedId())(
    'names only the groups a scope shows: a hidden group’s cost is the nearest shown group’s, or one not-shown line, on %p',
    async databaseId => {
      const reports = await setup(databaseId);
      // A caller the catalog shows both services, engineering and team-payments, but not
      // commerce, customer-experience or team-search (team-search → customer-experience →
      // engineering; team-payments → commerce → engineering).
      const asked: string[][] = [];
      const scopeOf =
        (shown: string[]) =>
        async (refs: string[]): Promise<ReadonlySet<string>> => {
          asked.push(refs);
          return new Set(refs.filter(r => shown.includes(r)));
        };
      const hiddenGroups = /commerce|customer-experience|team-search/;
      const scope = scopeOf([
        payments,
        search,
        'group:default/engineering',
        'group:default/team-payments',
      ]);
      const owners = await reports.report({
        groupBy: 'owner',
        window: day,
        scope,
      });
      expect(owners.items.map(i => [i.key, i.cost, i.ownCost])).toEqual([
        // search's 2.16 is engineering's own; team-payments hangs from engineering.
        [
          'group:default/engineering',
          expect.closeTo(5.808, 9),
          expect.closeTo(2.16, 9),
        ],
        [
          'group:default/team-payments',
          expect.closeTo(3.648, 9),
          expect.closeTo(3.648, 9),
        ],
        [null, expect.closeTo(0.48, 9), expect.closeTo(0.48, 9)],
      ]);
      // One lookup, of the services, their owners and every group above them.
      expect(asked).toHaveLength(1);
      expect(asked[0]).toEqual(
        expect.arrayContaining([
          'group:default/team-search',
          'group:default/customer-experience',
          'group:default/commerce',
          'group:default/engineering',
        ]),
      );

      const eng = await reports.owner('group:default/engineering', day, scope);
      expect(eng.cost).toBeCloseTo(5.808, 9);
      expect(eng.ownCost).toBeCloseTo(2.16, 9);
      expect(eng.groups.map(g => g.key)).toEqual([
        'group:default/team-payments',
      ]);
      expect(eng.services.map(s => [s.key, s.ownerRef])).toEqual([
        [payments, 'group:default/team-payments'],
        [search, 'group:default/engineering'],
      ]);
      const commerce = await reports.owner(
        'group:default/commerce',
        day,
        scope,
      );
      expect(commerce).toMatchObject({ cost: 0, services: [], groups: [] });

      const over = await reports.overProvisioned({ window: day, scope });
      expect(over.items.map(i => [i.serviceRef, i.ownerRef])).toEqual([
        [search, 'group:default/engineering'],
        [payments, 'group:default/team-payments'],
      ]);
      for (const body of [owners, eng, over]) {
        expect(JSON.stringify(body)).not.toMatch(hiddenGroups);
      }

      // A caller shown the services but none of their groups: one line, named by nobody.
      const noGroups = scopeOf([payments, search]);
      const none = await reports.report({
        groupBy: 'owner',
        window: day,
        scope: noGroups,
      });
      expect(none.items.map(i => [i.key, i.cost])).toEqual([
        [COST_NOT_SHOWN, expect.closeTo(5.808, 9)],
        [null, expect.closeTo(0.48, 9)],
      ]);
      expect(none.total.cost).toBeCloseTo(6.288, 9);
      const overNone = await reports.overProvisioned({
        window: day,
        scope: noGroups,
      });
      expect(overNone.items.map(i => [i.serviceRef, i.ownerRef])).toEqual([
        [search, COST_NOT_SHOWN],
        [payments, COST_NOT_SHOWN],
      ]);
      const series = await reports.series(
        { by: 'owner', from: day.from, to: day.to, bucketHours: 24 },
        noGroups,
      );
      expect(
        [...new Set(series.filter(p => !p.idle).map(p => p.key))].sort(),
      ).toEqual([COST_NOT_SHOWN, null].sort());
      for (const body of [none, overNone, series]) {
        expect(JSON.stringify(body)).not.toMatch(/group:/);
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'reports by cluster, datacenter, system and environment, and shares idle, on %p',
    async databaseId => {
      const reports = await setup(databaseId);
      const clusters = await reports.report({
        groupBy: 'cluster',
        window: day,
      });
      expect(clusters.items.map(i => [i.key, i.cost, i.idleCost])).toEqual([
        // dc1 allocated (0.08 + 0.09 + 0.02) × 24 = 4.56
        ['dc1', expect.closeTo(4.56, 9), expect.closeTo(5.04, 9)],
        ['dc2', expect.closeTo(1.728, 9), expect.closeTo(3.264, 9)],
      ]);
      const dcs = await reports.report({ groupBy: 'datacenter', window: day });
      expect(dcs.items.map(i => i.key)).toEqual(['paris', 'frankfurt']);

      const systems = await reports.report({ groupBy: 'system', window: day });
      expect(systems.items.map(i => [i.key, i.cost])).toEqual([
        ['system:default/commerce', expect.closeTo(3.648, 9)],
        ['system:default/discovery', expect.closeTo(2.16, 9)],
        [null, expect.closeTo(0.48, 9)],
      ]);
      const envs = await reports.report({
        groupBy: 'environment',
        window: day,
      });
      expect(envs.items.map(i => [i.key, i.cost])).toEqual([
        ['production', expect.closeTo(5.808, 9)],
        ['', expect.closeTo(0.48, 9)],
      ]);

      // Shared idle: dc2's 3.264 all to payments; dc1's CPU idle 0.105/h split by CPU cost
      // (payments 0.06, search 0.06, kube-system 0.015 of 0.135) and memory idle 0.105/h by
      // memory cost (0.02, 0.03, 0.005 of 0.055).
      const shared = await reports.report({
        groupBy: 'service',
        window: day,
        shareIdle: true,
      });
      const s = new Map(shared.items.map(i => [i.key, i]));
      const dc1Share = (cpu: number, memory: number) =>
        24 * (0.105 * (cpu / 0.135) + 0.105 * (memory / 0.055));
      expect(s.get(payments)!.idleShare).toBeCloseTo(
        3.264 + dc1Share(0.06, 0.02),
        9,
      );
      expect(s.get(search)!.idleShare).toBeCloseTo(dc1Share(0.06, 0.03), 9);
      expect(s.get(search)!.cost).toBeCloseTo(2.16 + dc1Share(0.06, 0.03), 9);
      // Everything is shared: 6.288 allocated + 8.304 idle.
      expect(shared.total.cost).toBeCloseTo(14.592, 9);
      expect(shared.total.idleCost).toBeCloseTo(0, 9);
    },
  );

  it.each(databases.eachSupportedId())(
    'finds over-provisioned services and the monthly saving, on %p',
    async databaseId => {
      const reports = await setup(databaseId);
      const over = await reports.overProvisioned({ window: day });
      // search CPU: efficiency 1/2, cost 0.06/h → 0.06 × (1 − 0.575) × 730 = 18.615.
      // payments memory: efficiency 3/6, cost 0.032/h → 0.032 × 0.425 × 730 = 9.928.
      expect(over.items.map(i => i.serviceRef)).toEqual([search, payments]);
      expect(over.items[0].monthlySaving.cpu).toBeCloseTo(18.615, 9);
      expect(over.items[0].monthlySaving.memory).toBe(0);
      expect(over.items[1].monthlySaving.memory).toBeCloseTo(9.928, 9);
      expect(over.items[1].monthlySaving.total).toBeCloseTo(9.928, 9);
    },
  );

  it('writes CSV with a header row', async () => {
    const csv = reportToCsv({
      groupBy: 'service',
      window: { from: '', to: '', hours: 24 },
      previousWindow: { from: '', to: '', hours: 24 },
      shareIdle: false,
      items: [
        {
          key: 'component:default/a,b',
          cost: 1.5,
          previousCost: 1,
          trend: 0.5,
          cpuCost: 1,
          memoryCost: 0.5,
          cpuRequestCoreHours: 2,
          cpuUsageCoreHours: 1,
          memoryRequestGiBHours: 4,
          memoryUsageGiBHours: 4,
          efficiency: { cpu: 0.5, memory: 1 },
        },
      ],
      total: { cost: 1.5, previousCost: 1, trend: 0.5, idleCost: 0 },
      demo: false,
    });
    expect(csv.split('\r\n')).toEqual([
      'service,cost,previous_cost,trend,cpu_cost,memory_cost,cpu_request_core_hours,cpu_usage_core_hours,memory_request_gib_hours,memory_usage_gib_hours,cpu_efficiency,memory_efficiency,idle_cost,idle_share,own_cost,hidden_services',
      '"component:default/a,b",1.5,1,0.5,1,0.5,2,1,4,4,0.5,1,,,,',
      '',
    ]);
  });

  it('writes sums of costs without float noise in CSV', async () => {
    const cost = 0.1 + 0.2 + 0.056; // 0.35600000000000004 in floating point
    const csv = reportToCsv({
      groupBy: 'owner',
      window: { from: '', to: '', hours: 24 },
      previousWindow: { from: '', to: '', hours: 24 },
      shareIdle: false,
      items: [
        {
          key: 'group:default/team-a',
          cost,
          previousCost: 0,
          trend: null,
          cpuCost: cost,
          memoryCost: 0,
          cpuRequestCoreHours: 1 / 3,
          cpuUsageCoreHours: 0,
          memoryRequestGiBHours: 0,
          memoryUsageGiBHours: 0,
          efficiency: { cpu: 0, memory: 0 },
        },
      ],
      total: { cost, previousCost: 0, trend: 0, idleCost: 0 },
      demo: false,
    });
    expect(csv.split('\r\n')[1]).toBe(
      'group:default/team-a,0.356,0,,0.356,0,0.333333333333,0,0,0,0,0,,,,',
    );
  });
});
