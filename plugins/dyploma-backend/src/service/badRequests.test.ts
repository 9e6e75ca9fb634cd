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
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import request from 'supertest';
import {
  Dyploma,
  seedRelease,
  startDyploma,
  USERS,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const ORDERS = '/api/dyploma/services/default/payments/orders';
const PROD = { environment: 'production', reason: 'a test' };

type BadRequest = {
  name: string;
  method?: 'get' | 'post';
  path?: string;
  body?: unknown;
  /** Sent as is, with this Content-Type. */
  raw?: { data: string | Buffer; type: string };
  /** The problem's field path, when the error names one. */
  field?: string;
  /** A part of the message. */
  says: string | RegExp;
  status?: number;
};

const cases: BadRequest[] = [
  // replicas
  ...(
    [
      ['"r12345"', 'r12345', 'got "r12345"'],
      ['-1', -1, 'got -1'],
      ['1.5', 1.5, 'got 1.5'],
      ['2^31', 2 ** 31, 'got 2147483648'],
      ['"3" (quoted)', '3', 'got "3": write 3 without quotes'],
      ['null', null, 'got an empty value: the value is empty'],
      ['true', true, 'got true'],
      ['a list', [3], 'got a list'],
    ] as const
  ).map(([what, replicas, says]) => ({
    name: `scale with replicas ${what}`,
    body: { kind: 'scale', ...PROD, replicas },
    field: 'replicas',
    says: `replicas: expected a whole number from 0 to 500, ${says}`,
  })),
  {
    name: 'deploy with replicas 501',
    body: { kind: 'deploy', ...PROD, version: '1.2.0', replicas: 501 },
    field: 'replicas',
    says: 'got 501',
  },
  // version
  {
    name: 'deploy without a version',
    body: { kind: 'deploy', ...PROD },
    field: 'version',
    says: 'version: required: expected an image tag',
  },
  {
    name: 'deploy with a numeric version',
    body: { kind: 'deploy', ...PROD, version: 1.1 },
    field: 'version',
    says: 'send the version as text',
  },
  {
    name: 'deploy with a version that is no tag',
    body: { kind: 'deploy', ...PROD, version: 'v1 final!' },
    field: 'version',
    says: 'version: expected an image tag such as 1.4.2',
  },
  {
    name: 'deploy with a map as version',
    body: { kind: 'deploy', ...PROD, version: { tag: '1' } },
    field: 'version',
    says: 'got a map',
  },
  // environment
  {
    name: 'an unknown environment',
    body: { kind: 'restart', environment: 'prod', reason: 'x' },
    field: 'environment',
    says: 'environment: no environment named "prod"; the environments are production, staging',
  },
  {
    name: 'a numeric environment',
    body: { kind: 'restart', environment: 42 },
    field: 'environment',
    says: 'environment: expected an environment name such as production, got 42',
  },
  {
    name: 'no environment',
    body: { kind: 'restart' },
    field: 'environment',
    says: 'environment: required',
  },
  {
    name: 'an environment that is no DNS label',
    body: { kind: 'restart', environment: 'Production' },
    field: 'environment',
    says: '(e.g. "production")',
  },
  // kind
  {
    name: 'no kind',
    body: { ...PROD },
    field: 'kind',
    says: 'kind: required: expected one of deploy, scale',
  },
  {
    name: 'a misspelt kind',
    body: { kind: 'deploi', ...PROD },
    field: 'kind',
    says: 'did you mean "deploy"?',
  },
  {
    name: 'a numeric kind',
    body: { kind: 7, ...PROD },
    field: 'kind',
    says: 'kind: expected one of deploy, scale, disable, enable, restart, rollback, got 7',
  },
  // smuggled targets
  ...['cluster', 'clusters', 'namespace'].map(key => ({
    name: `a ${key} smuggled into the body`,
    body: {
      kind: 'deploy',
      ...PROD,
      version: '1.2.0',
      [key]: key === 'clusters' ? ['dc1'] : 'kube-system',
    },
    field: key,
    says: `${key}: unknown field: the platform decides the clusters and the namespace from the service and the environment`,
  })),
  {
    name: 'a misspelt field',
    body: { kind: 'scale', ...PROD, replcias: 3 },
    field: 'replcias',
    says: 'did you mean "replicas"?',
  },
  {
    name: 'a version on a scale order',
    body: { kind: 'scale', ...PROD, replicas: 3, version: '1.2.0' },
    field: 'version',
    says: 'send a deploy order to change it',
  },
  // reason and idempotency key
  {
    name: 'a reason over 1000 characters',
    body: { kind: 'restart', ...PROD, reason: 'x'.repeat(1001) },
    field: 'reason',
    says: 'the limit is 1000',
  },
  {
    name: 'a numeric reason',
    body: { kind: 'restart', ...PROD, reason: 42 },
    field: 'reason',
    says: 'reason: expected a reason of at most 1000 characters, got 42',
  },
  {
    name: 'a blank reason',
    body: { kind: 'restart', ...PROD, reason: '   ' },
    field: 'reason',
    says: 'say why, or leave the field out',
  },
  {
    name: 'no reason in production',
    body: { kind: 'restart', environment: 'production' },
    field: 'reason',
    says: 'reason: required: orders in production must say why',
  },
  {
    name: 'a numeric idempotency key',
    body: { kind: 'restart', ...PROD, idempotencyKey: 123 },
    field: 'idempotencyKey',
    says: 'idempotencyKey: expected an idempotency key',
  },
  {
    name: 'an idempotency key with spaces',
    body: { kind: 'restart', ...PROD, idempotencyKey: 'a b' },
    field: 'idempotencyKey',
    says: 'without spaces',
  },
  // rollback
  {
    name: 'a quoted toRevision',
    body: { kind: 'rollback', ...PROD, toRevision: '1' },
    field: 'toRevision',
    says: 'write 1 without quotes',
  },
  {
    name: 'toRevision 0',
    body: { kind: 'rollback', ...PROD, toRevision: 0 },
    field: 'toRevision',
    says: 'got 0',
  },
  {
    name: 'a toRevision that does not exist',
    body: { kind: 'rollback', ...PROD, toRevision: 99 },
    field: 'toRevision',
    says: 'production has no release 99; its revisions are 1 to 3',
  },
  {
    name: 'a rollback to the current release',
    body: { kind: 'rollback', ...PROD, toRevision: 3 },
    field: 'toRevision',
    says: 'revision 3 is the current release of production',
  },
  {
    name: 'a scale of a service never deployed to the environment',
    body: { kind: 'scale', environment: 'staging', replicas: 2 },
    says: 'has never been deployed to staging: deploy a version first, then scale',
  },
  // the service
  {
    name: 'a Component without spec.dyploma',
    path: '/api/dyploma/services/default/legacy/orders',
    body: { kind: 'deploy', ...PROD, version: '1.0.0' },
    says: 'component:default/legacy has no Dyploma model: add spec.dyploma to its catalog-info.yaml',
  },
  {
    name: 'a service whose model is not valid',
    path: '/api/dyploma/services/default/broken/orders',
    body: { kind: 'deploy', ...PROD, version: '1.0.0' },
    field: 'spec.dyploma.replicas',
    says: 'spec.dyploma.replicas: expected a whole number from 0 to 500, got "many"',
  },
  {
    name: 'a service name with characters the catalog refuses',
    path: '/api/dyploma/services/default/pay$ments/orders',
    body: { kind: 'deploy', ...PROD, version: '1.0.0' },
    says: 'name: expected a catalog name',
  },
  // the body itself
  {
    name: 'a list as body',
    body: [{ kind: 'deploy' }],
    says: 'expected a JSON object such as',
  },
  {
    name: 'bad JSON',
    raw: { data: '{"kind": "deploy",', type: 'application/json' },
    says: 'the request body is not valid JSON',
  },
  {
    name: 'a JSON string as body',
    raw: { data: '"deploy"', type: 'application/json' },
    says: 'the request body is not valid JSON',
  },
  {
    name: 'a 5 MB body',
    body: { kind: 'restart', ...PROD, reason: 'x'.repeat(5 * 1024 * 1024) },
    says: /the request body is \d+ bytes; the limit is 256 KB/,
  },
  {
    name: 'a body that is not JSON',
    raw: { data: 'kind=deploy&version=1', type: 'text/plain' },
    says: 'expected a JSON body with Content-Type: application/json, got text/plain',
  },
  // other routes
  {
    name: 'a list page size that is no number',
    method: 'get',
    path: `${ORDERS}?limit=all`,
    says: 'limit: expected a whole number from 1 to 200, got "all"',
  },
  {
    name: 'a list filtered by an unknown environment',
    method: 'get',
    path: `${ORDERS}?environment=qa`,
    field: 'environment',
    says: 'no environment named "qa"',
  },
  {
    name: 'the releases of an unknown environment',
    method: 'get',
    path: '/api/dyploma/services/default/payments/environments/qa/releases',
    field: 'environment',
    says: 'no environment named "qa"',
  },
  {
    name: 'a release revision that is no number',
    method: 'get',
    path: '/api/dyploma/services/default/payments/environments/production/releases/latest',
    says: 'revision: expected a release revision, a whole number from 1, got "latest"',
  },
  {
    name: 'a scale of an autoscaled environment',
    body: { kind: 'scale', ...PROD, replicas: 5 },
    field: 'replicas',
    says: 'replicas: production is autoscaled (2 to 8 replicas per cluster): change spec.dyploma.environments.production.autoscaling to scale it',
  },
  {
    name: 'a retry naming its own clusters',
    path: '/api/dyploma/orders/00000000-0000-4000-8000-000000000000/retry',
    body: { clusters: ['dc2'] },
    field: 'clusters',
    says: 'clusters: unknown field: a retry touches exactly the clusters that failed',
  },
];

const databases = createStoreTestDatabases();

describe.each(databases.eachSupportedId())('bad requests on %p', databaseId => {
  let dyploma: Dyploma;
  const statuses: number[] = [];

  beforeAll(async () => {
    dyploma = await startDyploma(databases, databaseId);
    await seedRelease(dyploma, 'payments', 'production', '1.0.0');
    await seedRelease(dyploma, 'payments', 'production', '1.1.0');
    // Release 3, made while the model autoscaled production: the HPA owns its replicas.
    await dyploma.releases.append({
      serviceRef: 'component:default/payments',
      environment: 'production',
      spec: {
        version: '1.2.0',
        replicas: 2,
        enabled: true,
        model: { autoscaling: { min: 2, max: 8 } },
      },
      author: USERS.owner,
      reason: 'autoscaled production',
    });
  });

  it(`has at least 30 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map(c => [c.name, c] as const))(
    'refuses %s with 400 and the field',
    async (_name, c) => {
      let req = request(dyploma.server)
        [c.method ?? 'post'](c.path ?? ORDERS)
        .set('Authorization', mockCredentials.user.header(USERS.owner));
      if (c.raw) {
        req = req.set('Content-Type', c.raw.type).send(c.raw.data);
      } else if (c.body !== undefined) {
        req = req.send(c.body as object);
      }
      const res = await req;
      statuses.push(res.status);
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: c.status ?? 400,
        body: { error: { name: 'InputError' } },
      });
      expect(res.body.error.message).toMatch(c.says);
      const fields = (res.body.problems ?? []).map(
        (p: { path: string }) => p.path,
      );
      expect(fields).toEqual(expect.arrayContaining(c.field ? [c.field] : []));
    },
  );

  it('answers an unknown service with 404', async () => {
    const res = await request(dyploma.server)
      .post('/api/dyploma/services/default/nope/orders')
      .set('Authorization', mockCredentials.user.header(USERS.owner))
      .send({ kind: 'deploy', ...PROD, version: '1.0.0' });
    statuses.push(res.status);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'no service component:default/nope in the catalog',
    );
  });

  it('wrote not one order and answered nothing with a 5xx', async () => {
    expect(statuses.length).toBe(cases.length + 1);
    expect(statuses.filter(status => status >= 500)).toEqual([]);
    expect(await dyploma.countOrders()).toBe(0);
  });
});
