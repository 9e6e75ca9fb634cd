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
import { Batch } from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
  catalogFactory,
  permissionsFactory,
  STRANGER,
  TEAM_ONLY,
} from '../service/__testUtils__/catalogPolicy';
import {
  Dyploma,
  seedRelease,
  startDyploma,
  USERS,
} from '../service/__testUtils__/testBackend';

jest.setTimeout(60_000);

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';
const BROKEN = 'component:default/broken';

// The catalog and policy stand in for the catalog backend (not a dependency of this
// plugin): TEAM_ONLY sees groups and team-payments' services (payments, broken), STRANGER
// nothing, the others everything (service/__testUtils__/catalogPolicy.ts).
describe.each(createStoreTestDatabases().eachSupportedId())(
  'What a batch tells a caller other than its author about services the catalog hides (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let dyploma: Dyploma;

    beforeAll(async () => {
      dyploma = await startDyploma(databases, databaseId, {
        catalog: catalogFactory,
        permissions: permissionsFactory,
      });
      await seedRelease(dyploma, 'payments', 'staging', '1.0.0', 1);
      await seedRelease(dyploma, 'ledger', 'staging', '1.0.0', 1);
    });

    const as = (user: string) => mockCredentials.user.header(user);
    const post = (path: string, user: string, body: object) =>
      request(dyploma.server)
        .post(`/api/dyploma/batches${path}`)
        .set('Authorization', as(user))
        .send(body);

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
      const orders = await dyploma.countOrders();

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
      expect(await dyploma.countOrders()).toBe(orders);
    });
  },
);
