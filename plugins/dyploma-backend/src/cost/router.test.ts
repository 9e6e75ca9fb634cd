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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
  });
  const app = express();
  app.use(
    createCostRouter({
      store,
      permissions,
      httpAuth: mockServices.httpAuth(),
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
      [{ permission: expect.objectContaining({ name: 'dyploma.cost.read' }) }],
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
