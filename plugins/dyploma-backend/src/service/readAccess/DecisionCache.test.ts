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

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { dyplomaServiceReadPermission } from '@dyploma/plugin-dyploma-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { DecisionCache, principalKey } from './DecisionCache';

const READS = [catalogEntityReadPermission, dyplomaServiceReadPermission];

function setup(options: { maxEntries?: number } = {}) {
  let now = 1_000_000;
  const answers: AuthorizeResult[] = [
    AuthorizeResult.ALLOW,
    AuthorizeResult.ALLOW,
  ];
  const permissions = mockServices.permissions.mock({
    authorizeConditional: jest.fn(async requests =>
      requests.map((_, i) => ({ result: answers[i] } as any)),
    ),
  });
  const cache = new DecisionCache(permissions, {
    ttlMs: 5_000,
    now: () => now,
    ...options,
  });
  return {
    cache,
    answers,
    calls: () =>
      (permissions.authorizeConditional as jest.Mock).mock.calls.length,
    permissions,
    advance: (ms: number) => (now += ms),
  };
}

describe('DecisionCache', () => {
  const alice = mockCredentials.user('user:default/alice');
  const bob = mockCredentials.user('user:default/bob');

  it('asks once per principal within the TTL, and again after it', async () => {
    const { cache, calls, answers, advance } = setup();
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'ALLOW']);
    answers[1] = AuthorizeResult.DENY;
    advance(3_999);
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'ALLOW']);
    expect(calls()).toBe(1);
    // Another user is another principal.
    expect(await cache.decide(bob, READS)).toEqual(['ALLOW', 'DENY']);
    advance(1_001);
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'DENY']);
    expect(calls()).toBe(3);
  });

  it('asks again in the background near the TTL, so a steady reader never waits, and never answers older than the TTL', async () => {
    const { cache, calls, answers, advance, permissions } = setup();
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'ALLOW']);
    // The policy revokes; at 80 % of the TTL a read still gets the kept decision at once
    // and starts one refresh (a second read meanwhile starts no other).
    answers[1] = AuthorizeResult.DENY;
    advance(4_000);
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    (permissions.authorizeConditional as jest.Mock).mockImplementationOnce(
      async requests => {
        await gate;
        return requests.map((_: unknown, i: number) => ({
          result: answers[i],
        }));
      },
    );
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'ALLOW']);
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'ALLOW']);
    expect(calls()).toBe(2);
    release();
    await new Promise(r => setImmediate(r));
    // The refreshed decision serves from then on, without another call.
    advance(500);
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'DENY']);
    expect(calls()).toBe(2);
  });

  it('does not extend a decision whose background refresh failed past its TTL', async () => {
    const { cache, calls, advance, permissions } = setup();
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'ALLOW']);
    advance(4_500);
    (permissions.authorizeConditional as jest.Mock).mockRejectedValueOnce(
      new Error('permission backend down'),
    );
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'ALLOW']);
    await new Promise(r => setImmediate(r));
    expect(calls()).toBe(2);
    // Past the TTL the read asks (and waits) again rather than keep the old answer.
    advance(500);
    expect(await cache.decide(alice, READS)).toEqual(['ALLOW', 'ALLOW']);
    expect(calls()).toBe(3);
  });

  it('asks without a resource, with the caller’s credentials', async () => {
    const { cache, permissions } = setup();
    await cache.decide(alice, READS);
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [
        { permission: catalogEntityReadPermission },
        { permission: dyplomaServiceReadPermission },
      ],
      { credentials: alice },
    );
  });

  it('shares one call between concurrent asks, and keeps no failure', async () => {
    const { cache, calls, permissions } = setup();
    const both = await Promise.all([
      cache.decide(alice, READS),
      cache.decide(alice, READS),
    ]);
    expect(both).toEqual([
      ['ALLOW', 'ALLOW'],
      ['ALLOW', 'ALLOW'],
    ]);
    expect(calls()).toBe(1);

    (permissions.authorizeConditional as jest.Mock).mockRejectedValueOnce(
      Object.assign(new Error('forbidden'), { statusCode: 403 }),
    );
    await expect(cache.decide(bob, READS)).rejects.toThrow('forbidden');
    expect(await cache.decide(bob, READS)).toEqual(['ALLOW', 'ALLOW']);
    expect(calls()).toBe(3);
  });

  it('keeps at most maxEntries principals, the oldest going first', async () => {
    const { cache, calls } = setup({ maxEntries: 2 });
    const carol = mockCredentials.user('user:default/carol');
    await cache.decide(alice, READS);
    await cache.decide(bob, READS);
    await cache.decide(carol, READS);
    expect(calls()).toBe(3);
    await cache.decide(carol, READS);
    await cache.decide(bob, READS);
    expect(calls()).toBe(3);
    await cache.decide(alice, READS);
    expect(calls()).toBe(4);
  });

  it('never caches a caller without a principal it can name', async () => {
    const { cache, calls } = setup();
    await cache.decide(mockCredentials.none(), READS);
    await cache.decide(mockCredentials.none(), READS);
    expect(calls()).toBe(2);
  });
});

describe('principalKey', () => {
  it('names users and services, never by their token', () => {
    expect(principalKey(mockCredentials.user('user:default/alice'))).toBe(
      'user user:default/alice',
    );
    expect(
      principalKey(
        mockCredentials.user('user:default/alice', {
          actor: { subject: 'plugin:scaffolder' },
        }),
      ),
    ).toBe('user user:default/alice via plugin:scaffolder');
    expect(principalKey(mockCredentials.service('plugin:catalog'))).toBe(
      'service plugin:catalog',
    );
    expect(
      principalKey(
        mockCredentials.service('external:ci', {
          permissionNames: ['dyploma.service.read'],
        }),
      ),
    ).toBe('service external:ci {"permissionNames":["dyploma.service.read"]}');
    expect(principalKey(mockCredentials.none())).toBeUndefined();
    const withToken = {
      ...mockCredentials.user('user:default/alice'),
      token: 'secret-token',
    };
    expect(principalKey(withToken)).not.toContain('secret-token');
  });
});
