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
  BatchPage,
  BatchPreview,
  COST_NOT_SHOWN,
  FLEET_FACETS,
  FleetPage,
} from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
  asked,
  catalogEntities,
  NOT_RESTRICTED,
  RESTRICTED_GROUP,
  STRANGER,
  TEAM_ONLY,
} from './__testUtils__/catalogPolicy';
import {
  resetAskedBeforeEach,
  startWithCatalogPolicy,
  storeCosts,
} from './__testUtils__/policyBackend';
import {
  config,
  Dyploma,
  seedRelease,
  startDyploma,
  USERS,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

// The test topology's clusters are not reachable, so every row's live state is `unknown`;
// live Deployments are covered by the row builder's tests (fleetRows.test.ts) and the
// fleet bench against kube-sim.
describe.each(createStoreTestDatabases().eachSupportedId())(
  'GET /fleet (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let dyploma: Dyploma;

    beforeAll(async () => {
      dyploma = await startDyploma(databases, databaseId);
      await seedRelease(dyploma, 'payments', 'production', '1.0.0', 3);
      await seedRelease(dyploma, 'payments', 'production', '1.1.0', 3);
      const order = await request(dyploma.server)
        .post('/api/dyploma/services/default/payments/orders')
        .set('Authorization', mockCredentials.user.header(USERS.owner))
        .send({ kind: 'restart', environment: 'production', reason: 'x' });
      if (order.status !== 201) throw new Error(JSON.stringify(order.body));
    });

    const fleet = (query = '') =>
      request(dyploma.server)
        .get(`/api/dyploma/fleet${query}`)
        .set('Authorization', mockCredentials.user.header(USERS.other));

    it('lists every service × environment × cluster with its last order and release', async () => {
      const res = await fleet('?limit=100');
      expect(res.status).toBe(200);
      const page = res.body as FleetPage;
      // payments, ledger and broken have a model (legacy has none); production has 3
      // clusters and staging 1.
      expect(page.total).toBe(12);
      expect(page.services).toBe(3);
      expect(page.items).toHaveLength(12);
      const row = page.items.find(
        r =>
          r.service.name === 'payments' &&
          r.environment === 'production' &&
          r.cluster === 'dc3',
      )!;
      expect(row).toMatchObject({
        service: {
          ref: 'component:default/payments',
          owner: 'group:default/team-payments',
          tags: [],
        },
        datacenter: 'dc3',
        status: 'unknown',
        replicas: { desired: 0, ready: 0, updated: 0 },
        autoscaled: false,
        releaseRevision: 2,
        lastOrder: {
          kind: 'restart',
          status: 'pending',
          author: USERS.owner,
        },
      });
      expect(page.clusters.map(c => c.name)).toEqual([
        'dc1',
        'dc2',
        'dc3',
        'stg1',
      ]);
    });

    it('lists the configured environments, their clusters and which need a reason', async () => {
      // A filter that matches nothing still lists every environment: the batch form
      // needs them whatever the table shows.
      const page = (await fleet('?cluster=dc9')).body as FleetPage;
      expect(page.total).toBe(0);
      expect(page.environments).toEqual([
        {
          name: 'production',
          // Not set in the test config: true by default for production.
          requireReason: true,
          clusters: [
            { name: 'dc1', datacenter: 'dc1' },
            { name: 'dc2', datacenter: 'dc2' },
            { name: 'dc3', datacenter: 'dc3' },
          ],
        },
        {
          name: 'staging',
          requireReason: false,
          clusters: [{ name: 'stg1', datacenter: 'dc1' }],
        },
      ]);
    });

    it('says requireReason as configured, not by the environment name', async () => {
      const other = await startDyploma(databases, databaseId, {
        config: {
          dyploma: {
            ...config.dyploma,
            environments: {
              production: { clusters: ['dc1'], requireReason: false },
              staging: { clusters: ['stg1', 'dc2'], requireReason: true },
            },
          },
        },
      });
      const res = await request(other.server)
        .get('/api/dyploma/fleet?limit=1')
        .set('Authorization', mockCredentials.user.header(USERS.other));
      expect(res.status).toBe(200);
      expect((res.body as FleetPage).environments).toEqual([
        {
          name: 'production',
          requireReason: false,
          clusters: [{ name: 'dc1', datacenter: 'dc1' }],
        },
        {
          name: 'staging',
          requireReason: true,
          clusters: [
            { name: 'stg1', datacenter: 'dc1' },
            { name: 'dc2', datacenter: 'dc2' },
          ],
        },
      ]);
      // The batch API agrees: staging refuses a batch without a reason, production takes one.
      const preview = (environment: string) =>
        request(other.server)
          .post('/api/dyploma/batches/preview')
          .set('Authorization', mockCredentials.user.header(USERS.owner))
          .send({
            environment,
            action: { kind: 'restart' },
            select: { refs: ['component:default/payments'] },
          });
      const staging = await preview('staging');
      expect(staging.status).toBe(400);
      expect(staging.body.problems).toEqual([
        expect.objectContaining({ path: 'reason' }),
      ]);
      expect((await preview('production')).status).toBe(200);
    });

    it('filters, counts facets against the other filters, sorts and pages', async () => {
      const owned = (await fleet('?owner=team-payments&environment=production'))
        .body as FleetPage;
      expect(owned.total).toBe(6);
      expect(owned.items.map(r => r.service.name)).toEqual([
        'broken',
        'broken',
        'broken',
        'payments',
        'payments',
        'payments',
      ]);
      // The owner facet ignores the owner filter, so the other owner stays reachable.
      expect(owned.facets.owner).toEqual([
        { value: 'group:default/team-payments', count: 6 },
        { value: 'group:default/team-ledger', count: 3 },
      ]);
      expect(owned.facets.environment).toEqual([
        { value: 'production', count: 6 },
        { value: 'staging', count: 2 },
      ]);

      const two = (
        await fleet('?cluster=dc1&cluster=stg1&sort=service&order=desc')
      ).body as FleetPage;
      expect(two.items.map(r => `${r.service.name}/${r.cluster}`)).toEqual([
        'payments/dc1',
        'payments/stg1',
        'ledger/dc1',
        'ledger/stg1',
        'broken/dc1',
        'broken/stg1',
      ]);

      const page = (await fleet('?limit=5&offset=10')).body as FleetPage;
      expect(page).toMatchObject({ total: 12, limit: 5, offset: 10 });
      expect(page.items).toHaveLength(2);

      const search = (await fleet('?q=ledger%20stg')).body as FleetPage;
      expect(search.items.map(r => r.cluster)).toEqual(['stg1']);

      const byOrder = (await fleet('?sort=lastOrder&order=desc&limit=1'))
        .body as FleetPage;
      expect(byOrder.items[0].service.name).toBe('payments');
    });

    it.each([
      ['?limit=0', 'limit', 'expected a whole number from 1 to 1000, got "0"'],
      ['?status=ready', 'status', 'write healthy'],
      ['?sort=replicas', 'sort', 'write desired or ready'],
      ['?colour=red', 'colour', 'unknown field'],
      ['?order=up', 'order', 'expected one of asc, desc'],
    ])('answers 400 for %s naming the parameter', async (query, path, says) => {
      const res = await fleet(query);
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([
        expect.objectContaining({
          path,
          message: expect.stringContaining(says),
        }),
      ]);
    });
  },
);

type PreviewItem = BatchPreview['items'][number];
const servicesOf = (items: Array<{ service: string }>) =>
  items.map(i => i.service).sort();

describe.each(createStoreTestDatabases().eachSupportedId())(
  'GET /fleet and batches by filter show only what the catalog shows the caller (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let dyploma: Dyploma;

    beforeAll(async () => {
      dyploma = await startWithCatalogPolicy(databases, databaseId);
      await seedRelease(dyploma, 'payments', 'staging', '1.0.0', 1);
      await seedRelease(dyploma, 'ledger', 'staging', '1.0.0', 1);
      // This month's cost of one production row of each team; ledger's is the larger.
      await storeCosts(
        dyploma,
        (
          [
            ['payments', 'team-payments', 10],
            ['ledger', 'team-ledger', 500],
          ] as const
        ).map(([name, team, cost]) => ({
          serviceRef: `component:default/${name}`,
          ownerRef: `group:default/${team}`,
          cost,
        })),
      );
    });

    resetAskedBeforeEach();

    const as = (user: string) => mockCredentials.user.header(user);
    const fleet = async (user: string, query = '') => {
      const res = await request(dyploma.server)
        .get(`/api/dyploma/fleet${query}`)
        .set('Authorization', as(user));
      expect(res.status).toBe(200);
      return res.body as FleetPage;
    };
    const post = (path: string, user: string, body: object) =>
      request(dyploma.server)
        .post(`/api/dyploma/batches${path}`)
        .set('Authorization', as(user))
        .send({ environment: 'staging', action: { kind: 'restart' }, ...body });

    it('shows a caller the catalog lets read everything every service, asking the policy once', async () => {
      const page = await fleet(USERS.other, '?limit=100&sort=cost&order=desc');
      expect(page).toMatchObject({ total: 12, services: 3 });
      expect(page.facets.owner).toEqual([
        { value: 'group:default/team-payments', count: 8 },
        { value: 'group:default/team-ledger', count: 4 },
      ]);
      expect(page.items[0]).toMatchObject({
        service: { name: 'ledger' },
        cluster: 'dc1',
        monthlyCost: { toDate: 500 },
      });
      // One decision for both permissions, no per-service check, no catalog lookup…
      expect(asked).toMatchObject({
        conditional: ['catalog.entity.read', 'dyploma.service.read'],
        resource: [],
        byRefs: 0,
      });
      // …and the next view within its 5 s asks nobody.
      asked.reset();
      expect((await fleet(USERS.other)).total).toBe(12);
      expect(asked).toMatchObject({ conditional: [], resource: [], byRefs: 0 });
    });

    it('shows a caller the catalog hides everything from an empty fleet, not an error', async () => {
      for (const query of ['', '?q=ledger', '?owner=team-ledger']) {
        const page = await fleet(STRANGER, query);
        expect(page).toMatchObject({ items: [], total: 0, services: 0 });
        for (const facet of FLEET_FACETS)
          expect(page.facets[facet]).toEqual([]);
        // What comes from config, not the catalog, is still there for the page.
        expect(page.environments.map(e => e.name)).toEqual([
          'production',
          'staging',
        ]);
      }
      expect(asked.byRefs).toBe(0);
    });

    it('shows a caller the catalog shows only their team’s services only those rows, facets, totals and costs', async () => {
      const page = await fleet(TEAM_ONLY, '?limit=100&sort=cost&order=desc');
      expect(page).toMatchObject({ total: 8, services: 2 });
      expect([...new Set(page.items.map(r => r.service.name))].sort()).toEqual([
        'broken',
        'payments',
      ]);
      expect(page.facets.owner).toEqual([
        { value: 'group:default/team-payments', count: 8 },
      ]);
      expect(page.facets.environment).toEqual([
        { value: 'production', count: 6 },
        { value: 'staging', count: 2 },
      ]);
      // The most expensive row the caller sees is payments', not ledger's.
      expect(page.items[0]).toMatchObject({
        service: { name: 'payments' },
        cluster: 'dc1',
        monthlyCost: { toDate: 10 },
      });
      expect(page.items.filter(r => r.monthlyCost)).toHaveLength(1);
      expect(JSON.stringify(page)).not.toMatch(/ledger/);

      // Nor can a search or a filter find a hidden service.
      expect((await fleet(TEAM_ONLY, '?q=ledger')).total).toBe(0);
      const byOwner = await fleet(TEAM_ONLY, '?owner=team-ledger');
      expect(byOwner.total).toBe(0);
      expect(byOwner.facets.owner).toEqual([
        { value: 'group:default/team-payments', count: 8 },
      ]);
      // One catalog lookup per view with the caller's credentials; the decision is asked once.
      expect(asked.byRefs).toBe(3);
      expect(asked.conditional).toEqual([
        'catalog.entity.read',
        'dyploma.service.read',
      ]);
    });

    it('previews a batch by filter with only the services the catalog shows the caller', async () => {
      const teamOnly = await post('/preview', TEAM_ONLY, {
        select: { filter: {} },
      });
      expect(teamOnly.status).toBe(200);
      const preview = teamOnly.body as BatchPreview;
      expect(servicesOf(preview.items)).toEqual([
        'component:default/broken',
        'component:default/payments',
      ]);
      expect(preview.summary.total).toBe(2);
      expect(JSON.stringify(preview)).not.toMatch(/ledger/);

      // A filter that matches only hidden services selects nothing, as for a stranger.
      for (const [user, filter] of [
        [TEAM_ONLY, { owner: 'team-ledger' }],
        [STRANGER, {}],
      ] as const) {
        const none = await post('/preview', user, { select: { filter } });
        expect(none.status).toBe(400);
        expect(none.body.problems).toEqual([
          expect.objectContaining({
            path: 'select',
            message: 'select: selects no service in staging',
          }),
        ]);
      }

      // A caller the catalog shows everything still gets every service.
      const everyone = await post('/preview', USERS.other, {
        select: { filter: {} },
      });
      expect(servicesOf(everyone.body.items)).toEqual([
        'component:default/broken',
        'component:default/ledger',
        'component:default/payments',
      ]);

      // Named refs are loaded with the caller's credentials: a hidden service answers
      // exactly as one that does not exist.
      const named = await post('/preview', TEAM_ONLY, {
        select: {
          refs: ['component:default/ledger', 'component:default/nothing'],
        },
      });
      expect(named.status).toBe(200);
      expect(
        (named.body as BatchPreview).items.map((i: PreviewItem) => [
          i.outcome,
          i.message,
        ]),
      ).toEqual([
        ['invalid', 'no service component:default/ledger in the catalog'],
        ['invalid', 'no service component:default/nothing in the catalog'],
      ]);
      expect(await dyploma.countOrders()).toBe(0);
    });

    it('orders by filter only what the catalog shows the caller, and shows a batch’s items as the catalog would', async () => {
      const mine = await post('', TEAM_ONLY, { select: { filter: {} } });
      expect(mine.status).toBe(201);
      expect(servicesOf(mine.body.items)).toEqual([
        'component:default/broken',
        'component:default/payments',
      ]);
      const ordered = async (name: string) =>
        Number(
          (
            await dyploma
              .knex('dyploma_orders')
              .where({ service_ref: `component:default/${name}` })
              .count({ count: '*' })
          )[0].count,
        );
      expect(await ordered('payments')).toBe(1);
      expect(await ordered('ledger')).toBe(0);

      // A batch over every team's services: each viewer sees the items the catalog shows them.
      const all = await post('', USERS.admin, { select: { filter: {} } });
      expect(all.status).toBe(201);
      expect(await ordered('ledger')).toBe(1);
      const show = async (user: string) => {
        const res = await request(dyploma.server)
          .get(`/api/dyploma/batches/${all.body.id}`)
          .set('Authorization', as(user));
        expect(res.status).toBe(200);
        // The summary counts every item, seen or not.
        expect(res.body.summary.total).toBe(3);
        return servicesOf(res.body.items);
      };
      expect(await show(USERS.other)).toHaveLength(3);
      expect(await show(TEAM_ONLY)).toEqual([
        'component:default/broken',
        'component:default/payments',
      ]);
      expect(await show(STRANGER)).toEqual([]);
    });

    it('lists and shows a batch made by refs without the refs the catalog hides from its viewer', async () => {
      const refs = ['component:default/payments', 'component:default/ledger'];
      const made = await post('', USERS.admin, {
        select: { refs },
        reason: 'weekly restart',
      });
      expect(made.status).toBe(201);
      const views = async (user: string) => {
        const [list, detail] = await Promise.all([
          request(dyploma.server)
            .get('/api/dyploma/batches?limit=200')
            .set('Authorization', as(user)),
          request(dyploma.server)
            .get(`/api/dyploma/batches/${made.body.id}`)
            .set('Authorization', as(user)),
        ]);
        expect([list.status, detail.status]).toEqual([200, 200]);
        const listed = (list.body as BatchPage).items.find(
          b => b.id === made.body.id,
        )!;
        // Both count every service the batch was made with.
        expect(listed.summary.total).toBe(2);
        expect(detail.body.summary.total).toBe(2);
        return { list: list.body as BatchPage, listed, detail: detail.body };
      };

      // A viewer the catalog shows everything sees the batch as it was made.
      const everyone = await views(USERS.other);
      expect(everyone.listed.select).toEqual({ refs });
      expect(everyone.detail.select).toEqual({ refs });

      // A viewer who may see payments only: ledger is counted, never named, anywhere on
      // the page of batches or in the batch.
      const teamOnly = await views(TEAM_ONLY);
      const shown = { refs: ['component:default/payments'], hiddenRefs: 1 };
      expect(teamOnly.listed.select).toEqual(shown);
      expect(teamOnly.detail.select).toEqual(shown);
      expect(servicesOf(teamOnly.detail.items)).toEqual([
        'component:default/payments',
      ]);
      expect(JSON.stringify(teamOnly.list)).not.toMatch(/ledger/);
      expect(JSON.stringify(teamOnly.detail)).not.toMatch(/ledger/);

      const stranger = await views(STRANGER);
      expect(stranger.detail.select).toEqual({ refs: [], hiddenRefs: 2 });
      expect(stranger.detail.items).toEqual([]);
      for (const body of [stranger.list, stranger.detail]) {
        expect(JSON.stringify(body)).not.toMatch(/payments|ledger/);
      }
    });

    it('asks the policy on every view when the decision cache is off, with the same answers', async () => {
      const uncached = await startWithCatalogPolicy(databases, databaseId, {
        config: {
          dyploma: { ...config.dyploma, readCache: { decisionSeconds: 0 } },
        },
      });
      const view = async (user: string) => {
        const res = await request(uncached.server)
          .get('/api/dyploma/fleet')
          .set('Authorization', as(user));
        expect(res.status).toBe(200);
        return res.body as FleetPage;
      };
      expect((await view(STRANGER)).total).toBe(0);
      asked.reset();
      for (let i = 0; i < 2; i++) {
        expect(await view(TEAM_ONLY)).toMatchObject({ total: 8, services: 2 });
      }
      expect(asked.conditional).toHaveLength(4);
      expect(asked.byRefs).toBe(2);
    });
  },
);

// prototype: a service of skunkworks (which TEAM_ONLY and NOT_RESTRICTED may not see) in
// its system moonshot (which they may not see either). The catalog shows NOT_RESTRICTED
// every service, prototype too, but neither its owner nor its system.
const PROTOTYPE = 'component:default/prototype';
const MOONSHOT = 'system:default/moonshot';
const withPrototype = [
  ...catalogEntities,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'prototype', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: RESTRICTED_GROUP,
      system: MOONSHOT,
      dyploma: { image: 'registry.example.com/prototype' },
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'moonshot', namespace: 'default' },
    spec: { owner: RESTRICTED_GROUP },
  },
];
/** Any trace of the hidden group or system, by ref or name. */
const HIDDEN = /skunkworks|moonshot/i;

describe.each(createStoreTestDatabases().eachSupportedId())(
  'GET /fleet never names an owner or system the catalog hides from the caller (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let dyploma: Dyploma;

    beforeAll(async () => {
      dyploma = await startWithCatalogPolicy(databases, databaseId, {
        entities: withPrototype,
      });
    });

    resetAskedBeforeEach();

    const fleet = async (user: string, query = '') => {
      const res = await request(dyploma.server)
        .get(`/api/dyploma/fleet${query}`)
        .set('Authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return { page: res.body as FleetPage, text: res.text };
    };
    /** A page without what differs from one view to the next. */
    const stable = ({ generatedAt: _, ...page }: FleetPage) => page;

    it('shows a visible service whose owner and system are hidden as owned by "not shown", in rows and facets', async () => {
      const { page, text } = await fleet(NOT_RESTRICTED, '?limit=100');
      expect(page).toMatchObject({ total: 16, services: 4 });
      const prototype = page.items.filter(r => r.service.ref === PROTOTYPE);
      expect(prototype).toHaveLength(4);
      for (const row of prototype) {
        expect(row.service).toEqual({
          ref: PROTOTYPE,
          namespace: 'default',
          name: 'prototype',
          owner: COST_NOT_SHOWN,
          system: COST_NOT_SHOWN,
          tags: [],
        });
      }
      // Owners the caller may see are named as before.
      expect(page.facets.owner).toEqual([
        { value: 'group:default/team-payments', count: 8 },
        { value: COST_NOT_SHOWN, count: 4 },
        { value: 'group:default/team-ledger', count: 4 },
      ]);
      expect(page.facets.system).toEqual([{ value: COST_NOT_SHOWN, count: 4 }]);
      expect(text).not.toMatch(HIDDEN);
      // The services and their owners and systems in one catalog lookup.
      expect(asked.byRefs).toBe(1);

      // The rows of services with a hidden owner can be picked from the facet.
      const notShown = await fleet(NOT_RESTRICTED, `?owner=${COST_NOT_SHOWN}`);
      expect(notShown.page.total).toBe(4);
      expect(notShown.text).not.toMatch(HIDDEN);
    });

    it('answers a filter or search by a hidden owner or system as one by a name that does not exist', async () => {
      // The facets of a filtered part still list every value of that part.
      for (const [part, values] of [
        ['owner', ['skunkworks', RESTRICTED_GROUP]],
        ['system', ['moonshot', MOONSHOT]],
      ] as const) {
        const nobody = stable(
          (await fleet(NOT_RESTRICTED, `?${part}=${part}:default/nobody`)).page,
        );
        expect(nobody.total).toBe(0);
        for (const value of values) {
          const { page, text } = await fleet(
            NOT_RESTRICTED,
            `?${part}=${value}`,
          );
          expect(stable(page)).toEqual(nobody);
          expect(text).not.toMatch(HIDDEN);
        }
      }
      for (const query of ['?q=skunkworks', '?q=moonshot']) {
        const { page, text } = await fleet(NOT_RESTRICTED, query);
        expect(stable(page)).toEqual(
          stable((await fleet(NOT_RESTRICTED, '?q=nothing-by-this-name')).page),
        );
        expect(text).not.toMatch(HIDDEN);
      }

      // Nor does a batch by filter select prototype by its hidden owner.
      const preview = await request(dyploma.server)
        .post('/api/dyploma/batches/preview')
        .set('Authorization', mockCredentials.user.header(NOT_RESTRICTED))
        .send({
          environment: 'staging',
          action: { kind: 'restart' },
          select: { filter: { owner: 'skunkworks' } },
        });
      expect(preview.status).toBe(400);
      expect(preview.body.problems).toEqual([
        expect.objectContaining({
          path: 'select',
          message: 'select: selects no service in staging',
        }),
      ]);
    });

    it('names the owner and system to a caller the catalog shows them, and hides prototype from TEAM_ONLY', async () => {
      const other = await fleet(USERS.other, `?owner=skunkworks`);
      expect(other.page.total).toBe(4);
      expect(other.page.items[0].service).toMatchObject({
        owner: RESTRICTED_GROUP,
        system: MOONSHOT,
      });
      expect(other.page.facets.system).toEqual([{ value: MOONSHOT, count: 4 }]);

      const teamOnly = await fleet(TEAM_ONLY, '?limit=100');
      expect(teamOnly.page).toMatchObject({ total: 8, services: 2 });
      expect(teamOnly.text).not.toMatch(HIDDEN);
      expect(teamOnly.text).not.toMatch(/prototype/);
    });
  },
);
