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

import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Batch } from '@dyploma/plugin-dyploma-common';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
  Dyploma,
  seedRelease,
  startDyploma,
  USERS,
} from '../service/__testUtils__/testBackend';
import { DatabaseBatchStore } from './DatabaseBatchStore';

jest.setTimeout(60_000);

/*
 * A batch's items get their services and permission decisions from one catalog request and
 * one policy request for all of them, with the caller's credentials, and each still gets
 * the answer it would get alone. The catalog backend and the permission backend are not
 * dependencies of this plugin, so they are stood in for here, doing what they do with a
 * caller's credentials, and counting what they are asked.
 */

const OWN = 'group:default/team-payments';
const THEIRS = 'group:default/team-ledger';
const SECRET = 'group:default/team-secret';

const service = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner,
    dyploma: { image: `registry.example.com/${name}` },
  },
});

// 24 services: every third is team-ledger's (USERS.owner may not restart them), the rest
// team-payments'; `hidden` is team-secret's, a team whose services the catalog shows
// only to platform-admins.
const OWNED = Array.from({ length: 16 }, (_, i) => `own-${i}`);
const OTHERS = Array.from({ length: 8 }, (_, i) => `theirs-${i}`);
// Enough for several groups of recorded outcomes (runItems writes them 50 at a time).
const MANY = Array.from({ length: 120 }, (_, i) => `many-${i}`);
const entities = [
  ...OWNED.map(n => service(n, OWN)),
  ...MANY.map(n => service(n, OWN)),
  ...OTHERS.map(n => service(n, THEIRS)),
  service('hidden', SECRET),
];
const ref = (name: string) => `component:default/${name}`;
const GROUPS: Record<string, string[]> = {
  [USERS.owner]: [OWN],
  [USERS.admin]: ['group:default/platform-admins'],
};

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as Partial<BackstageUserPrincipal>).userEntityRef ??
  '';
const isAdmin = (credentials: BackstageCredentials) =>
  GROUPS[userOf(credentials)]?.includes('group:default/platform-admins');
const visibleTo = (credentials: BackstageCredentials, entity: Entity) =>
  (credentials.principal as { type?: string }).type === 'service' ||
  isAdmin(credentials) ||
  (entity.spec as { owner: string }).owner !== SECRET;

/** What the catalog and the policy were asked, one entry per call. */
const asked = {
  byRef: [] as string[],
  byRefs: [] as string[][],
  authorize: [] as string[][],
  failByRefs: false,
  failBatchDecisions: false,
  reset() {
    this.byRef = [];
    this.byRefs = [];
    this.authorize = [];
    this.failByRefs = false;
    this.failBatchDecisions = false;
  },
};

const catalog = catalogServiceMock.mock({
  async getEntityByRef(entityRef, options) {
    const { credentials } = options as { credentials: BackstageCredentials };
    const wanted =
      typeof entityRef === 'string' ? entityRef : stringifyEntityRef(entityRef);
    asked.byRef.push(wanted);
    const entity = entities.find(e => stringifyEntityRef(e) === wanted);
    return entity && visibleTo(credentials, entity) ? entity : undefined;
  },
  async getEntitiesByRefs(req, options) {
    const { credentials } = options as { credentials: BackstageCredentials };
    asked.byRefs.push(req.entityRefs);
    if (asked.failByRefs) throw new Error('the catalog answered 503');
    return {
      items: req.entityRefs.map(wanted => {
        const entity = entities.find(e => stringifyEntityRef(e) === wanted);
        return entity && visibleTo(credentials, entity) ? entity : undefined;
      }),
    };
  },
  async getEntities(_req, options) {
    const { credentials } = options as { credentials: BackstageCredentials };
    return { items: entities.filter(e => visibleTo(credentials, e)) };
  },
}).factory;

const permissions = mockServices.permissions.mock({
  async authorize(requests, options) {
    asked.authorize.push(
      requests.map(
        r =>
          `${r.permission.name} ${(r as { resourceRef?: string }).resourceRef}`,
      ),
    );
    if (asked.failBatchDecisions && requests.length > 1) {
      throw new Error('the permission backend answered 503');
    }
    return requests.map(r => {
      if (
        r.permission.name === 'dyploma.service.read' ||
        isAdmin(options.credentials)
      ) {
        return { result: AuthorizeResult.ALLOW };
      }
      const entity = entities.find(
        e =>
          stringifyEntityRef(e) === (r as { resourceRef?: string }).resourceRef,
      );
      const owner = (entity?.spec as { owner?: string } | undefined)?.owner;
      return {
        result:
          owner && GROUPS[userOf(options.credentials)]?.includes(owner)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    });
  },
  async authorizeConditional(requests) {
    return requests.map(() => ({
      result: AuthorizeResult.ALLOW as AuthorizeResult.ALLOW,
    }));
  },
}).factory;

/** The calls that decided on restarting a service (the batch's permission). */
const deployDecisions = () =>
  asked.authorize.filter(call =>
    call.some(r => r.startsWith('dyploma.service.deploy ')),
  );

describe.each(createStoreTestDatabases().eachSupportedId())(
  'batch items (%p)',
  databaseId => {
    const databases = createStoreTestDatabases();
    let dyploma: Dyploma;

    beforeEach(async () => {
      dyploma = await startDyploma(databases, databaseId, {
        catalog,
        permissions,
      });
      for (const name of [...OWNED, ...OTHERS, 'hidden']) {
        await seedRelease(dyploma, name, 'production', '1.0.0', 2);
      }
      asked.reset();
    });

    const post = (path: string, user: string, body: unknown) =>
      request(dyploma.server)
        .post(`/api/dyploma/batches${path}`)
        .set('Authorization', mockCredentials.user.header(user))
        .send(body as object);

    const ordersOf = async (batchId: string) =>
      dyploma
        .knex('dyploma_orders')
        .where('idempotency_key', 'like', `batch:${batchId}:%`)
        .select('service_ref', 'kind', 'author', 'idempotency_key');

    it('creates a batch of many services with one catalog lookup and one permission request, refusing what the caller may not touch or see', async () => {
      const refs = [...OWNED, ...OTHERS, 'hidden'].map(ref);
      const res = await post('', USERS.owner, {
        environment: 'production',
        action: { kind: 'restart' },
        select: { refs },
        reason: 'rotate certificates',
      });
      expect(res.status).toBe(201);
      const batch = res.body as Batch;

      // One lookup of all the services, one decision request for all of them; nothing per item.
      expect(asked.byRefs).toEqual([refs]);
      expect(asked.byRef).toEqual([]);
      expect(deployDecisions()).toEqual([
        refs.map(r => `dyploma.service.deploy ${r}`),
      ]);

      // Each service the caller may restart got its own order, with its own key and audit event.
      const byService = new Map(batch.items!.map(i => [i.service, i]));
      for (const name of OWNED) {
        expect(byService.get(ref(name))).toMatchObject({
          status: 'pending',
          orderId: expect.any(String),
        });
      }
      const orders = await ordersOf(batch.id);
      expect(orders.map(o => o.service_ref).sort()).toEqual(
        OWNED.map(ref).sort(),
      );
      // The key of the item's attempt: a retried request finds the order instead of a second one.
      expect(
        orders.every(o => o.idempotency_key === `batch:${batch.id}:1`),
      ).toBe(true);
      expect(orders.every(o => o.author === USERS.owner)).toBe(true);
      const audited = dyploma.audit.filter(
        e => e.eventId === 'order-create' && e.status === 'succeeded',
      );
      expect(audited).toHaveLength(OWNED.length);
      expect(audited.every(e => JSON.stringify(e).includes(batch.id))).toBe(
        true,
      );

      // The others are skipped with the permission they lack; the hidden one does not exist.
      for (const name of OTHERS) {
        expect(byService.get(ref(name))).toMatchObject({
          status: 'skipped',
          errorStatus: 403,
          error: expect.stringContaining('(permission dyploma.service.deploy)'),
        });
      }
      expect(byService.get(ref('hidden'))).toMatchObject({
        status: 'refused',
        errorStatus: 404,
        error: 'no service component:default/hidden in the catalog',
      });
    });

    /** A batch stored with every item pending, as if the backend stopped before any order. */
    const storedBatch = async (author: string, names: string[]) => {
      const store = new DatabaseBatchStore(dyploma.knex);
      const { batch } = await store.create(
        {
          environment: 'production',
          action: { kind: 'restart' },
          select: { refs: names.map(ref) },
          onForbidden: 'skip',
          reason: 'resume test',
          author,
        },
        names.map(name => ({
          serviceRef: ref(name),
          state: 'pending',
          orderKind: 'restart',
          orderRequest: { kind: 'restart', environment: 'production' },
          changes: [],
        })),
      );
      return batch;
    };

    it('resumes many items with one catalog lookup and one permission request; each refusal is recorded on its item and the others go on', async () => {
      // Planned when the author could touch them all; since then the catalog hides one
      // service from them and the policy lets them restart only their team's. One service
      // already has an active order.
      const names = [...OWNED, ...OTHERS, 'hidden'];
      const batch = await storedBatch(USERS.owner, names);
      const busy = await request(dyploma.server)
        .post(`/api/dyploma/services/default/${OWNED[3]}/orders`)
        .set('Authorization', mockCredentials.user.header(USERS.admin))
        .send({ kind: 'restart', environment: 'production', reason: 'x' });
      expect(busy.status).toBe(201);
      asked.reset();

      const res = await post(`/${batch.id}/resume`, USERS.owner, {});
      expect(res.status).toBe(200);
      const items = new Map(
        (res.body as Batch).items!.map(i => [i.service, i]),
      );

      const looked = names.map(ref);
      expect(asked.byRefs.filter(call => call.includes(ref(OWNED[0])))).toEqual(
        [looked],
      );
      expect(asked.byRef).toEqual([]);
      // The hidden service is not asked about: it does not exist for the caller.
      expect(deployDecisions()).toEqual([
        [...OWNED, ...OTHERS].map(n => `dyploma.service.deploy ${ref(n)}`),
      ]);

      for (const name of OWNED.filter(n => n !== OWNED[3])) {
        expect(items.get(ref(name))).toMatchObject({
          status: 'pending',
          orderId: expect.any(String),
        });
      }
      expect(items.get(ref(OWNED[3]))).toMatchObject({
        status: 'refused',
        errorStatus: 409,
        error: expect.stringContaining('already has an active restart order'),
      });
      for (const name of OTHERS) {
        expect(items.get(ref(name))).toMatchObject({
          status: 'refused',
          errorStatus: 403,
          error: `${USERS.owner} may not deploy ${ref(
            name,
          )} (permission dyploma.service.deploy)`,
        });
      }
      expect(items.get(ref('hidden'))).toMatchObject({
        status: 'refused',
        errorStatus: 404,
        error: 'no service component:default/hidden in the catalog',
      });
      expect((await ordersOf(batch.id)).length).toBe(OWNED.length - 1);
      // Every refusal is audited as a failed order, like a single order refused.
      const failed = dyploma.audit.filter(
        e => e.eventId === 'order-create' && e.status === 'failed',
      );
      expect(failed).toHaveLength(OTHERS.length + 2);
    });

    it('falls back to a lookup per item when the catalog fails the batch lookup, and still orders each service', async () => {
      const names = [...OWNED.slice(0, 4), OTHERS[0], 'hidden'];
      const batch = await storedBatch(USERS.owner, names);
      asked.reset();
      asked.failByRefs = true;

      const res = await post(`/${batch.id}/resume`, USERS.owner, {});
      expect(res.status).toBe(200);
      const items = new Map(
        (res.body as Batch).items!.map(i => [i.service, i]),
      );
      // Each item asked alone, as a single order does.
      expect([...asked.byRef].sort()).toEqual(names.map(ref).sort());
      for (const name of OWNED.slice(0, 4)) {
        expect(items.get(ref(name))).toMatchObject({ status: 'pending' });
      }
      expect(items.get(ref(OTHERS[0]))).toMatchObject({
        status: 'refused',
        errorStatus: 403,
      });
      expect(items.get(ref('hidden'))).toMatchObject({
        status: 'refused',
        errorStatus: 404,
      });
      expect((await ordersOf(batch.id)).length).toBe(4);
    });

    it('falls back to a decision per item when the policy fails the batch request, and refuses exactly the services the caller may not touch', async () => {
      const names = [...OWNED.slice(0, 4), ...OTHERS.slice(0, 2)];
      const batch = await storedBatch(USERS.owner, names);
      asked.reset();
      asked.failBatchDecisions = true;

      const res = await post(`/${batch.id}/resume`, USERS.owner, {});
      expect(res.status).toBe(200);
      const items = new Map(
        (res.body as Batch).items!.map(i => [i.service, i]),
      );
      // One lookup for all; the failed batch request, then one decision per item.
      expect(asked.byRef).toEqual([]);
      expect(deployDecisions().filter(call => call.length === 1)).toHaveLength(
        names.length,
      );
      for (const name of OWNED.slice(0, 4)) {
        expect(items.get(ref(name))).toMatchObject({ status: 'pending' });
      }
      for (const name of OTHERS.slice(0, 2)) {
        expect(items.get(ref(name))).toMatchObject({
          status: 'refused',
          errorStatus: 403,
          error: `${USERS.owner} may not deploy ${ref(
            name,
          )} (permission dyploma.service.deploy)`,
        });
      }
    });

    it('records every item of a batch larger than a group of records, each with its own order', async () => {
      for (const name of MANY) {
        await seedRelease(dyploma, name, 'production', '1.0.0', 1);
      }
      // One of them cannot be ordered: an order is active.
      const busy = await request(dyploma.server)
        .post(`/api/dyploma/services/default/${MANY[77]}/orders`)
        .set('Authorization', mockCredentials.user.header(USERS.admin))
        .send({ kind: 'restart', environment: 'production', reason: 'x' });
      expect(busy.status).toBe(201);
      const batch = await storedBatch(USERS.owner, MANY);

      const res = await post(`/${batch.id}/resume`, USERS.owner, {});
      expect(res.status).toBe(200);
      // Each item points at its own order, which is for its service; the busy one is refused.
      const orderOf = new Map(
        (
          await dyploma
            .knex('dyploma_orders')
            .where('idempotency_key', `batch:${batch.id}:1`)
            .select('id', 'service_ref')
        ).map(o => [o.id, o.service_ref]),
      );
      expect(orderOf.size).toBe(MANY.length - 1);
      const stored = await new DatabaseBatchStore(dyploma.knex).items(batch.id);
      expect(
        stored.map(i => [
          i.serviceRef,
          i.state,
          i.orderId ? orderOf.get(i.orderId) : i.errorStatus,
        ]),
      ).toEqual(
        MANY.map(name =>
          name === MANY[77]
            ? [ref(name), 'refused', 409]
            : [ref(name), 'ordered', ref(name)],
        ),
      );
    });
  },
);
