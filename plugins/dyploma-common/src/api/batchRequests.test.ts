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

import { parseBatchRequest } from './batchRequests';
import { fleetQueryParams, parseFleetQuery, serviceRef } from './fleetQuery';

function problems(result: {
  ok: boolean;
  problems?: Array<{ message: string }>;
}) {
  if (result.ok) throw new Error('expected problems');
  return result.problems!.map(p => p.message);
}

describe('parseBatchRequest', () => {
  it('accepts each action, defaults onForbidden to skip and expands short refs', () => {
    const result = parseBatchRequest({
      environment: 'production',
      action: { kind: 'scale', factor: 2 },
      select: {
        refs: ['payments', 'default/ledger', 'component:default/payments'],
      },
      reason: 'black friday',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        environment: 'production',
        action: { kind: 'scale', factor: 2 },
        select: {
          refs: ['component:default/payments', 'component:default/ledger'],
        },
        onForbidden: 'skip',
        reason: 'black friday',
      },
    });
    for (const action of [
      { kind: 'scale', replicas: 0 },
      { kind: 'disable' },
      { kind: 'enable' },
      { kind: 'restart' },
      { kind: 'redeploy' },
      { kind: 'rollback' },
    ]) {
      const parsed = parseBatchRequest({
        environment: 'staging',
        action,
        select: {
          filter: {
            owner: 'group:default/team-payments',
            status: ['degraded', 'failed'],
          },
        },
        onForbidden: 'refuse',
      });
      expect(parsed).toEqual({
        ok: true,
        value: {
          environment: 'staging',
          action,
          select: {
            filter: {
              owner: ['group:default/team-payments'],
              status: ['degraded', 'failed'],
            },
          },
          onForbidden: 'refuse',
        },
      });
    }
  });

  it('names every bad field with its path and the expected form', () => {
    expect(
      problems(
        parseBatchRequest({
          environment: 'Prod!',
          action: { kind: 'scale', factor: 'x2' },
          select: { refs: 'payments' },
          onForbidden: 'ignore',
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^environment: expected an environment name/),
      'onForbidden: expected one of skip, refuse, got "ignore": write skip',
      expect.stringMatching(
        /^action\.factor: expected a number above 0 and at most 100/,
      ),
      expect.stringMatching(
        /^select\.refs: expected a list of services, got "payments"/,
      ),
    ]);
    expect(
      problems(
        parseBatchRequest({
          environment: 'production',
          action: { kind: 'scale', replicas: 2, factor: 2 },
          select: { refs: ['a'] },
        }),
      ),
    ).toEqual(['action: give replicas or factor, not both']);
    expect(
      problems(
        parseBatchRequest({
          environment: 'production',
          action: { kind: 'deploy' },
          select: {},
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^action\.kind: expected one of scale, disable, enable, restart, redeploy, rollback, got "deploy": a batch cannot pick a version/,
      ),
      'select: required: refs (a list of services) or filter (a fleet filter)',
    ]);
    expect(
      problems(
        parseBatchRequest({
          environment: 'production',
          action: { kind: 'restart', replicas: 2 },
          select: { filter: { environment: 'x', colour: 'red' } },
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^action\.replicas: unknown field/),
      expect.stringMatching(/^select\.filter\.colour: unknown field/),
    ]);
    expect(problems(parseBatchRequest([]))).toEqual([
      expect.stringMatching(/^expected a JSON object/),
    ]);
    expect(
      problems(
        parseBatchRequest({
          environment: 'production',
          action: { kind: 'scale', factor: 0 },
          select: { refs: ['user:default/alice'] },
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^action\.factor: .*to scale to zero, disable the services/,
      ),
      expect.stringMatching(/^select\.refs\[0\]: .*name a catalog Component/),
    ]);
  });
});

describe('parseFleetQuery', () => {
  it('parses a query string with defaults and repeated keys', () => {
    expect(parseFleetQuery({})).toEqual({
      ok: true,
      value: { sort: 'service', order: 'asc', limit: 50, offset: 0 },
    });
    expect(
      parseFleetQuery({
        owner: ['a', 'b'],
        status: 'degraded',
        sort: 'cost',
        order: 'desc',
        limit: '200',
        offset: '400',
        q: 'pay',
      }),
    ).toEqual({
      ok: true,
      value: {
        owner: ['a', 'b'],
        status: ['degraded'],
        sort: 'cost',
        order: 'desc',
        limit: 200,
        offset: 400,
        q: 'pay',
      },
    });
  });

  it('refuses bad parameters by name', () => {
    expect(
      problems(
        parseFleetQuery({
          limit: '0',
          offset: '-1',
          sort: 'replicas',
          status: 'ready',
          colour: 'red',
        }),
      ),
    ).toEqual([
      'status: expected one of healthy, progressing, degraded, failed, disabled, not-deployed, unknown, got "ready": write healthy',
      'sort: expected one of service, owner, system, environment, cluster, datacenter, version, status, desired, ready, lastOrder, cost, got "replicas": write desired or ready',
      'limit: expected a whole number from 1 to 1000, got "0"',
      'offset: expected a whole number from 0 to 10000000, got "-1"',
      expect.stringMatching(/^colour: unknown field/),
    ]);
  });

  it('round-trips through fleetQueryParams', () => {
    const params = fleetQueryParams({
      owner: ['a', 'b'],
      status: ['healthy'],
      limit: 10,
    });
    expect(params.toString()).toBe('owner=a&owner=b&status=healthy&limit=10');
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      query[key] = all.length > 1 ? all : all[0];
    }
    expect(parseFleetQuery(query)).toMatchObject({
      ok: true,
      value: { owner: ['a', 'b'], status: ['healthy'], limit: 10 },
    });
  });

  it('reads the short ways of naming a service', () => {
    expect(serviceRef('payments')).toBe('component:default/payments');
    expect(serviceRef('shop/cart')).toBe('component:shop/cart');
    expect(serviceRef('Component:default/x')).toBe('component:default/x');
    expect(serviceRef('group:default/x')).toBeUndefined();
  });
});
