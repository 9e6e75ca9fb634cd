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
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
  config,
  Dyploma,
  entities,
  seedRelease,
  startDyploma,
  USERS,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const PAYMENTS = '/api/dyploma/services/default/payments';
const LEDGER = '/api/dyploma/services/default/ledger';

/** Callers of these tests, beyond the demo's. */
const CONTRACTOR = 'user:default/contractor';
const STRANGER = 'user:default/stranger';
const AUDITOR = 'user:default/auditor';

const isService = (credentials: BackstageCredentials) =>
  (credentials.principal as { type?: string }).type === 'service';

/** The catalog's entities in these tests (a test may add one) and its calls, counted. */
const catalog = {
  entities: [...entities],
  calls: { getEntities: 0, getEntityByRef: 0 },
  reset() {
    this.calls = { getEntities: 0, getEntityByRef: 0 };
  },
};

type Decision = AuthorizeResult.ALLOW | AuthorizeResult.DENY;

/**
 * The policy of these tests, as a permission backend would answer it. Without a resource
 * (`authorizeConditional`): ALLOW for the demo's users; the contractor's reads are
 * CONDITIONAL (only team-payments' services, and `dyploma.service.read` only on
 * payments); the stranger may not read the catalog; the auditor may read the catalog but
 * not Dyploma. `revoked` turns a user's permission to DENY, as an edited policy would.
 */
class Policy {
  readonly revoked = new Set<string>();

  private user(credentials: BackstageCredentials) {
    return (credentials.principal as Partial<BackstageUserPrincipal>)
      .userEntityRef;
  }

  conditional(
    permission: string,
    credentials: BackstageCredentials,
  ): AuthorizeResult {
    const user = this.user(credentials);
    if (!user || this.revoked.has(`${user} ${permission}`)) {
      return AuthorizeResult.DENY;
    }
    if (user === CONTRACTOR) return AuthorizeResult.CONDITIONAL;
    if (user === STRANGER && permission === 'catalog.entity.read') {
      return AuthorizeResult.DENY;
    }
    if (user === AUDITOR && permission === 'dyploma.service.read') {
      return AuthorizeResult.DENY;
    }
    return AuthorizeResult.ALLOW;
  }

  /** The decision on one entity: a CONDITIONAL resolved against it. */
  resource(
    permission: string,
    credentials: BackstageCredentials,
    ref: string,
  ): Decision {
    const result = this.conditional(permission, credentials);
    if (result !== AuthorizeResult.CONDITIONAL) return result;
    if (permission === 'dyploma.service.read') {
      return ref === 'component:default/payments'
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    }
    const entity = catalog.entities.find(e => stringifyEntityRef(e) === ref);
    return (entity?.spec as { owner?: string } | undefined)?.owner ===
      'group:default/team-payments'
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  }
}

const policy = new Policy();

/**
 * Stands in for the catalog backend (not a dependency of this plugin, so it cannot run
 * here): the demo's entities, a list that tests can grow, and what a real catalog does
 * with a caller's credentials: an entity the policy does not let the caller read does
 * not exist for them. Calls are counted.
 */
const catalogFactory = catalogServiceMock.mock({
  async getEntities(req, options) {
    catalog.calls.getEntities++;
    const credentials = (options as { credentials: BackstageCredentials })
      .credentials;
    const { items } = await catalogServiceMock({
      entities: catalog.entities,
    }).getEntities(req);
    return {
      items: items.filter(
        e =>
          isService(credentials) ||
          policy.resource(
            'catalog.entity.read',
            credentials,
            stringifyEntityRef(e),
          ) === AuthorizeResult.ALLOW,
      ),
    };
  },
  async getEntityByRef(ref, options) {
    catalog.calls.getEntityByRef++;
    const credentials = (options as { credentials: BackstageCredentials })
      .credentials;
    const entity = await catalogServiceMock({
      entities: catalog.entities,
    }).getEntityByRef(ref);
    if (!entity) return undefined;
    const visible =
      isService(credentials) ||
      policy.resource(
        'catalog.entity.read',
        credentials,
        stringifyEntityRef(entity),
      ) === AuthorizeResult.ALLOW;
    return visible ? entity : undefined;
  },
}).factory;

const asked = {
  conditional: [] as string[],
  resource: [] as string[],
  reset() {
    this.conditional = [];
    this.resource = [];
  },
};
const permissions = mockServices.permissions.mock({
  async authorize(requests, options) {
    return requests.map(r => {
      const ref = (r as { resourceRef?: string }).resourceRef ?? '';
      asked.resource.push(`${r.permission.name} ${ref}`);
      return {
        result: policy.resource(r.permission.name, options.credentials, ref),
      };
    });
  },
  async authorizeConditional(requests, options) {
    return requests.map(r => {
      asked.conditional.push(r.permission.name);
      const result = policy.conditional(r.permission.name, options.credentials);
      return result === AuthorizeResult.CONDITIONAL
        ? {
            result,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: ['group:default/team-payments'] },
            },
          }
        : { result };
    });
  },
}).factory;

const as = (user: string) => mockCredentials.user.header(user);

// The database is not what these tests are about: SQLite only.
const databases = createStoreTestDatabases();
const [[databaseId]] = databases.eachSupportedId();

describe('reads of a service from the shared catalog snapshot and cached decisions', () => {
  let dyploma: Dyploma;
  let offset = 0;
  const realNow = Date.now;

  beforeAll(async () => {
    dyploma = await startDyploma(databases, databaseId, {
      catalog: catalogFactory,
      permissions,
    });
    await seedRelease(dyploma, 'payments', 'production', '1.0.0', 3);
    await seedRelease(dyploma, 'payments', 'staging', '1.1.0', 1);
  });

  beforeEach(() => {
    // A clock the tests move past the decisions' 5 s; everything else sees it too,
    // which is harmless for a few seconds' jump.
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    policy.revoked.clear();
    catalog.entities = [...entities];
    // Past every cached decision, so each test starts from the policy it sets.
    offset += 10_000;
  });

  const read = (path: string, user: string) =>
    request(dyploma.server).get(path).set('Authorization', as(user));

  /** Reads once so the snapshot and the caller's decisions are in place, then resets the counts. */
  async function warm(user: string) {
    expect((await read(PAYMENTS, user)).status).toBe(200);
    // The snapshot is read in the background on first use; let it land.
    await new Promise(r => setTimeout(r, 20));
    catalog.reset();
    asked.reset();
  }

  it('answers a second status read within the TTL without a catalog or permission call', async () => {
    const first = await read(PAYMENTS, USERS.other);
    expect(first.status).toBe(200);
    expect(asked.conditional).toEqual([
      'catalog.entity.read',
      'dyploma.service.read',
    ]);
    await warm(USERS.other);

    const second = await read(PAYMENTS, USERS.other);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(catalog.calls).toEqual({ getEntities: 0, getEntityByRef: 0 });
    expect(asked).toMatchObject({ conditional: [], resource: [] });
  });

  it('serves every read route of the service the same way: history, releases, an order, events', async () => {
    const order = await request(dyploma.server)
      .post(`${PAYMENTS}/orders`)
      .set('Authorization', as(USERS.owner))
      .send({ kind: 'restart', environment: 'staging' });
    expect(order.status).toBe(201);
    await warm(USERS.other);

    for (const path of [
      `${PAYMENTS}/orders`,
      `${PAYMENTS}/environments/production/releases`,
      `${PAYMENTS}/environments/production/releases/1`,
      `${PAYMENTS}/environments/production/events`,
      `/api/dyploma/orders/${order.body.id}`,
    ]) {
      expect([path, (await read(path, USERS.other)).status]).toEqual([
        path,
        200,
      ]);
    }
    expect(catalog.calls).toEqual({ getEntities: 0, getEntityByRef: 0 });
    expect(asked).toMatchObject({ conditional: [], resource: [] });
    await dyploma.orders.cancel(order.body.id, 'test');
  });

  it('answers the same body from the snapshot as from the catalog with the caller’s credentials', async () => {
    await warm(USERS.other);
    // The contractor's CONDITIONAL decisions take the per-request path: the catalog
    // with the contractor's credentials.
    const fromCatalog = await read(PAYMENTS, CONTRACTOR);
    const fromSnapshot = await read(PAYMENTS, USERS.other);
    expect(fromCatalog.status).toBe(200);
    expect(fromSnapshot.body).toEqual(fromCatalog.body);
    expect(fromSnapshot.body.environments[0].effective).toBeDefined();
    // An invalid model's problems come from the snapshot's fields too.
    const broken = await read(
      '/api/dyploma/services/default/broken',
      USERS.other,
    );
    expect(broken.status).toBe(200);
    expect(broken.body.problems).toEqual([
      expect.objectContaining({ path: 'spec.dyploma.replicas' }),
    ]);
    // A Component without a model is a 400 either way.
    expect(
      (await read('/api/dyploma/services/default/legacy', USERS.other)).body
        .error.message,
    ).toMatch(/has no Dyploma model/);
  });

  it('applies a revoked read permission to writes at once and to reads once the decision expires', async () => {
    await warm(USERS.owner);
    policy.revoked.add(`${USERS.owner} dyploma.service.read`);
    policy.revoked.add(`${USERS.owner} dyploma.service.deploy`);

    const write = await request(dyploma.server)
      .post(`${PAYMENTS}/orders`)
      .set('Authorization', as(USERS.owner))
      .send({ kind: 'restart', environment: 'staging' });
    expect(write.status).toBe(403);
    expect(asked.resource).toEqual([
      'dyploma.service.deploy component:default/payments',
    ]);

    // Within the decision's TTL a read still answers from the cached ALLOW…
    expect((await read(PAYMENTS, USERS.owner)).status).toBe(200);
    // …and once it has expired, the policy's DENY is the answer.
    offset += 5_000;
    const denied = await read(PAYMENTS, USERS.owner);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      `${USERS.owner} may not read component:default/payments (permission dyploma.service.read)`,
    );
  });

  it('takes the per-resource path for CONDITIONAL decisions, with its answers', async () => {
    await warm(USERS.other);
    // The contractor sees payments, with a catalog lookup and a per-resource check each time.
    for (let i = 0; i < 2; i++) {
      expect((await read(PAYMENTS, CONTRACTOR)).status).toBe(200);
    }
    expect(catalog.calls.getEntityByRef).toBe(2);
    expect(asked.resource).toEqual([
      'dyploma.service.read component:default/payments',
      'dyploma.service.read component:default/payments',
    ]);
    // ledger is not team-payments': it does not exist for the contractor.
    const ledger = await read(LEDGER, CONTRACTOR);
    expect(ledger.status).toBe(404);
    expect(ledger.body.error.message).toBe(
      'no service component:default/ledger in the catalog',
    );
    // broken is visible, but the policy does not let the contractor read it in Dyploma.
    const broken = await read(
      '/api/dyploma/services/default/broken',
      CONTRACTOR,
    );
    expect(broken.status).toBe(403);
    // One decision per principal, asked once within the TTL.
    expect(asked.conditional).toEqual([
      'catalog.entity.read',
      'dyploma.service.read',
    ]);
  });

  it('answers 404 to a caller who may not read the entity, and 403 without dyploma.service.read', async () => {
    await warm(USERS.other);
    const hidden = await read(PAYMENTS, STRANGER);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(
      'no service component:default/payments in the catalog',
    );
    // Even a service that exists nowhere: the same answer.
    expect(
      (await read('/api/dyploma/services/default/nothing', STRANGER)).status,
    ).toBe(404);
    const refused = await read(PAYMENTS, AUDITOR);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      `${AUDITOR} may not read component:default/payments (permission dyploma.service.read)`,
    );
    expect(catalog.calls.getEntityByRef).toBe(0);
  });

  it('finds a service registered after the snapshot, then keeps it', async () => {
    await warm(USERS.other);
    const search: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'search', namespace: 'default' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/team-ledger',
        dyploma: { image: 'registry.example.com/search' },
      },
    };
    catalog.entities = [...entities, search];

    const res = await read('/api/dyploma/services/default/search', USERS.other);
    expect(res.status).toBe(200);
    expect(res.body.service).toEqual({
      ref: 'component:default/search',
      namespace: 'default',
      name: 'search',
      owner: 'group:default/team-ledger',
    });
    expect(catalog.calls.getEntityByRef).toBe(1);
    expect(
      (await read('/api/dyploma/services/default/search', USERS.other)).status,
    ).toBe(200);
    expect(catalog.calls.getEntityByRef).toBe(1);
  });

  it('keeps every write on the per-request path: the catalog and the policy each time', async () => {
    await warm(USERS.owner);
    for (let i = 0; i < 2; i++) {
      const res = await request(dyploma.server)
        .post(`${PAYMENTS}/orders`)
        .set('Authorization', as(USERS.owner))
        .send({ kind: 'scale', environment: 'staging', replicas: 2 + i });
      expect(res.status).toBe(201);
      await dyploma.orders.cancel(res.body.id, 'test');
    }
    expect(catalog.calls.getEntityByRef).toBe(2);
    expect(asked.resource).toEqual([
      'dyploma.service.scale component:default/payments',
      'dyploma.service.scale component:default/payments',
    ]);
    expect(asked.conditional).toEqual([]);
  });
});

describe('reads with dyploma.readCache.decisionSeconds: 0', () => {
  it('ask the catalog and the policy on every read, as before', async () => {
    const dyploma = await startDyploma(databases, databaseId, {
      config: {
        dyploma: { ...config.dyploma, readCache: { decisionSeconds: 0 } },
      },
      catalog: catalogFactory,
      permissions,
    });
    catalog.reset();
    asked.reset();
    for (let i = 0; i < 2; i++) {
      const res = await request(dyploma.server)
        .get(PAYMENTS)
        .set('Authorization', as(USERS.other));
      expect(res.status).toBe(200);
    }
    expect(catalog.calls.getEntityByRef).toBe(2);
    expect(asked.resource).toEqual([
      'dyploma.service.read component:default/payments',
      'dyploma.service.read component:default/payments',
    ]);
    expect(asked.conditional).toEqual([]);
  });
});
