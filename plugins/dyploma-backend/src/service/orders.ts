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
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  dyplomaServiceAdminPermission,
  dyplomaServiceDeployPermission,
  dyplomaServiceScalePermission,
  OrderKind,
  OrderRequest,
  parseOrderActionRequest,
  parseOrderRequest,
} from '@dyploma/plugin-dyploma-common';
import { JsonObject } from '@backstage/types';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { EnvironmentInfo } from '../clusters/topology';
import { Order } from '../database/OrderStore';
import {
  audited,
  authorize,
  isAllowed,
  LoadedService,
  loadReadableService,
  loadReadableServiceByRef,
  loadService,
  loadServiceByRef,
  notAllowed,
  ProblemsError,
  requireEnvironment,
  requireModel,
  userRef,
  ValidService,
} from './access';
import { intQuery, textQuery } from './query';
import { toApiOrder } from './serialize';
import { RouteContext } from './types';

/** Which permission each kind of order needs. */
export const KIND_PERMISSIONS: Record<
  OrderKind,
  ResourcePermission<'catalog-entity'>
> = {
  deploy: dyplomaServiceDeployPermission,
  rollback: dyplomaServiceDeployPermission,
  restart: dyplomaServiceDeployPermission,
  scale: dyplomaServiceScalePermission,
  disable: dyplomaServiceScalePermission,
  enable: dyplomaServiceScalePermission,
};

const reasonRequired = (environment: string) =>
  `required: orders in ${environment} must say why (dyploma.environments.${environment}.requireReason)`;

/** A body must be JSON; an empty body passes (the parser then names what is missing). */
export function requireJsonBody(req: Request) {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > 0 && !req.is('application/json')) {
    throw new InputError(
      `expected a JSON body with Content-Type: application/json, got ${
        req.headers['content-type'] ?? 'no Content-Type'
      }`,
    );
  }
}

function parseBody(req: Request): OrderRequest {
  requireJsonBody(req);
  const parsed = parseOrderRequest(req.body);
  if (!parsed.ok) throw new ProblemsError(parsed.problems);
  return parsed.value;
}

/** What the order stores as its parameters, after checks against the service's releases. */
export async function orderParams(
  ctx: RouteContext,
  service: ValidService,
  environment: EnvironmentInfo,
  body: OrderRequest,
): Promise<JsonObject> {
  if (body.kind === 'deploy') {
    return {
      version: body.version,
      ...(body.replicas !== undefined && { replicas: body.replicas }),
    };
  }
  const latest = await ctx.releases.latest(service.ref, environment.name);
  if (!latest) {
    throw new InputError(
      `${service.ref} has never been deployed to ${environment.name}: deploy a version first, then ${body.kind}`,
    );
  }
  if (body.kind === 'scale') {
    // Replicas written beside an HPA would fight it (karmada#386): the HPA decides, within
    // the bounds the model gives it.
    const autoscaling = (
      latest.spec as { model?: { autoscaling?: { min: number; max: number } } }
    ).model?.autoscaling;
    if (autoscaling) {
      throw new ProblemsError([
        problem(
          'replicas',
          `${environment.name} is autoscaled (${autoscaling.min} to ${autoscaling.max} replicas per cluster): change spec.dyploma.environments.${environment.name}.autoscaling to scale it`,
        ),
      ]);
    }
    return { replicas: body.replicas };
  }
  if (body.kind !== 'rollback') return {};
  const target = body.toRevision ?? latest.revision - 1;
  if (target < 1) {
    throw new ProblemsError([
      problem(
        'toRevision',
        `${environment.name} has only one release (revision ${latest.revision}); there is nothing to roll back to`,
      ),
    ]);
  }
  if (target === latest.revision) {
    throw new ProblemsError([
      problem(
        'toRevision',
        `revision ${target} is the current release of ${environment.name}; name an earlier one`,
      ),
    ]);
  }
  if (!(await ctx.releases.get(service.ref, environment.name, target))) {
    throw new ProblemsError([
      problem(
        'toRevision',
        `${environment.name} has no release ${target}; its revisions are 1 to ${latest.revision}`,
      ),
    ]);
  }
  return { toRevision: target };
}

function problem(path: string, text: string) {
  return { path, text, message: `${path}: ${text}` };
}

function sameRequest(order: Order, body: OrderRequest, params: JsonObject) {
  return (
    order.kind === body.kind &&
    order.environment === body.environment &&
    JSON.stringify(order.params) === JSON.stringify(params)
  );
}

/**
 * May the caller cancel or retry this order? The author may, with the permission the
 * order's kind needs; anyone else needs `dyploma.service.admin`.
 */
async function authorizeOrderAction(
  ctx: RouteContext,
  credentials: BackstageCredentials<BackstageUserPrincipal>,
  order: Order,
  action: 'cancel' | 'retry',
) {
  const own =
    order.author === userRef(credentials) &&
    (await isAllowed(
      ctx,
      credentials,
      KIND_PERMISSIONS[order.kind],
      order.serviceRef,
    ));
  if (own) return;
  if (
    await isAllowed(
      ctx,
      credentials,
      dyplomaServiceAdminPermission,
      order.serviceRef,
    )
  ) {
    return;
  }
  throw new NotAllowedError(
    `${userRef(credentials)} may not ${action} order ${order.id} of ${
      order.serviceRef
    }: only its author (with permission ${
      KIND_PERMISSIONS[order.kind].name
    }) or a holder of ${dyplomaServiceAdminPermission.name} may`,
  );
}

/**
 * The one path every order takes after its body is parsed and its service loaded:
 * permission, environment, model, reason, parameters, then the store (one active order per
 * service and environment, idempotency key). Batches create each item's order through it.
 */
export async function placeOrder(
  ctx: RouteContext,
  credentials: BackstageCredentials<BackstageUserPrincipal>,
  loaded: LoadedService,
  body: OrderRequest,
  /** The policy's decision on this service and permission, when asked beforehand (batches). */
  decided?: { allowed: boolean },
): Promise<{ order: Order; created: boolean }> {
  const permission = KIND_PERMISSIONS[body.kind];
  if (!decided) await authorize(ctx, credentials, permission, loaded.ref);
  else if (!decided.allowed) {
    throw notAllowed(credentials, permission, loaded.ref);
  }
  const environment = requireEnvironment(ctx, body.environment);
  const service = requireModel(ctx, loaded);
  const reason = body.reason?.trim();
  if (environment.requireReason && !reason) {
    throw new ProblemsError([
      problem('reason', reasonRequired(environment.name)),
    ]);
  }
  const params = await orderParams(ctx, service, environment, body);
  const { order, created } = await ctx.orders.create({
    serviceRef: service.ref,
    environment: environment.name,
    kind: body.kind,
    params,
    author: userRef(credentials),
    ...(reason && { reason }),
    ...(body.idempotencyKey && { idempotencyKey: body.idempotencyKey }),
    // Never from the body: the environment's clusters, from app-config.
    clusters: environment.clusters.map(c => c.name),
  });
  if (!created && !sameRequest(order, body, params)) {
    throw new ConflictError(
      `idempotencyKey ${JSON.stringify(
        body.idempotencyKey,
      )} was already used for order ${order.id} (${order.kind} in ${
        order.environment
      }); use a new key for a different order`,
    );
  }
  return { order, created };
}

/** Routes under /services/{namespace}/{name}/orders. */
export function serviceOrdersRouter(ctx: RouteContext): express.Router {
  const router = Router({ mergeParams: true });

  router.post('/', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const { namespace, name } = req.params as Record<string, string>;
    await audited(
      ctx,
      req,
      'order-create',
      { service: `component:${namespace}/${name}` },
      async event => {
        const body = parseBody(req);
        const loaded = await loadService(ctx, credentials, namespace, name);
        const { order, created } = await placeOrder(
          ctx,
          credentials,
          loaded,
          body,
        );
        await event.success({
          meta: {
            orderId: order.id,
            kind: order.kind,
            environment: order.environment,
            created,
          },
        });
        if (created) ctx.onOrderCreated?.();
        res.status(created ? 201 : 200).json(toApiOrder(order));
      },
    );
  });

  router.get('/', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req);
    const { namespace, name } = req.params as Record<string, string>;
    const limit = intQuery(req, 'limit', { min: 1, max: 200, default: 20 })!;
    const offset = intQuery(req, 'offset', {
      min: 0,
      max: 1_000_000,
      default: 0,
    })!;
    const environment = textQuery(req, 'environment');
    const loaded = await loadReadableService(ctx, credentials, namespace, name);
    if (environment !== undefined) requireEnvironment(ctx, environment);
    const page = await ctx.orders.list({
      serviceRef: loaded.ref,
      environment,
      limit,
      offset,
    });
    res.json({
      items: page.items.map(o => toApiOrder(o)),
      total: page.total,
      limit,
      offset,
    });
  });

  return router;
}

async function loadOrder(ctx: RouteContext, id: string): Promise<Order> {
  const order = /^[0-9a-f-]{36}$/.test(id)
    ? await ctx.orders.get(id)
    : undefined;
  if (!order) throw new NotFoundError(`no order ${JSON.stringify(id)}`);
  return order;
}

/** Routes under /orders/{id}. */
export function ordersRouter(ctx: RouteContext): express.Router {
  const router = Router();

  router.get('/:id', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req);
    const order = await loadOrder(ctx, req.params.id);
    // An order is as visible as its service.
    await loadReadableServiceByRef(ctx, credentials, order.serviceRef);
    res.json(toApiOrder(order, await ctx.orders.events(order.id)));
  });

  router.post('/:id/cancel', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user'],
    });
    await audited(
      ctx,
      req,
      'order-cancel',
      { orderId: req.params.id },
      async event => {
        const parsed = parseOrderActionRequest(req.body);
        if (!parsed.ok) throw new ProblemsError(parsed.problems);
        const order = await loadOrder(ctx, req.params.id);
        await loadServiceByRef(ctx, credentials, order.serviceRef);
        await authorizeOrderAction(ctx, credentials, order, 'cancel');
        const by = userRef(credentials);
        const reason = parsed.value.reason?.trim();
        if (
          !(await ctx.orders.cancel(order.id, reason ? `${by}: ${reason}` : by))
        ) {
          const now = await ctx.orders.get(order.id);
          throw new ConflictError(
            `order ${order.id} is ${now?.status ?? order.status}${
              now?.status === 'pending' ? ' and claimed by a worker' : ''
            }; only an order no worker has started can be cancelled`,
          );
        }
        const cancelled = (await ctx.orders.get(order.id))!;
        await event.success({
          meta: { service: order.serviceRef, environment: order.environment },
        });
        res.json(toApiOrder(cancelled));
      },
    );
  });

  router.post('/:id/retry', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user'],
    });
    await audited(
      ctx,
      req,
      'order-retry',
      { orderId: req.params.id },
      async event => {
        const parsed = parseOrderActionRequest(req.body);
        if (!parsed.ok) throw new ProblemsError(parsed.problems);
        const order = await loadOrder(ctx, req.params.id);
        await loadServiceByRef(ctx, credentials, order.serviceRef);
        await authorizeOrderAction(ctx, credentials, order, 'retry');
        // Exactly the clusters that did not succeed, never a list from the body.
        const clusters = order.targets
          .filter(t => t.status !== 'succeeded' && t.status !== 'skipped')
          .map(t => t.cluster);
        const by = userRef(credentials);
        const reason = parsed.value.reason?.trim();
        const retried = await ctx.orders.retry(
          order.id,
          clusters,
          reason ? `${by}: ${reason}` : by,
        );
        await event.success({
          meta: {
            service: order.serviceRef,
            environment: order.environment,
            clusters,
          },
        });
        res.json(toApiOrder(retried));
      },
    );
  });

  return router;
}
