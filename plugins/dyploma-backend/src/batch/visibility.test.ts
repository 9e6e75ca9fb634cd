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

import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { Batch, BatchPage } from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
  asked,
  STRANGER,
  TEAM_ONLY,
} from '../service/__testUtils__/catalogPolicy';
import { startWithCatalogPolicy } from '../service/__testUtils__/policyBackend';
import {
  Dyploma,
  seedRelease,
  USERS,
} from '../service/__testUtils__/testBackend';

jest.setTimeout(60_000);

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';
const BROKEN = 'component:default/broken';

const as = (user: string) => mockCredentials.user.header(user);

/**
 * For one `describe`: a test backend with the catalog policy and a release of payments
 * and ledger in staging (started in its `beforeAll`), and a batch request as a user.
 */
function batchBackend(databaseId: TestDatabaseId) {
  const databases = createStoreTestDatabases();
  let dyploma: Dyploma | undefined;
  beforeAll(async () => {
    dyploma = await startWithCatalogPolicy(databases, databaseId);
    await seedRelease(dyploma, 'payments', 'staging', '1.0.0', 1);
    await seedRelease(dyploma, 'ledger', 'staging', '1.0.0', 1);
  });
  const backend = {
    get dyploma(): Dyploma {
      if (!dyploma) throw new Error('the backend starts in beforeAll');
      return dyploma;
    },
    post: (path: string, user: string, body: object) =>
      request(backend.dyploma.server)
        .post(`/api/dyploma/batches${path}`)
        .set('Authorization', as(user))
        .send(body),
  };
  return backend;
}

// The catalog and policy stand in for the catalog backend (not a dependency of this
// plugin): TEAM_ONLY sees groups and team-payments' services (payments, broken), STRANGER
// nothing, the others everything (service/__testUtils__/catalogPolicy.ts).
describe.each(createStoreTestDatabases().eachSupportedId())(
  'What a batch tells a caller other than its author about services the catalog hides (%p)',
  databaseId => {
    const backend = batchBackend(databaseId);
    const { post } = backend;

    it('refuses a resume with 403 naming only the services the resumer may see, counting the others', async () => {
      // An admin's batch over both teams: broken has no release, so its item is refused
      // and the batch has something to resume.
      const made = await post('', USERS.admin, {
        environment: 'staging',
        action: { kind: 'restart' },
        select: { refs: [PAYMENTS, LEDGER, BROKEN] },
      });
      expect(made.status).toBe(201);
      const batch = made.body as Batch;
      expect(batch.summary).toMatchObject({ total: 3, refused: 1 });
      const orders = await backend.dyploma.countOrders();

      const resume = async (user: string) => {
        const res = await post(`/${batch.id}/resume`, user, {});
        expect(res.status).toBe(403);
        return res;
      };

      // A member of team-payments, who may not see ledger: told which of the services they
      // see stand in the way, and only how many others do.
      const teamOnly = await resume(TEAM_ONLY);
      const message: string = teamOnly.body.error.message;
      expect(message).toContain(
        `${TEAM_ONLY} may not resume batch ${batch.id} of ${USERS.admin}`,
      );
      expect(message).toContain(PAYMENTS);
      expect(message).toContain(BROKEN);
      expect(message).toMatch(/, and 1 service you cannot see\)$/);
      expect(JSON.stringify(teamOnly.body)).not.toMatch(/ledger/);

      // A caller the catalog shows nothing learns only how many.
      const stranger = await resume(STRANGER);
      expect(stranger.body.error.message).toMatch(
        /\(not on 3 services you cannot see\)$/,
      );
      expect(JSON.stringify(stranger.body)).not.toMatch(
        /payments|ledger|broken/,
      );

      // A caller the catalog shows everything is told every one, as before.
      const other = await resume(USERS.other);
      for (const ref of [PAYMENTS, LEDGER, BROKEN]) {
        expect(other.body.error.message).toContain(ref);
      }
      expect(other.body.error.message).not.toMatch(/cannot see/);

      // Nothing was ordered again.
      expect(await backend.dyploma.countOrders()).toBe(orders);
    });

    it('shows a batch’s filter as made to its author, and to others without the words that may name what their catalog hides', async () => {
      const create = async (user: string, filter: object) => {
        const res = await post('', user, {
          environment: 'staging',
          action: { kind: 'restart' },
          select: { filter },
        });
        expect(res.status).toBe(201);
        return res.body as Batch;
      };
      // An admin restarts what a search for "ledger" finds…
      const search = await create(USERS.admin, { q: 'ledger' });
      // …and team-payments' services, by a filter that also names skunkworks (a group
      // TEAM_ONLY may not see), a cluster nobody configured, and a status.
      const byOwner = await create(USERS.admin, {
        owner: ['team-payments', 'skunkworks'],
        cluster: ['stg1', 'secret-cluster'],
        status: ['unknown'],
      });
      // A batch of TEAM_ONLY's own.
      const mine = await create(TEAM_ONLY, { q: 'payments' });

      const views = async (user: string) => {
        const list = await request(backend.dyploma.server)
          .get('/api/dyploma/batches?limit=200')
          .set('Authorization', as(user));
        expect(list.status).toBe(200);
        const page = list.body as BatchPage;
        const one = async (id: string) => {
          const res = await request(backend.dyploma.server)
            .get(`/api/dyploma/batches/${id}`)
            .set('Authorization', as(user));
          expect(res.status).toBe(200);
          const listed = page.items.find(b => b.id === id)!;
          // The list and the batch show the same select.
          expect(res.body.select).toEqual(listed.select);
          return res.body as Batch;
        };
        return {
          page,
          search: await one(search.id),
          byOwner: await one(byOwner.id),
          mine: await one(mine.id),
        };
      };

      // The author, and anyone the catalog shows everything, see the filters as made.
      for (const user of [USERS.admin, USERS.other]) {
        const seen = await views(user);
        expect(seen.search.select).toEqual({ filter: { q: 'ledger' } });
        expect(seen.byOwner.select).toEqual({
          filter: {
            owner: ['team-payments', 'skunkworks'],
            cluster: ['stg1', 'secret-cluster'],
            status: ['unknown'],
          },
        });
      }

      // TEAM_ONLY: the words are left out and named as left out; the owner they may see,
      // the configured cluster and the status stay.
      const teamOnly = await views(TEAM_ONLY);
      expect(teamOnly.search.select).toEqual({
        filter: {},
        hiddenFilter: ['q'],
      });
      expect(teamOnly.byOwner.select).toEqual({
        filter: {
          owner: ['team-payments'],
          cluster: ['stg1'],
          status: ['unknown'],
        },
        hiddenFilter: ['cluster', 'owner'],
      });
      // Their own batch, as they made it.
      expect(teamOnly.mine.select).toEqual({ filter: { q: 'payments' } });
      for (const body of [teamOnly.page, teamOnly.search, teamOnly.byOwner]) {
        expect(JSON.stringify(body)).not.toMatch(
          /ledger|skunkworks|secret-cluster/,
        );
      }
      // A page of batches costs one catalog lookup for its services and one for the owners
      // and systems its filters name; none for a caller the catalog shows everything.
      for (const [user, lookups] of [
        [TEAM_ONLY, 2],
        [USERS.other, 0],
      ] as const) {
        asked.reset();
        await request(backend.dyploma.server)
          .get('/api/dyploma/batches?limit=200')
          .set('Authorization', as(user));
        expect(asked.byRefs).toBe(lookups);
      }

      // A caller the catalog shows nothing: only what comes from config.
      const stranger = await views(STRANGER);
      expect(stranger.search.select).toEqual({
        filter: {},
        hiddenFilter: ['q'],
      });
      expect(stranger.byOwner.select).toEqual({
        filter: { cluster: ['stg1'], status: ['unknown'] },
        hiddenFilter: ['cluster', 'owner'],
      });
      expect(stranger.mine.select).toEqual({
        filter: {},
        hiddenFilter: ['q'],
      });
      expect(JSON.stringify(stranger.page)).not.toMatch(
        /ledger|skunkworks|secret-cluster|team-payments|payments/,
      );
    });
  },
);

describe.each(createStoreTestDatabases().eachSupportedId())(
  'Who sees a batch’s reason and idempotency key (%p)',
  databaseId => {
    const backend = batchBackend(databaseId);
    const { post } = backend;

    it('shows a batch’s reason to its author and to viewers who see one of its services, its idempotency key to its author only', async () => {
      const create = async (select: object, reason: string, key: string) => {
        const res = await post('', USERS.admin, {
          environment: 'staging',
          action: { kind: 'restart' },
          select,
          reason,
          idempotencyKey: key,
        });
        expect(res.status).toBe(201);
        return res.body as Batch;
      };
      // Over ledger alone, by refs and by a search (whose items the list does not show);
      // and over both teams' services.
      const ledgerOnly = await create(
        { refs: [LEDGER] },
        'rotate the skunkworks ledger keys',
        'skunkworks-rotation-7',
      );
      const found = await create(
        { filter: { q: 'ledger' } },
        'skunkworks audit of ledger',
        'skunkworks-audit-1',
      );
      const both = await create(
        { refs: [PAYMENTS, LEDGER] },
        'weekly restart',
        'weekly-42',
      );
      // Each order of the batch carries its reason: whoever may read payments reads it.
      const [paymentsOrder] = await backend.dyploma
        .knex('dyploma_orders')
        .where({ service_ref: PAYMENTS, reason: 'weekly restart' });
      expect(paymentsOrder).toBeDefined();

      const shown = async (user: string) => {
        const list = await request(backend.dyploma.server)
          .get('/api/dyploma/batches?limit=200')
          .set('Authorization', as(user));
        expect(list.status).toBe(200);
        const fields = async (id: string) => {
          const detail = await request(backend.dyploma.server)
            .get(`/api/dyploma/batches/${id}`)
            .set('Authorization', as(user));
          expect(detail.status).toBe(200);
          const listed = (list.body as BatchPage).items.find(b => b.id === id)!;
          const pick = (b: Batch) => ({
            reason: b.reason,
            idempotencyKey: b.idempotencyKey,
          });
          // The list and the batch agree.
          expect(pick(detail.body)).toEqual(pick(listed));
          return pick(detail.body);
        };
        return {
          ledgerOnly: await fields(ledgerOnly.id),
          found: await fields(found.id),
          both: await fields(both.id),
          text: list.text,
        };
      };

      // The author sees both, as made.
      expect(await shown(USERS.admin)).toMatchObject({
        ledgerOnly: {
          reason: 'rotate the skunkworks ledger keys',
          idempotencyKey: 'skunkworks-rotation-7',
        },
        found: {
          reason: 'skunkworks audit of ledger',
          idempotencyKey: 'skunkworks-audit-1',
        },
        both: { reason: 'weekly restart', idempotencyKey: 'weekly-42' },
      });
      // Another viewer who sees the services: the reasons, never the key.
      expect(await shown(USERS.other)).toMatchObject({
        ledgerOnly: {
          reason: 'rotate the skunkworks ledger keys',
          idempotencyKey: undefined,
        },
        found: {
          reason: 'skunkworks audit of ledger',
          idempotencyKey: undefined,
        },
        both: { reason: 'weekly restart', idempotencyKey: undefined },
      });
      // TEAM_ONLY sees payments, not ledger: the reason of the batch over both only.
      const teamOnly = await shown(TEAM_ONLY);
      expect(teamOnly).toMatchObject({
        ledgerOnly: { reason: undefined, idempotencyKey: undefined },
        found: { reason: undefined, idempotencyKey: undefined },
        both: { reason: 'weekly restart', idempotencyKey: undefined },
      });
      expect(teamOnly.text).not.toMatch(/skunkworks|ledger|weekly-42/);
      // A caller the catalog shows nothing, neither.
      const stranger = await shown(STRANGER);
      expect(stranger).toMatchObject({
        ledgerOnly: { reason: undefined, idempotencyKey: undefined },
        found: { reason: undefined, idempotencyKey: undefined },
        both: { reason: undefined, idempotencyKey: undefined },
      });
      expect(stranger.text).not.toMatch(/skunkworks|weekly/);
    });
  },
);
