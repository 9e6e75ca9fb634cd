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
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entities, USERS } from './testBackend';

/*
 * A catalog and a policy that hide entities from some callers, for the views that show
 * only what the catalog shows the caller (the fleet page, batches, cost). Pass
 * `catalog: catalogFactory, permissions: permissionsFactory` to `startDyploma`.
 */

const group = (name: string, parent?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], ...(parent && { parent }) },
});

/**
 * The test backend's services, their teams under `engineering` (team-ledger by way of
 * `skunkworks`, a group the catalog shows only to those it shows everything), and `vault`:
 * a service without a Dyploma model (not in the fleet) owned by `team-secret`, a group
 * that is in no catalog, as one a policy hides from everybody would be.
 */
export const catalogEntities: Entity[] = [
  ...entities,
  group('engineering'),
  group('team-payments', 'engineering'),
  group('skunkworks', 'engineering'),
  group('team-ledger', 'skunkworks'),
  group('platform-admins'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'vault', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-secret',
    },
  },
];

/**
 * A member of team-payments whom the catalog shows only team-payments' entities, and
 * every group (people must find teams) but RESTRICTED_GROUP.
 */
export const TEAM_ONLY = 'user:default/dana';
/** A group between engineering and team-ledger that TEAM_ONLY may not see. */
export const RESTRICTED_GROUP = 'group:default/skunkworks';
/** A user whom the catalog shows nothing. */
export const STRANGER = 'user:default/stranger';
/**
 * A member of team-payments whom the catalog shows every entity but RESTRICTED_GROUP and
 * the systems it owns: services are public, a secret team and its projects are not, so
 * they see services whose owner or system they may not see.
 */
export const NOT_RESTRICTED = 'user:default/erin';

/** The groups of each user of these tests. */
export const TEAMS: Record<string, string[]> = {
  [USERS.other]: ['group:default/team-ledger'],
  [USERS.admin]: ['group:default/platform-admins'],
  [TEAM_ONLY]: ['group:default/team-payments'],
  [NOT_RESTRICTED]: ['group:default/team-payments'],
  [STRANGER]: [],
};

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as Partial<BackstageUserPrincipal>).userEntityRef;
const ownerOf = (catalog: Entity[], ref: string) =>
  (
    catalog.find(e => stringifyEntityRef(e) === ref)?.spec as
      | { owner?: string }
      | undefined
  )?.owner;

/**
 * The policy of these tests, as a permission backend would answer it. Without a resource:
 * the catalog's read permission is CONDITIONAL for TEAM_ONLY (every group but
 * RESTRICTED_GROUP, and the entities their team owns: anyOf(IS_ENTITY_KIND group and not
 * that one, IS_ENTITY_OWNER)) and for NOT_RESTRICTED (every entity but RESTRICTED_GROUP
 * and the systems it owns), DENY for STRANGER, ALLOW for the others; everyone may read in
 * Dyploma and read cost; platform-admins do everything, owners deploy and scale theirs.
 */
function decideConditional(
  permission: string,
  credentials: BackstageCredentials,
): AuthorizeResult {
  const user = userOf(credentials);
  if (!user) return AuthorizeResult.DENY;
  if (permission === 'catalog.entity.read') {
    if (user === STRANGER) return AuthorizeResult.DENY;
    return user === TEAM_ONLY || user === NOT_RESTRICTED
      ? AuthorizeResult.CONDITIONAL
      : AuthorizeResult.ALLOW;
  }
  if (permission === 'dyploma.service.read') return AuthorizeResult.ALLOW;
  if (permission === 'dyploma.cost.read') return AuthorizeResult.ALLOW;
  if (TEAMS[user]?.includes('group:default/platform-admins')) {
    return AuthorizeResult.ALLOW;
  }
  return ['dyploma.service.deploy', 'dyploma.service.scale'].includes(
    permission,
  )
    ? AuthorizeResult.CONDITIONAL
    : AuthorizeResult.DENY;
}

/** The decision on one entity: a CONDITIONAL resolved as its conditions would. */
function decide(
  catalog: Entity[],
  permission: string,
  credentials: BackstageCredentials,
  ref: string,
): AuthorizeResult {
  const result = decideConditional(permission, credentials);
  if (result !== AuthorizeResult.CONDITIONAL) return result;
  const owner = ownerOf(catalog, ref);
  if (
    permission === 'catalog.entity.read' &&
    userOf(credentials) === NOT_RESTRICTED
  ) {
    const restricted =
      ref === RESTRICTED_GROUP ||
      (ref.startsWith('system:') && owner === RESTRICTED_GROUP);
    return restricted ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
  }
  if (permission === 'catalog.entity.read' && ref.startsWith('group:')) {
    return ref === RESTRICTED_GROUP
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  }
  return owner && TEAMS[userOf(credentials)!]?.includes(owner)
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

/** What the plugin asked the policy and the catalog with a caller's credentials. */
export const asked = {
  conditional: [] as string[],
  resource: [] as string[],
  byRefs: 0,
  reset() {
    this.conditional = [];
    this.resource = [];
    this.byRefs = 0;
  },
};

const visibleTo = (
  catalog: Entity[],
  credentials: BackstageCredentials,
  ref: string,
) =>
  (credentials.principal as { type?: string }).type === 'service' ||
  decide(catalog, 'catalog.entity.read', credentials, ref) ===
    AuthorizeResult.ALLOW;

/**
 * The catalog and the policy of these tests over `all` (`catalogEntities` and any a
 * test adds). The catalog stands in for the catalog backend (not a dependency of this
 * plugin, so it cannot run here), doing what it does with a caller's credentials: an
 * entity the policy does not let the caller read does not exist for them. The plugin's own
 * credentials see everything.
 */
export function catalogPolicy(all: Entity[] = catalogEntities): {
  catalog: ServiceFactory;
  permissions: ServiceFactory;
} {
  const catalogMock = catalogServiceMock.mock({
    async getEntities(req, options) {
      const { credentials } = options as { credentials: BackstageCredentials };
      const { items } = await catalogServiceMock({ entities: all }).getEntities(
        req,
      );
      return {
        items: items.filter(e =>
          visibleTo(all, credentials, stringifyEntityRef(e)),
        ),
      };
    },
    async getEntityByRef(ref, options) {
      const { credentials } = options as { credentials: BackstageCredentials };
      const entity = await catalogServiceMock({ entities: all }).getEntityByRef(
        ref,
      );
      return entity && visibleTo(all, credentials, stringifyEntityRef(entity))
        ? entity
        : undefined;
    },
    async getEntitiesByRefs(req, options) {
      const { credentials } = options as { credentials: BackstageCredentials };
      asked.byRefs++;
      const catalog = catalogServiceMock({ entities: all });
      // Whole entities to decide on, the asked fields to answer with.
      const [{ items: whole }, { items: answer }] = await Promise.all([
        catalog.getEntitiesByRefs({ entityRefs: req.entityRefs }),
        catalog.getEntitiesByRefs(req),
      ]);
      return {
        items: answer.map((e, i) => {
          const entity = whole[i];
          return entity &&
            visibleTo(all, credentials, stringifyEntityRef(entity))
            ? e
            : undefined;
        }),
      };
    },
  }).factory;

  const permissionsMock = mockServices.permissions.mock({
    async authorize(requests, options) {
      return requests.map(r => {
        const ref = (r as { resourceRef?: string }).resourceRef ?? '';
        asked.resource.push(`${r.permission.name} ${ref}`);
        return {
          result: decide(all, r.permission.name, options.credentials, ref) as
            | AuthorizeResult.ALLOW
            | AuthorizeResult.DENY,
        };
      });
    },
    async authorizeConditional(requests, options) {
      return requests.map(r => {
        asked.conditional.push(r.permission.name);
        const result = decideConditional(
          r.permission.name,
          options.credentials,
        );
        return result === AuthorizeResult.CONDITIONAL
          ? {
              result,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: TEAMS[userOf(options.credentials)!] ?? [] },
              },
            }
          : { result };
      });
    },
  }).factory;

  return { catalog: catalogMock, permissions: permissionsMock };
}

/** The catalog and policy over `catalogEntities`. */
export const { catalog: catalogFactory, permissions: permissionsFactory } =
  catalogPolicy();
