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

import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { dyplomaCostReadPermission } from '@dyploma/plugin-dyploma-common';
import express from 'express';
import Knex from 'knex';
import request from 'supertest';
import { migrationsDir } from '../database/migrate';
import { DatabaseCostStore } from './DatabaseCostStore';
import { createCostRouter } from './router';
import { NOW, PARENTS, seedTwoDays } from './testFleet';

jest.setTimeout(30_000);

// The store's figures are checked on both databases elsewhere; HTTP needs only one.
async function createApp(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const knex = Knex({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await knex.migrate.latest({ directory: migrationsDir });
  const store = new DatabaseCostStore(knex);
  await seedTwoDays(store);
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async requests =>
      requests.map(() => ({ result })),
    ) as any,
    // The catalog shows these callers everything; what it hides is in scope.test.ts.
    authorizeConditional: jest.fn(async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    ) as any,
  });
  const app = express();
  app.use(
    createCostRouter({
      store,
      permissions,
      httpAuth: mockServices.httpAuth(),
      catalog: catalogServiceMock(),
      groupParents: async () => PARENTS,
      now: () => NOW,
    }),
  );
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return { app, permissions, knex };
}

describe('createCostRouter', () => {
  let app: express.Express;
  let permissions: Awaited<ReturnType<typeof createApp>>['permissions'];
  let knex: Awaited<ReturnType<typeof createApp>>['knex'];
  beforeAll(async () => {
    ({ app, permissions, knex } = await createApp());
  });
  afterAll(() => knex.destroy());

  it('serves a service card and checks dyploma.cost.read', async () => {
    const res = await request(app).get(
      '/cost/services/default/payments?window=24h',
    );
    expect(res.status).toBe(200);
    expect(res.body.serviceRef).toBe('component:default/payments');
    expect(res.body.cost).toBeCloseTo(3.648, 9);
    expect(res.body.trend).toBeCloseTo(5 / 14, 9);
    expect(res.body.month.projected).toBeCloseTo(95.04, 9);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: dyplomaCostReadPermission }],
      expect.anything(),
    );
  });

  it('serves owners rolled up, and one group with its services', async () => {
    const all = await request(app).get('/cost/owners?window=24h');
    expect(all.status).toBe(200);
    expect(all.body.items[0]).toMatchObject({
      key: 'group:default/engineering',
      cost: expect.closeTo(5.808, 9),
    });
    const team = await request(app).get(
      '/cost/owners/default/customer-experience?window=24h',
    );
    expect(team.status).toBe(200);
    expect(team.body.cost).toBeCloseTo(2.16, 9);
    expect(team.body.services[0].key).toBe('component:default/search');
  });

  it('serves a report as JSON or CSV, for a custom window too', async () => {
    const json = await request(app).get(
      '/cost/report?groupBy=cluster&from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z',
    );
    expect(json.status).toBe(200);
    expect(json.body.items.map((i: any) => i.key)).toEqual(['dc1', 'dc2']);
    expect(json.body.items[0].idleCost).toBeCloseTo(5.04, 9);

    const csv = await request(app).get(
      '/cost/report?groupBy=datacenter&window=24h&format=csv',
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(
      'cost-by-datacenter-2026-11-02-24h.csv',
    );
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^datacenter,cost,previous_cost,trend,/);
    expect(lines[1]).toMatch(/^paris,4\.56/);
    expect(lines).toHaveLength(3);
  });

  it('serves over-provisioned services and a daily series', async () => {
    const over = await request(app).get('/cost/over-provisioned?window=24h');
    expect(over.status).toBe(200);
    expect(over.body.rightSizeTo).toBe('average usage × 1.15');
    expect(over.body.items[0].monthlySaving.total).toBeCloseTo(18.615, 9);

    const series = await request(app).get(
      '/cost/series?window=7d&step=day&groupBy=service',
    );
    expect(series.status).toBe(200);
    const payments = series.body.points.filter(
      (p: any) => p.key === 'component:default/payments',
    );
    expect(payments.map((p: any) => [p.at, p.cost])).toEqual([
      ['2026-11-01T00:00:00.000Z', expect.closeTo(2.688, 9)],
      ['2026-11-02T00:00:00.000Z', expect.closeTo(3.648, 9)],
    ]);
  });

  it('compares a custom window with the window of equal length before it', async () => {
    // Nov 2 against Nov 1: payments 3.648 against 2.688.
    const res = await request(app).get(
      '/cost/services/default/payments?from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z',
    );
    expect(res.status).toBe(200);
    expect(res.body.window).toEqual({
      from: '2026-11-02T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      hours: 24,
    });
    expect(res.body.previousWindow).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      hours: 24,
    });
    expect(res.body.cost).toBeCloseTo(3.648, 9);
    expect(res.body.previousCost).toBeCloseTo(2.688, 9);
    expect(res.body.trend).toBeCloseTo(3.648 / 2.688 - 1, 9);
  });

  it('serves one service’s or one owner’s series, hour by hour', async () => {
    const service = await request(app).get(
      '/cost/series?service=component:default/payments&step=hour&groupBy=cluster&from=2026-11-02T10:00:00Z&to=2026-11-02T12:00:00Z',
    );
    expect(service.status).toBe(200);
    expect(service.body.demo).toBe(false);
    expect(service.body.points.map((p: any) => [p.at, p.key, p.cost])).toEqual([
      ['2026-11-02T10:00:00.000Z', 'dc1', expect.closeTo(0.08, 12)],
      ['2026-11-02T10:00:00.000Z', 'dc2', expect.closeTo(0.072, 12)],
      ['2026-11-02T11:00:00.000Z', 'dc1', expect.closeTo(0.08, 12)],
      ['2026-11-02T11:00:00.000Z', 'dc2', expect.closeTo(0.072, 12)],
    ]);
    // customer-experience rolls up team-search: search alone, 0.09 × 24 on Nov 2.
    const owner = await request(app).get(
      '/cost/series?owner=group:default/customer-experience&window=7d&groupBy=service',
    );
    expect(owner.status).toBe(200);
    expect(owner.body.points.map((p: any) => [p.at, p.key, p.cost])).toEqual([
      [
        '2026-11-02T00:00:00.000Z',
        'component:default/search',
        expect.closeTo(2.16, 9),
      ],
    ]);
  });

  it.each([
    ['/cost/report?groupBy=team', /groupBy: expected one of service, owner/],
    ['/cost/report', /groupBy: expected one of/],
    [
      '/cost/report?groupBy=owner&window=1y',
      /window: expected one of 24h, 7d, 30d/,
    ],
    [
      '/cost/report?groupBy=owner&from=yesterday',
      /from: expected an ISO 8601 time/,
    ],
    [
      '/cost/report?groupBy=owner&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z',
      /to: expected a time after from/,
    ],
    [
      '/cost/report?groupBy=owner&window=7d&from=2026-11-01T00:00:00Z',
      /either window or from/,
    ],
    ['/cost/report?groupBy=owner&format=xlsx', /format: expected json or csv/],
    [
      '/cost/report?groupBy=owner&shareIdle=yes',
      /shareIdle: expected true or false/,
    ],
    [
      '/cost/over-provisioned?maxEfficiency=2',
      /maxEfficiency: expected a number between 0 and 1/,
    ],
    ['/cost/series?step=week', /step: expected hour or day/],
    [
      '/cost/series?step=hour&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z',
      /step: hourly series cover at most 31 days; use step=day/,
    ],
    ['/cost/series?service=payments', /service: expected an entity ref/],
    [
      '/cost/series?owner=component:default/payments',
      /owner: expected an entity ref like group:default\/name/,
    ],
    [
      '/cost/series?service=component:default/a&owner=group:default/b',
      /give either service or owner/,
    ],
    [
      '/cost/report?groupBy=owner&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      /from: expected a window of at most 400 days/,
    ],
    [
      '/cost/report?groupBy=owner&to=2026-01-01T00:00:00Z',
      /from: expected an ISO 8601 time with to/,
    ],
    ['/cost/services/default/pay%20ments', /name "pay ments"/],
  ])('answers 400 to %s', async (url, message) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 403 when the permission is denied', async () => {
    const denied = await createApp(AuthorizeResult.DENY);
    const res = await request(denied.app).get('/cost/report?groupBy=owner');
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    await denied.knex.destroy();
  });
});
