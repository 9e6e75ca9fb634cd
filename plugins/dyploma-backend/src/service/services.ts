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

import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { loadReadableService } from './access';
import { validationOf } from './entityModel';
import { EncodedBodies, sendJson } from './sendJson';
import { StatusBodies } from './statusBody';
import { RouteContext } from './types';

/**
 * GET /services/{namespace}/{name}: the status of a service in every environment.
 *
 * The page polls it, so its cost is kept to what changes: the entity comes from the shared
 * catalog snapshot and the caller's read decisions from a short cache (see
 * `loadReadableService` for what that means for freshness), the model's validation and
 * effective settings are remembered per entity, the latest release and active order of
 * every environment take one statement, and live state comes from the watch caches.
 * The body is kept as text in parts while what they are made of stays the same
 * (`StatusBodies`) and gzipped at once (`sendJson`).
 */
export function serviceStatusRouter(ctx: RouteContext): express.Router {
  const router = Router({ mergeParams: true });
  const bodies = new StatusBodies(ctx);
  const encoded = new EncodedBodies();

  router.get('/', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req);
    const { namespace, name } = req.params as Record<string, string>;
    const loaded = await loadReadableService(ctx, credentials, namespace, name);
    const validation = validationOf(ctx.modelContext, loaded.entity);
    if (validation.ok && !validation.hasModel) {
      throw new InputError(
        `${loaded.ref} has no Dyploma model: add spec.dyploma to its catalog-info.yaml, at least the image repository`,
      );
    }
    const names = [...ctx.topology.environments.keys()];
    // Every environment's newest release and active order, read on every request, so
    // orders and releases another replica wrote are seen at once: one statement while no
    // order is active (StatusRecords).
    const { releases, activeOrders } = ctx.statusRecords
      ? await ctx.statusRecords.read(loaded.ref, names)
      : {
          releases: await ctx.releases.latestPerEnvironment(loaded.ref, names),
          activeOrders: await ctx.orders.activePerEnvironment(
            loaded.ref,
            names,
          ),
        };
    sendJson(req, res, bodies.renderParts(loaded, releases, activeOrders), {
      bodies: encoded,
      key: loaded.ref,
    });
  });

  return router;
}
