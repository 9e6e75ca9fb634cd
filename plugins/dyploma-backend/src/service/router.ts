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
import { validationContextFromConfig } from '@dyploma/plugin-dyploma-common';
import express from 'express';
import Router from 'express-promise-router';
import { CatalogServices } from '../batch/CatalogServices';
import { batchesRouter } from './batches';
import { bodyParserErrors, BODY_LIMIT, detailedErrors } from './errors';
import { fleetRouter } from './fleet';
import { podsRouter } from './logs';
import { ordersRouter, serviceOrdersRouter } from './orders';
import { readDecisionCache } from './readAccess/DecisionCache';
import { releasesRouter } from './releases';
import { serviceStatusRouter } from './services';
import { RouteContext, RouterOptions } from './types';

export type { RouterOptions } from './types';

const SERVICE = '/services/:namespace/:name';
const ENVIRONMENT = `${SERVICE}/environments/:environment`;

function healthRouter(ctx: RouteContext): express.Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    await ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ status: 'ok' });
  });
  return router;
}

/**
 * Each resource's router and where it is mounted, in matching order. The OpenAPI
 * test walks these, so a route cannot be served without being documented.
 */
export function resourceRouters(
  ctx: RouteContext,
): Array<{ path: string; router: express.Router }> {
  return [
    { path: '/', router: healthRouter(ctx) },
    { path: `${SERVICE}/orders`, router: serviceOrdersRouter(ctx) },
    { path: `${ENVIRONMENT}/releases`, router: releasesRouter(ctx) },
    { path: ENVIRONMENT, router: podsRouter(ctx) },
    { path: '/orders', router: ordersRouter(ctx) },
    { path: '/fleet', router: fleetRouter(ctx) },
    { path: '/batches', router: batchesRouter(ctx) },
    // Last of the service routes: its own path is a prefix of the others.
    { path: SERVICE, router: serviceStatusRouter(ctx) },
  ];
}

/**
 * The Dyploma REST API (`/api/dyploma`), described by `src/schema/openapi.yaml`.
 * Every route authenticates its caller; mutations take users only.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const readDecisions =
    options.readDecisions ??
    readDecisionCache(options.config, options.permissions);
  const ctx: RouteContext = {
    ...options,
    modelContext: validationContextFromConfig(options.config),
    catalogServices: new CatalogServices(options.catalog, options.auth),
    ...(readDecisions && { readDecisions }),
  };
  const router = Router();
  router.use(express.json({ limit: BODY_LIMIT }));
  for (const { path, router: resource } of resourceRouters(ctx)) {
    router.use(path, resource);
  }
  router.use(bodyParserErrors);
  router.use(detailedErrors);
  router.use(
    MiddlewareFactory.create({
      config: options.config,
      logger: options.logger,
    }).error(),
  );
  return router;
}
