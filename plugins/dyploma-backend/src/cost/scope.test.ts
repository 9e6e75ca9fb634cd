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

import { mockCredentials } from '@backstage/backend-test-utils';
import {
  COST_NOT_SHOWN,
  CostLine,
  CostReport,
  CostSeries,
  OverProvisionedReport,
  OwnerCost,
  ServiceCost,
} from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
  asked,
  STRANGER,
  TEAM_ONLY,
} from '../service/__testUtils__/catalogPolicy';
import {
  resetAskedBeforeEach,
  startWithCatalogPolicy,
  storeCosts,
} from '../service/__testUtils__/policyBackend';
import { Dyploma, USERS } from '../service/__testUtils__/testBackend';
import { IDLE } from './types';

jest.setTimeout(60_000);

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';
const VAULT = 'component:default/vault';

/**
 * What TEAM_ONLY must never read: ledger's ref or bare name (team-ledger, a group they may
 * see, may appear), ledger's system, everything of vault, whose owner they may not see,
 * and skunkworks, the group between engineering and team-ledger they may not see.
 */
const HIDDEN_FROM_TEAM =
  /component:default\/ledger|(?<!team-)ledger|books|vault|secret|skunkworks/;
/** What a caller the catalog shows nothing must never read. */
const HIDDEN_FROM_STRANGER =
  /payments|ledger|vault|secret|checkout|books|engineering|skunkworks|team-/;

const keys = (lines: CostLine[]) => lines.map(l => l.key);

// The catalog and policy stand in for the catalog backend (not a dependency of this
// plugin): TEAM_ONLY sees groups and team-payments' services, STRANGER nothing, the others
// everything (service/__testUtils__/catalogPolicy.ts).
describe.each(createStoreTestDatabases().eachSupportedId())(
  'Cost reports show only what the catalog shows the caller (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let dyploma: Dyploma;

    beforeAll(async () => {
      dyploma = await startWithCatalogPolicy(databases, databaseId);
      // One hour of production in dc1: three services requesting ten times what they use,
      // and the cluster's idle capacity.
      await storeCosts(dyploma, [
        {
          serviceRef: PAYMENTS,
          ownerRef: 'group:default/team-payments',
          systemRef: 'system:default/checkout',
          cost: 10,
        },
        {
          serviceRef: LEDGER,
          ownerRef: 'group:default/team-ledger',
          systemRef: 'system:default/books',
          cost: 500,
        },
        {
          serviceRef: VAULT,
          ownerRef: 'group:default/team-secret',
          systemRef: 'system:default/vaults',
          cost: 70,
        },
        { serviceRef: IDLE, cost: 30 },
      ]);
    });

    resetAskedBeforeEach();

    const get = async (user: string, path: string) => {
      const res = await request(dyploma.server)
        .get(`/api/dyploma/cost${path}`)
        .set('Authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return res;
    };
    const report = async (user: string, query: string) =>
      (await get(user, `/report?window=24h&${query}`)).body as CostReport;

    it('shows a caller the catalog shows everything every service, asking the catalog nothing', async () => {
      const byService = await report(USERS.other, 'groupBy=service');
      expect(keys(byService.items)).toEqual([LEDGER, VAULT, PAYMENTS]);
      expect(byService.total).toMatchObject({ cost: 580, idleCost: 30 });
      const owners = (await get(USERS.other, '/owners?window=24h'))
        .body as CostReport;
      expect(owners.items.map(l => [l.key, l.cost]).sort()).toEqual([
        ['group:default/engineering', 510],
        ['group:default/skunkworks', 500],
        ['group:default/team-ledger', 500],
        ['group:default/team-payments', 10],
        ['group:default/team-secret', 70],
      ]);
      const over = (await get(USERS.other, '/over-provisioned?window=24h'))
        .body as OverProvisionedReport;
      expect(over.items.map(i => i.serviceRef)).toEqual([
        LEDGER,
        VAULT,
        PAYMENTS,
      ]);
      expect(asked.byRefs).toBe(0);
    });

    it('names only a team member’s services, counts hidden ones of groups they see unnamed, and leaves out the rest', async () => {
      const byService = await report(TEAM_ONLY, 'groupBy=service');
      expect(byService.items).toEqual([
        expect.objectContaining({
          key: COST_NOT_SHOWN,
          cost: 500,
          hiddenServices: 1,
        }),
        expect.objectContaining({ key: PAYMENTS, cost: 10 }),
      ]);
      // Ledger's cost stays in the totals (its group, team-ledger, is one they may see);
      // vault's owner is not, so vault's cost is in no total.
      expect(byService.total).toMatchObject({ cost: 510, idleCost: 30 });

      const bySystem = await report(TEAM_ONLY, 'groupBy=system');
      expect(bySystem.items).toEqual([
        expect.objectContaining({ key: COST_NOT_SHOWN, cost: 500 }),
        expect.objectContaining({ key: 'system:default/checkout', cost: 10 }),
      ]);

      // Groups keep their whole cost, rolled up to engineering; skunkworks, between
      // engineering and team-ledger, is not named.
      const owners = (await get(TEAM_ONLY, '/owners?window=24h'))
        .body as CostReport;
      expect(owners.items).toEqual([
        expect.objectContaining({
          key: 'group:default/engineering',
          cost: 510,
        }),
        expect.objectContaining({
          key: 'group:default/team-ledger',
          cost: 500,
        }),
        expect.objectContaining({
          key: 'group:default/team-payments',
          cost: 10,
        }),
      ]);

      const byEnvironment = await report(TEAM_ONLY, 'groupBy=environment');
      expect(byEnvironment.items).toEqual([
        expect.objectContaining({ key: 'production', cost: 510 }),
      ]);
      const byCluster = await report(TEAM_ONLY, 'groupBy=cluster');
      expect(byCluster.items).toEqual([
        expect.objectContaining({ key: 'dc1', cost: 510, idleCost: 30 }),
      ]);

      const csv = await get(
        TEAM_ONLY,
        '/report?window=24h&groupBy=service&format=csv',
      );
      const rows = csv.text.trim().split('\r\n');
      expect(rows[0]).toMatch(/,hidden_services$/);
      expect(rows.slice(1).map(r => r.split(',')[0])).toEqual([
        COST_NOT_SHOWN,
        PAYMENTS,
      ]);
      expect(rows[1]).toMatch(/,1$/);

      for (const body of [
        byService,
        bySystem,
        owners,
        byEnvironment,
        byCluster,
      ]) {
        expect(JSON.stringify(body)).not.toMatch(HIDDEN_FROM_TEAM);
      }
      expect(csv.text).not.toMatch(HIDDEN_FROM_TEAM);
      // One catalog lookup with the caller's credentials per report.
      expect(asked.byRefs).toBe(6);
    });

    it('shares idle capacity over every service as for everyone, so a visible service’s share does not grow', async () => {
      const query = 'groupBy=service&shareIdle=true';
      const everyone = await report(USERS.other, query);
      const teamOnly = await report(TEAM_ONLY, query);
      const line = (r: CostReport, key: string) =>
        r.items.find(l => l.key === key)!;
      // dc1's idle 30 goes to each service by its cost out of 580.
      expect(line(teamOnly, PAYMENTS).cost).toBeCloseTo(
        10 + (30 * 10) / 580,
        9,
      );
      expect(line(teamOnly, PAYMENTS).cost).toBeCloseTo(
        line(everyone, PAYMENTS).cost,
        9,
      );
      expect(line(teamOnly, COST_NOT_SHOWN).cost).toBeCloseTo(
        line(everyone, LEDGER).cost,
        9,
      );
      // Vault's share leaves with vault; none of the idle is left unshared.
      expect(teamOnly.total.cost).toBeCloseTo(510 + (30 * 510) / 580, 9);
      expect(teamOnly.total.idleCost).toBeCloseTo(0, 9);
      expect(JSON.stringify(teamOnly)).not.toMatch(HIDDEN_FROM_TEAM);
    });

    it('answers a team member’s cards, series and savings without a hidden service', async () => {
      const engineering = (
        await get(TEAM_ONLY, '/owners/default/engineering?window=24h')
      ).body as OwnerCost;
      expect(engineering).toMatchObject({ cost: 510, ownCost: 0 });
      expect(engineering.services).toEqual([
        expect.objectContaining({
          key: COST_NOT_SHOWN,
          cost: 500,
          hiddenServices: 1,
          ownerRef: null,
        }),
        expect.objectContaining({
          key: PAYMENTS,
          cost: 10,
          ownerRef: 'group:default/team-payments',
        }),
      ]);
      expect(engineering.groups).toEqual([
        expect.objectContaining({
          key: 'group:default/team-ledger',
          cost: 500,
        }),
        expect.objectContaining({
          key: 'group:default/team-payments',
          cost: 10,
        }),
      ]);

      // A hidden service's card is that of a service that does not exist: only the ref
      // the caller asked with comes back.
      const card = async (name: string) => {
        const body = (
          await get(TEAM_ONLY, `/services/default/${name}?window=24h`)
        ).body as ServiceCost;
        expect([body.serviceRef, body.key]).toEqual([
          `component:default/${name}`,
          `component:default/${name}`,
        ]);
        return { ...body, serviceRef: '', key: '' };
      };
      const ledger = await card('ledger');
      expect(ledger).toEqual(await card('nothing'));
      expect(ledger.cost).toBe(0);
      expect((await card('payments')).cost).toBe(10);

      const series = async (query: string) =>
        (await get(TEAM_ONLY, `/series?window=24h&step=hour&${query}`))
          .body as CostSeries;
      const byService = await series('groupBy=service');
      expect(
        byService.points.map(p => [p.idle ? 'idle' : p.key, p.cost]).sort(),
      ).toEqual([
        [COST_NOT_SHOWN, 500],
        [PAYMENTS, 10],
        ['idle', 30],
      ]);
      const ofLedger = await series(`service=${LEDGER}&groupBy=environment`);
      expect(ofLedger.points).toEqual([]);
      const ofTeam = await series(
        'owner=group:default/engineering&groupBy=service',
      );
      expect(ofTeam.points.map(p => [p.key, p.cost]).sort()).toEqual([
        [COST_NOT_SHOWN, 500],
        [PAYMENTS, 10],
      ]);

      // Savings are of services to act on: only those the caller may see.
      const over = (await get(TEAM_ONLY, '/over-provisioned?window=24h'))
        .body as OverProvisionedReport;
      expect(over.items.map(i => i.serviceRef)).toEqual([PAYMENTS]);

      for (const body of [
        engineering,
        ledger,
        byService,
        ofLedger,
        ofTeam,
        over,
      ]) {
        expect(JSON.stringify(body)).not.toMatch(HIDDEN_FROM_TEAM);
      }
    });

    it('gives a caller the catalog shows nothing reports without any service, owner or system', async () => {
      const bodies: unknown[] = [];
      for (const groupBy of ['service', 'owner', 'system', 'environment']) {
        const body = await report(STRANGER, `groupBy=${groupBy}`);
        expect(body.items).toEqual([]);
        // The clusters' idle capacity belongs to no catalog entity.
        expect(body.total).toMatchObject({ cost: 0, idleCost: 30 });
        bodies.push(body);
      }
      const byCluster = await report(STRANGER, 'groupBy=cluster');
      expect(byCluster.items).toEqual([
        expect.objectContaining({ key: 'dc1', cost: 0, idleCost: 30 }),
      ]);
      const owners = (await get(STRANGER, '/owners?window=24h'))
        .body as CostReport;
      expect(owners.items).toEqual([]);
      const engineering = (
        await get(STRANGER, '/owners/default/engineering?window=24h')
      ).body as OwnerCost;
      expect(engineering).toMatchObject({ cost: 0, services: [], groups: [] });
      const payments = (
        await get(STRANGER, '/services/default/payments?window=24h')
      ).body as ServiceCost;
      expect(payments.cost).toBe(0);
      const series = (
        await get(STRANGER, '/series?window=24h&step=hour&groupBy=service')
      ).body as CostSeries;
      expect(series.points.every(p => p.idle)).toBe(true);
      const over = (await get(STRANGER, '/over-provisioned?window=24h'))
        .body as OverProvisionedReport;
      expect(over.items).toEqual([]);

      for (const body of [...bodies, byCluster, owners, series, over]) {
        expect(JSON.stringify(body)).not.toMatch(HIDDEN_FROM_STRANGER);
      }
      // The stranger named these two themselves; nothing else of them is answered.
      expect(
        JSON.stringify({ ...engineering, ownerRef: '', key: '' }),
      ).not.toMatch(HIDDEN_FROM_STRANGER);
      expect(
        JSON.stringify({ ...payments, serviceRef: '', key: '' }),
      ).not.toMatch(HIDDEN_FROM_STRANGER);
      // DENY needs no catalog lookup.
      expect(asked.byRefs).toBe(0);
    });
  },
);

const PROTOTYPE = 'component:default/prototype';
const SKUNKWORKS = 'group:default/skunkworks';

// The same catalog and policy: engineering → team-payments, and engineering → skunkworks
// → team-ledger, where TEAM_ONLY may see every group but skunkworks. skunkworks owns
// prototype itself (a service in no catalog, so nobody may see it but through its group).
describe.each(createStoreTestDatabases().eachSupportedId())(
  'Cost owner rollups never name a group the catalog hides from the caller (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let dyploma: Dyploma;

    beforeAll(async () => {
      dyploma = await startWithCatalogPolicy(databases, databaseId);
      await storeCosts(
        dyploma,
        (
          [
            [PAYMENTS, 'group:default/team-payments', 10],
            [LEDGER, 'group:default/team-ledger', 500],
            [PROTOTYPE, SKUNKWORKS, 7],
          ] as const
        ).map(([serviceRef, ownerRef, cost]) => ({
          serviceRef,
          ownerRef,
          cost,
        })),
      );
    });

    resetAskedBeforeEach();

    const get = async <T>(user: string, path: string) => {
      const res = await request(dyploma.server)
        .get(`/api/dyploma/cost${path}`)
        .set('Authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return { body: res.body as T, text: res.text };
    };
    const lines = (items: CostLine[]) =>
      items.map(l => [l.key, l.cost, l.ownCost]);

    it('rolls a hidden group’s cost into the nearest group above it the caller may see, and names it nowhere', async () => {
      const owners = await get<CostReport>(TEAM_ONLY, '/owners?window=24h');
      expect(lines(owners.body.items)).toEqual([
        // skunkworks' own 7 (prototype) is engineering's own, the nearest group above it
        // TEAM_ONLY may see; team-ledger hangs from engineering.
        ['group:default/engineering', 517, 7],
        ['group:default/team-ledger', 500, 500],
        ['group:default/team-payments', 10, 10],
      ]);
      expect(owners.body.total.cost).toBe(517);
      const csv = await get<string>(
        TEAM_ONLY,
        '/report?window=24h&groupBy=owner&format=csv',
      );
      expect(
        csv.text
          .trim()
          .split('\r\n')
          .slice(1)
          .map(r => r.split(',')[0]),
      ).toEqual([
        'group:default/engineering',
        'group:default/team-ledger',
        'group:default/team-payments',
      ]);

      // Engineering's card: the same tree, the hidden services on one line.
      const engineering = await get<OwnerCost>(
        TEAM_ONLY,
        '/owners/default/engineering?window=24h',
      );
      expect(engineering.body).toMatchObject({ cost: 517, ownCost: 7 });
      expect(lines(engineering.body.groups)).toEqual([
        ['group:default/team-ledger', 500, undefined],
        ['group:default/team-payments', 10, undefined],
      ]);
      expect(engineering.body.services).toEqual([
        expect.objectContaining({
          key: COST_NOT_SHOWN,
          cost: 507,
          hiddenServices: 2,
          ownerRef: null,
        }),
        expect.objectContaining({
          key: PAYMENTS,
          ownerRef: 'group:default/team-payments',
        }),
      ]);

      // The hidden group's own card is that of a group that does not exist.
      const card = async (name: string) => {
        const { body } = await get<OwnerCost>(
          TEAM_ONLY,
          `/owners/default/${name}?window=24h`,
        );
        expect([body.ownerRef, body.key]).toEqual([
          `group:default/${name}`,
          `group:default/${name}`,
        ]);
        return { ...body, ownerRef: '', key: '' };
      };
      const skunkworks = await card('skunkworks');
      expect(skunkworks).toEqual(await card('nothing'));
      expect(skunkworks).toMatchObject({ cost: 0, services: [], groups: [] });

      // Series by owner are not rolled up: each group's own, a hidden one's in the nearest.
      const series = async (query: string) =>
        (
          await get<CostSeries>(
            TEAM_ONLY,
            `/series?window=24h&step=hour&${query}`,
          )
        ).body;
      const byOwner = await series('groupBy=owner');
      expect(byOwner.points.map(p => [p.key, p.cost]).sort()).toEqual([
        ['group:default/engineering', 7],
        ['group:default/team-ledger', 500],
        ['group:default/team-payments', 10],
      ]);
      const ofSkunkworks = await series(`owner=${SKUNKWORKS}&groupBy=owner`);
      expect(ofSkunkworks.points).toEqual([]);

      for (const body of [
        owners.body,
        engineering.body,
        skunkworks,
        byOwner,
        ofSkunkworks,
      ]) {
        expect(JSON.stringify(body)).not.toMatch(HIDDEN_FROM_TEAM);
        expect(JSON.stringify(body)).not.toMatch(/prototype/);
      }
      expect(csv.text).not.toMatch(/skunkworks|prototype/);
    });

    it('shows a caller the catalog shows everything the hidden group as before', async () => {
      const owners = await get<CostReport>(USERS.other, '/owners?window=24h');
      expect(lines(owners.body.items)).toEqual([
        ['group:default/engineering', 517, 0],
        ['group:default/skunkworks', 507, 7],
        ['group:default/team-ledger', 500, 500],
        ['group:default/team-payments', 10, 10],
      ]);
      const skunkworks = await get<OwnerCost>(
        USERS.other,
        '/owners/default/skunkworks?window=24h',
      );
      expect(skunkworks.body).toMatchObject({ cost: 507, ownCost: 7 });
      expect(lines(skunkworks.body.groups)).toEqual([
        ['group:default/team-ledger', 500, undefined],
      ]);
      expect(asked.byRefs).toBe(0);
    });
  },
);
