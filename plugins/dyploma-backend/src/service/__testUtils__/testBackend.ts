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
  coreServices,
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { DefaultAuditorService } from '@backstage/backend-defaults/auditor';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { DatabaseOrderStore } from '../../database/DatabaseOrderStore';
import { DatabaseReleaseStore } from '../../database/DatabaseReleaseStore';
import { dyplomaPlugin } from '../../plugin';

/** Cluster tokens from the config: no response or audit record may contain them. */
export const CLUSTER_TOKENS = [
  'tok-dc1-5ecret-aaaaaaaaaaaaaaaa',
  'tok-dc2-5ecret-bbbbbbbbbbbbbbbb',
  'tok-dc3-5ecret-cccccccccccccccc',
  'tok-stg-5ecret-dddddddddddddddd',
];
export const CA_DATA = 'Q0EtREFUQS01ZWNyZXQtZWVlZWVlZWVlZWVl';

export const USERS = {
  /** A member of team-payments, which owns payments, legacy and broken. */
  owner: 'user:default/alice',
  /** Another member of team-payments. */
  teammate: 'user:default/carol',
  /** A member of team-ledger only. */
  other: 'user:default/bob',
  /** A member of platform-admins. */
  admin: 'user:default/root',
};

const GROUPS: Record<string, string[]> = {
  [USERS.owner]: ['group:default/team-payments'],
  [USERS.teammate]: ['group:default/team-payments'],
  [USERS.other]: ['group:default/team-ledger'],
  [USERS.admin]: ['group:default/platform-admins'],
};

export const config = {
  dyploma: {
    // These tests are about the API; orders stay as the API stored them. The worker has
    // its own tests against kube-sim (src/worker/*.integration.test.ts).
    worker: { enabled: false },
    clusters: [
      ['dc1', 0],
      ['dc2', 1],
      ['dc3', 2],
      ['stg1', 3],
    ].map(([name, i]) => ({
      name,
      datacenter: name === 'stg1' ? 'dc1' : name,
      url: `https://${name}.k8s.example.com:6443`,
      serviceAccountToken: CLUSTER_TOKENS[i as number],
      caData: CA_DATA,
    })),
    environments: {
      production: { clusters: ['dc1', 'dc2', { name: 'dc3', weight: 2 }] },
      staging: { clusters: ['stg1'], requireReason: false },
    },
  },
};

function component(name: string, owner: string, dyploma?: unknown): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      ...(dyploma !== undefined && { dyploma }),
    },
  };
}

export const entities: Entity[] = [
  component('payments', 'group:default/team-payments', {
    image: 'registry.example.com/payments',
  }),
  component('ledger', 'group:default/team-ledger', {
    image: 'registry.example.com/ledger',
  }),
  component('legacy', 'group:default/team-payments'),
  component('broken', 'group:default/team-payments', {
    image: 'registry.example.com/broken',
    replicas: 'many',
  }),
];

/**
 * The demo policy's decisions, without the permission backend: everyone reads,
 * platform-admins do everything, owners deploy and scale their services.
 */
function decide(
  permissionName: string,
  resourceRef: string | undefined,
  credentials: BackstageCredentials,
): AuthorizeResult.ALLOW | AuthorizeResult.DENY {
  const user = (credentials.principal as Partial<BackstageUserPrincipal>)
    .userEntityRef;
  const groups = (user && GROUPS[user]) ?? [];
  if (permissionName === 'dyploma.service.read') return AuthorizeResult.ALLOW;
  if (groups.includes('group:default/platform-admins')) {
    return AuthorizeResult.ALLOW;
  }
  if (
    permissionName === 'dyploma.service.deploy' ||
    permissionName === 'dyploma.service.scale'
  ) {
    const entity = entities.find(
      e => `component:default/${e.metadata.name}` === resourceRef,
    );
    const owner = (entity?.spec as { owner?: string } | undefined)?.owner;
    return owner && groups.includes(owner)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  }
  return AuthorizeResult.DENY;
}

/**
 * The demo policy's decisions without a resource (`authorizeConditional`): reading (the
 * catalog's and Dyploma's) is allowed to everyone, platform-admins do everything, deploy
 * and scale are conditional on owning the service (the per-resource check decides).
 */
function decideConditional(
  permissionName: string,
  credentials: BackstageCredentials,
): AuthorizeResult {
  if (
    permissionName === 'catalog.entity.read' ||
    permissionName === 'dyploma.service.read'
  ) {
    return AuthorizeResult.ALLOW;
  }
  const user = (credentials.principal as Partial<BackstageUserPrincipal>)
    .userEntityRef;
  if (
    ((user && GROUPS[user]) ?? []).includes('group:default/platform-admins')
  ) {
    return AuthorizeResult.ALLOW;
  }
  return permissionName === 'dyploma.service.deploy' ||
    permissionName === 'dyploma.service.scale'
    ? AuthorizeResult.CONDITIONAL
    : AuthorizeResult.DENY;
}

export type AuditRecord = Record<string, unknown>;

/**
 * Starts the plugin on a test database with the demo catalog, policy and topology;
 * `overrides.config` replaces the config (clusters of a running kube-sim, the worker on);
 * `overrides.features` adds service factories (a recording signals service, say);
 * `overrides.catalog` and `overrides.permissions` replace the catalog and the policy.
 */
export async function startDyploma(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  overrides: {
    config?: JsonObject;
    features?: ServiceFactory[];
    catalog?: ServiceFactory;
    permissions?: ServiceFactory;
  } = {},
) {
  const knex: Knex = await databases.init(databaseId);
  const audit: AuditRecord[] = [];
  const authorizeCalls: Array<{ permission: string; resourceRef?: string }> =
    [];
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => {
        const resourceRef =
          'resourceRef' in r ? (r.resourceRef as string) : undefined;
        authorizeCalls.push({ permission: r.permission.name, resourceRef });
        // A basic permission (dyploma.cost.read) has no resource: decide() lets
        // platform-admins have it, nobody else.
        if (
          r.permission.type !== 'basic' &&
          !isResourcePermission(r.permission, 'catalog-entity')
        ) {
          return { result: AuthorizeResult.DENY };
        }
        return {
          result: decide(r.permission.name, resourceRef, options.credentials),
        };
      }),
    authorizeConditional: async (requests, options) =>
      requests.map(r => {
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
                params: { claims: [] },
              },
            }
          : { result };
      }),
  });
  const auditor = createServiceFactory({
    service: coreServices.auditor,
    deps: {
      auth: coreServices.auth,
      httpAuth: coreServices.httpAuth,
      plugin: coreServices.pluginMetadata,
    },
    factory: deps =>
      DefaultAuditorService.create(async event => {
        // Kept as JSON, the way a log transport would write it.
        audit.push(JSON.parse(JSON.stringify(event)));
      }, deps),
  });

  const { server } = await startTestBackend({
    features: [
      dyplomaPlugin,
      mockServices.rootConfig.factory({ data: overrides.config ?? config }),
      mockServices.database.factory({ knex }),
      overrides.catalog ?? catalogServiceMock.factory({ entities }),
      overrides.permissions ?? permissions.factory,
      auditor,
      ...(overrides.features ?? []),
    ],
  });
  return {
    server,
    knex,
    audit,
    authorizeCalls,
    orders: new DatabaseOrderStore(knex),
    releases: new DatabaseReleaseStore(knex),
    countOrders: async () => {
      const [{ count }] = await knex('dyploma_orders').count({ count: '*' });
      return Number(count);
    },
  };
}

export type Dyploma = Awaited<ReturnType<typeof startDyploma>>;

/** Records a first release, as the worker would after a deploy. */
export async function seedRelease(
  dyploma: Dyploma,
  service: string,
  environment: string,
  version = '1.0.0',
  replicas = 3,
) {
  return dyploma.releases.append({
    serviceRef: `component:default/${service}`,
    environment,
    spec: { version, replicas, enabled: true },
    author: USERS.owner,
    reason: 'first release',
  });
}

type Claimed = NonNullable<Awaited<ReturnType<Dyploma['orders']['claim']>>>;
const heldClaims = new Map<string, Claimed>();

/** Finishes an order as a worker would, with the given status per cluster. */
export async function finishOrder(
  dyploma: Dyploma,
  orderId: string,
  status: 'succeeded' | 'failed' | 'partially-failed',
  failed: string[] = [],
) {
  const worker = 'test-worker';
  // Orders created in the same millisecond (a batch's items) are claimed in either order,
  // so another one may come first: it is held, leased to this worker, for its own call.
  let claimed = heldClaims.get(orderId);
  heldClaims.delete(orderId);
  while (!claimed) {
    const next = await dyploma.orders.claim(worker, 60_000);
    if (!next) throw new Error(`order ${orderId} could not be claimed`);
    if (next.id === orderId) claimed = next;
    else heldClaims.set(next.id, next);
  }
  await dyploma.orders.start(orderId, worker);
  for (const target of claimed.targets) {
    await dyploma.orders.updateTarget(orderId, worker, target.cluster, {
      status: failed.includes(target.cluster) ? 'failed' : 'succeeded',
      ...(failed.includes(target.cluster) && {
        message: `${target.cluster} did not answer`,
      }),
    });
  }
  await dyploma.orders.finish(orderId, worker, {
    status,
    ...(failed.length && { error: `failed in ${failed.join(', ')}` }),
  });
}
