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

import { JsonObject } from '@backstage/types';
import {
  AuditorServiceEvent,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  dyplomaServiceReadPermission,
  formatProblems,
  ModelProblem,
  ServiceIdentity,
  ServiceModel,
  validateServiceEntity,
} from '@dyploma/plugin-dyploma-common';
import { Request } from 'express';
import { EnvironmentInfo } from '../clusters/topology';
import { RouteContext } from './types';
import { withTransientRetry } from '../worker/transientRetry';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';

/** A 400 that also lists the problems, each with its field path. */
export class ProblemsError extends InputError {
  constructor(readonly problems: ModelProblem[], summary?: string) {
    super(
      summary
        ? `${summary}\n${formatProblems(problems)}`
        : formatProblems(problems),
    );
  }
}

/** A service as the catalog shows it to the caller. */
export type LoadedService = {
  entity: Entity;
  ref: string;
  compound: CompoundEntityRef;
};

/** A service whose model passed validation. */
export type ValidService = LoadedService & {
  model: ServiceModel;
  service: ServiceIdentity;
};

const NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

function checkRefPart(what: string, value: string) {
  if (!NAME.test(value)) {
    throw new InputError(
      `${what}: expected a catalog ${what} such as ${
        what === 'namespace' ? 'default' : 'payments'
      }, got ${JSON.stringify(value.slice(0, 80))}`,
    );
  }
}

function notInCatalog(namespace: string, name: string) {
  return new NotFoundError(
    `no service ${stringifyEntityRef({
      kind: 'component',
      namespace,
      name,
    })} in the catalog`,
  );
}

function loadedFrom(entity: Entity): LoadedService {
  return {
    entity,
    ref: stringifyEntityRef(entity),
    compound: getCompoundEntityRef(entity),
  };
}

/**
 * Finds the service (a catalog Component) with the caller's credentials, so the catalog's
 * own read permissions apply: what the caller may not see does not exist (404). Writes
 * always come here; what it finds is newer than the shared snapshot, so it goes there too.
 */
export async function loadService(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  namespace: string,
  name: string,
): Promise<LoadedService> {
  checkRefPart('namespace', namespace);
  checkRefPart('name', name);
  // Reads and decisions are retried after a reset connection: under load such a blip
  // would otherwise fail a request, or refuse a batch item, for nothing.
  const entity = await withTransientRetry(() =>
    ctx.catalog.getEntityByRef(
      { kind: 'component', namespace, name },
      { credentials },
    ),
  );
  if (!entity) throw notInCatalog(namespace, name);
  ctx.catalogServices.remember(entity);
  return loadedFrom(entity);
}

/** The service of an order, looked up again with the caller's credentials. */
export async function loadServiceByRef(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  ref: string,
): Promise<LoadedService> {
  const { namespace, name } = parseEntityRef(ref);
  return loadService(ctx, credentials, namespace, name);
}

/**
 * The services of many refs in one catalog request with the caller's credentials (a
 * batch's items), each answered as `loadServiceByRef` would answer it alone: the service,
 * or the error it would throw (400 for a malformed ref, 404 for what the caller may not see).
 */
export async function loadServicesByRefs(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  refs: string[],
): Promise<Array<LoadedService | Error>> {
  const wanted = refs.map(ref => {
    try {
      const { namespace, name } = parseEntityRef(ref);
      checkRefPart('namespace', namespace);
      checkRefPart('name', name);
      return { namespace, name };
    } catch (error) {
      return error as Error;
    }
  });
  const asked = wanted.flatMap(w =>
    w instanceof Error ? [] : [stringifyEntityRef({ kind: 'component', ...w })],
  );
  const { items } = asked.length
    ? await withTransientRetry(() =>
        ctx.catalog.getEntitiesByRefs({ entityRefs: asked }, { credentials }),
      )
    : { items: [] };
  let next = 0;
  return wanted.map(w => {
    if (w instanceof Error) return w;
    const entity = items[next++];
    if (!entity) return notInCatalog(w.namespace, w.name);
    ctx.catalogServices.remember(entity);
    return loadedFrom(entity);
  });
}

/**
 * The policy's decisions on many (permission, service) pairs in one request: true where it
 * allows, as `isAllowed` answers each alone.
 */
export async function allowedEach(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  requests: Array<{
    permission: ResourcePermission<'catalog-entity'>;
    resourceRef: string;
  }>,
): Promise<boolean[]> {
  if (requests.length === 0) return [];
  const decisions = await withTransientRetry(() =>
    ctx.permissions.authorize(requests, { credentials }),
  );
  return requests.map((_, i) => decisions[i]?.result === AuthorizeResult.ALLOW);
}

/**
 * The service for a read route (its status, orders, releases, logs, events), if the caller
 * may read it: the same answers as `loadService` then `authorize` with
 * `dyploma.service.read` (404 for what the catalog would not show the caller, 403 without
 * the read permission), mostly without asking anyone.
 *
 * The caller's decisions on the catalog's read permission and on `dyploma.service.read`
 * are asked once without a resource and kept for a few seconds per principal
 * (`ctx.readDecisions`). ALLOW on the catalog: the entity comes from the shared catalog
 * snapshot (`ctx.catalogServices`, read with the plugin's own credentials) when it holds
 * it, else from the catalog with the caller's credentials. DENY: 404, or 403 for
 * `dyploma.service.read`. CONDITIONAL: the per-resource check of a request without the
 * cache (the catalog with the caller's credentials; `authorize` with the ref), so
 * conditional policies (owners only, say) answer exactly as before.
 *
 * Freshness, the price of it: a read may see the catalog up to ~30 s late (an entity
 * changed or deleted; a new one is found at once) and a policy change up to the decision
 * TTL (default 5 s) late. Writes never take this path: they load and authorize per request.
 */
export async function loadReadableService(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  namespace: string,
  name: string,
): Promise<LoadedService> {
  const decisions = ctx.readDecisions;
  if (!decisions) {
    const loaded = await loadService(ctx, credentials, namespace, name);
    await authorize(ctx, credentials, dyplomaServiceReadPermission, loaded.ref);
    return loaded;
  }
  checkRefPart('namespace', namespace);
  checkRefPart('name', name);
  const [catalogRead, serviceRead] = await decisions.decide(credentials, [
    catalogEntityReadPermission,
    dyplomaServiceReadPermission,
  ]);
  if (catalogRead === AuthorizeResult.DENY) throw notInCatalog(namespace, name);
  const cached =
    catalogRead === AuthorizeResult.ALLOW
      ? ctx.catalogServices.entity(`component:${namespace}/${name}`)
      : undefined;
  const loaded = cached
    ? loadedFrom(cached)
    : await loadService(ctx, credentials, namespace, name);
  if (serviceRead === AuthorizeResult.DENY) {
    throw notAllowed(credentials, dyplomaServiceReadPermission, loaded.ref);
  }
  if (serviceRead !== AuthorizeResult.ALLOW) {
    await authorize(ctx, credentials, dyplomaServiceReadPermission, loaded.ref);
  }
  return loaded;
}

/** The service of an order for a read route, as `loadReadableService`. */
export async function loadReadableServiceByRef(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  ref: string,
): Promise<LoadedService> {
  const { namespace, name } = parseEntityRef(ref);
  return loadReadableService(ctx, credentials, namespace, name);
}

/** The service's model, or a 400 saying how to add one or what is wrong with it. */
export function requireModel(
  ctx: RouteContext,
  loaded: LoadedService,
): ValidService {
  const result = validateServiceEntity(loaded.entity, ctx.modelContext);
  if (result.ok && !result.hasModel) {
    throw new InputError(
      `${loaded.ref} has no Dyploma model: add spec.dyploma to its catalog-info.yaml, at least the image repository, e.g. spec: { type: service, dyploma: { image: registry.example.com/${loaded.compound.name} } }`,
    );
  }
  if (!result.ok) {
    throw new ProblemsError(
      result.problems,
      `the Dyploma model of ${loaded.ref} is not valid; fix its catalog-info.yaml first:`,
    );
  }
  return { ...loaded, model: result.model, service: result.service };
}

/** The environment by name, or a 400 naming the known ones. */
export function requireEnvironment(
  ctx: RouteContext,
  name: string,
  path = 'environment',
): EnvironmentInfo {
  const environment = ctx.topology.environments.get(name);
  if (!environment) {
    const known = [...ctx.topology.environments.keys()];
    throw new ProblemsError([
      {
        path,
        text: `no environment named ${JSON.stringify(name)}; ${
          known.length
            ? `the environments are ${known.join(', ')}`
            : 'no environments are configured (dyploma.environments)'
        }`,
        message: `${path}: no environment named ${JSON.stringify(name)}; ${
          known.length
            ? `the environments are ${known.join(', ')}`
            : 'no environments are configured (dyploma.environments)'
        }`,
      },
    ]);
  }
  return environment;
}

/** True when the policy allows the permission on the service. */
export async function isAllowed(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  permission: ResourcePermission<'catalog-entity'>,
  resourceRef: string,
): Promise<boolean> {
  const [decision] = await withTransientRetry(() =>
    ctx.permissions.authorize([{ permission, resourceRef }], { credentials }),
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/** Throws a 403 unless the policy allows the permission on the service. */
export async function authorize(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  permission: ResourcePermission<'catalog-entity'>,
  resourceRef: string,
): Promise<void> {
  if (!(await isAllowed(ctx, credentials, permission, resourceRef))) {
    throw notAllowed(credentials, permission, resourceRef);
  }
}

/** The 403 of `authorize`, for a decision made beforehand (a batch's one request). */
export function notAllowed(
  credentials: BackstageCredentials,
  permission: ResourcePermission<'catalog-entity'>,
  resourceRef: string,
) {
  return new NotAllowedError(
    `${describeCaller(credentials)} may not ${permission.name.replace(
      /^dyploma\.service\./,
      '',
    )} ${resourceRef} (permission ${permission.name})`,
  );
}

function describeCaller(credentials: BackstageCredentials): string {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  return principal.userEntityRef ?? 'this caller';
}

/** The user entity ref of a user's credentials. */
export function userRef(
  credentials: BackstageCredentials<BackstageUserPrincipal>,
): string {
  return credentials.principal.userEntityRef;
}

/**
 * Runs a mutating route inside an auditor event: `initiated`, then `succeeded` or
 * `failed` with the error. Meta holds names and ids only, never a body or a header.
 */
export async function audited<T>(
  ctx: RouteContext,
  req: Request,
  eventId: string,
  meta: JsonObject,
  run: (event: AuditorServiceEvent) => Promise<T>,
): Promise<T> {
  const event = await ctx.auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    request: req,
    meta,
  });
  try {
    return await run(event);
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
