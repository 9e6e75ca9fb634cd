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
import { FleetPage } from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
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
