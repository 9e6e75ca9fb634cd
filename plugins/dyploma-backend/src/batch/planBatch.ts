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
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  BatchAction,
  BatchChange,
  BatchPreviewOutcome,
  OrderKind,
  OrderRequest,
  ParsedBatchRequest,
  validateServiceEntity,
} from '@dyploma/plugin-dyploma-common';
import { EnvironmentInfo } from '../clusters/topology';
import {
  allowedEach,
  ProblemsError,
  requireEnvironment,
  userRef,
} from '../service/access';
import { KIND_PERMISSIONS } from '../service/orders';
import { releaseFacts, planChange } from './changes';
import { withTransientRetry } from '../worker/transientRetry';
import { FleetContext, fleetIndexOf } from './FleetIndex';
import { matchesFilter } from './fleetView';
import type { CheckedService } from './runItems';
import type { Timings } from './timings';

/** One service of a batch as planned (for the preview and for creation). */
export type PlannedItem = {
  service: string;
  outcome: BatchPreviewOutcome;
  orderKind: OrderKind;
  /** The order it gets (without reason and key); absent when it can have none. */
  order?: OrderRequest;
  changes: BatchChange[];
  message?: string;
  /** The HTTP status the order path would answer for an item that cannot be ordered. */
  errorStatus?: number;
  activeOrderId?: string;
  /**
   * The service as the catalog showed it to the caller and the policy's decision on its
   * order, both asked when planning: creating the batch gives them to its items' orders
   * instead of asking again per item. Never serialized.
   */
  checked?: CheckedService;
};

// Per-service reads (releases, active order) run this many at a time.
const CONCURRENCY = 16;

export function orderKindOf(action: BatchAction): OrderKind {
  return action.kind === 'redeploy' ? 'deploy' : action.kind;
}

/** Runs `fn` over the values, `limit` at a time, keeping their order. */
export async function mapLimit<T, R>(
  values: T[],
  limit: number,
  fn: (value: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(values.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, values.length) },
    async () => {
      while (next < values.length) {
        const i = next++;
        out[i] = await fn(values[i], i);
      }
    },
  );
  await Promise.all(workers);
  return out;
}

/**
 * The services a batch names: its refs, or those its filter matches among the fleet
 * page's rows for the caller, so a filter selects, counts and names only services the
 * catalog shows them and they may read. A named ref the catalog hides is loaded below
 * with the caller's credentials and answers as one that does not exist.
 */
async function selectedServices(
  ctx: FleetContext,
  credentials: BackstageCredentials,
  request: ParsedBatchRequest,
): Promise<string[]> {
  if ('refs' in request.select) return request.select.refs;
  const filter = {
    ...request.select.filter,
    environment: [request.environment],
  };
  const { rows } = await fleetIndexOf(ctx).rows(credentials);
  return [
    ...new Set(
      rows.filter(r => matchesFilter(r, filter)).map(r => r.service.ref),
    ),
  ];
}

async function allowedRefs(
  ctx: FleetContext,
  credentials: BackstageCredentials,
  kind: OrderKind,
  refs: string[],
): Promise<Set<string>> {
  const allowed = await allowedEach(
    ctx,
    credentials,
    refs.map(resourceRef => ({
      permission: KIND_PERMISSIONS[kind],
      resourceRef,
    })),
  );
  return new Set(refs.filter((_, i) => allowed[i]));
}

/** The request's environment, and its reason when the environment demands one. */
export function checkBatchEnvironment(
  ctx: FleetContext,
  request: ParsedBatchRequest,
): EnvironmentInfo {
  const environment = requireEnvironment(ctx, request.environment);
  if (environment.requireReason && !request.reason?.trim()) {
    throw new ProblemsError([
      {
        path: 'reason',
        text: `required: orders in ${environment.name} must say why (dyploma.environments.${environment.name}.requireReason)`,
        message: `reason: required: orders in ${environment.name} must say why (dyploma.environments.${environment.name}.requireReason)`,
      },
    ]);
  }
  return environment;
}

async function planOne(
  ctx: FleetContext,
  request: ParsedBatchRequest,
  environment: EnvironmentInfo,
  ref: string,
  entity: Entity | undefined,
): Promise<PlannedItem> {
  const orderKind = orderKindOf(request.action);
  const base = { service: ref, orderKind, changes: [] as BatchChange[] };
  if (!entity) {
    return {
      ...base,
      outcome: 'invalid',
      message: `no service ${ref} in the catalog`,
      errorStatus: 404,
    };
  }
  const validation = validateServiceEntity(entity, ctx.modelContext);
  if (!validation.ok || !validation.hasModel) {
    return {
      ...base,
      outcome: 'invalid',
      message: validation.ok
        ? `${ref} has no Dyploma model (spec.dyploma)`
        : `the Dyploma model of ${ref} is not valid: ${validation.problems
            .map(p => p.message)
            .join('; ')}`,
      errorStatus: 400,
    };
  }
  const [current, active] = await Promise.all([
    ctx.releases.latest(ref, environment.name),
    ctx.orders.active(ref, environment.name),
  ]);
  const previous =
    request.action.kind === 'rollback' && current && current.revision > 1
      ? await ctx.releases.get(ref, environment.name, current.revision - 1)
      : undefined;
  const planned = planChange({
    action: request.action,
    environment,
    current: current && releaseFacts(current),
    previous: previous && releaseFacts(previous),
  });
  if (!planned.ok) {
    return {
      ...base,
      outcome: 'invalid',
      message: planned.message,
      errorStatus: 400,
    };
  }
  const order = {
    ...planned.order,
    environment: environment.name,
  } as OrderRequest;
  if (active) {
    return {
      ...base,
      order,
      changes: planned.changes,
      outcome: 'invalid',
      message: `an order is active: ${active.kind} ${active.id} (${active.status}) by ${active.author}; it must end first`,
      errorStatus: 409,
      activeOrderId: active.id,
    };
  }
  const changesNothing =
    planned.changes.length === 0 &&
    ['scale', 'disable', 'enable'].includes(request.action.kind);
  return {
    ...base,
    order,
    changes: planned.changes,
    outcome: changesNothing ? 'no-change' : 'change',
    ...(changesNothing && {
      message: `nothing to change: ${request.action.kind} leaves ${environment.name} as it is; the order is still given`,
    }),
  };
}

/**
 * What a batch would do to each service, without doing it: the services it selects, who
 * may touch them (one batched permission check with the permission of a single order of
 * that kind), and each order with its changes, from the current releases.
 */
export async function planBatch(
  ctx: FleetContext,
  credentials: BackstageCredentials<BackstageUserPrincipal>,
  request: ParsedBatchRequest,
  timings?: Timings,
): Promise<PlannedItem[]> {
  const environment = checkBatchEnvironment(ctx, request);
  const refs = await selectedServices(ctx, credentials, request);
  const orderKind = orderKindOf(request.action);
  const [{ items: entities }, allowed] = await Promise.all([
    refs.length
      ? withTransientRetry(() =>
          ctx.catalog.getEntitiesByRefs({ entityRefs: refs }, { credentials }),
        )
      : Promise.resolve({ items: [] as Array<Entity | undefined> }),
    allowedRefs(ctx, credentials, orderKind, refs),
  ]);
  timings?.lap('plan.lookup');
  const planned = await mapLimit(refs, CONCURRENCY, async (ref, i) => {
    const entity = entities[i] ?? undefined;
    const service = entity ? stringifyEntityRef(entity) : ref;
    if (entity && !allowed.has(ref)) {
      const permission = KIND_PERMISSIONS[orderKind].name;
      return {
        service,
        orderKind,
        outcome: 'forbidden' as const,
        changes: [],
        message: `forbidden: ${userRef(
          credentials,
        )} may not ${permission.replace(
          /^dyploma\.service\./,
          '',
        )} ${service} (permission ${permission})`,
        errorStatus: 403,
      };
    }
    const item = await planOne(ctx, request, environment, service, entity);
    return entity
      ? {
          ...item,
          checked: {
            loaded: {
              entity,
              ref: service,
              compound: getCompoundEntityRef(entity),
            },
            allowed: true,
          },
        }
      : item;
  });
  timings?.lap('plan.items');
  return planned;
}
