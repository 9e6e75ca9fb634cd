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

import { createPermission } from '@backstage/plugin-permission-common';
import { DyplomaDemoPolicy, PLATFORM_ADMINS } from './permissionPolicy';

const entityPermission = (name: string) =>
  createPermission({ name, attributes: {}, resourceType: 'catalog-entity' });

const GROUPS: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-payments'],
  'user:default/root': ['user:default/root', PLATFORM_ADMINS],
};

const policy = new DyplomaDemoPolicy({
  getUserInfo: async credentials => {
    const userEntityRef = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return { userEntityRef, ownershipEntityRefs: GROUPS[userEntityRef] ?? [] };
  },
});

function as(userEntityRef: string) {
  return {
    credentials: {
      $$type: '@backstage/BackstageCredentials' as const,
      principal: { type: 'user' as const, userEntityRef },
    },
    info: { userEntityRef, ownershipEntityRefs: [] },
  };
}

describe('DyplomaDemoPolicy', () => {
  it('lets everyone read and see cost', async () => {
    for (const name of ['dyploma.service.read', 'dyploma.cost.read']) {
      await expect(
        policy.handle(
          { permission: entityPermission(name) },
          as('user:default/bob'),
        ),
      ).resolves.toEqual({ result: 'ALLOW' });
    }
  });

  it('lets members of the owning group deploy and scale, as a catalog condition', async () => {
    const decision = await policy.handle(
      { permission: entityPermission('dyploma.service.deploy') },
      as('user:default/alice'),
    );
    expect(decision).toEqual({
      result: 'CONDITIONAL',
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/alice', 'group:default/team-payments'],
        },
      },
    });
  });

  it('keeps admin to platform-admins, who may do everything', async () => {
    const admin = entityPermission('dyploma.service.admin');
    await expect(
      policy.handle({ permission: admin }, as('user:default/alice')),
    ).resolves.toEqual({ result: 'DENY' });
    await expect(
      policy.handle({ permission: admin }, as('user:default/root')),
    ).resolves.toEqual({ result: 'ALLOW' });
    await expect(
      policy.handle(
        { permission: entityPermission('dyploma.service.scale') },
        as('user:default/root'),
      ),
    ).resolves.toEqual({ result: 'ALLOW' });
  });

  it('allows other plugins’ permissions as before, and denies Dyploma changes without a user', async () => {
    await expect(
      policy.handle({
        permission: createPermission({
          name: 'catalog.entity.delete',
          attributes: { action: 'delete' },
        }),
      }),
    ).resolves.toEqual({ result: 'ALLOW' });
    await expect(
      policy.handle({ permission: entityPermission('dyploma.service.deploy') }),
    ).resolves.toEqual({ result: 'DENY' });
  });
});
