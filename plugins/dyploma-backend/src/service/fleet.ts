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

import { parseFleetQuery } from '@dyploma/plugin-dyploma-common';
import express from 'express';
import Router from 'express-promise-router';
import { fleetIndexOf } from '../batch/FleetIndex';
import { ProblemsError } from './access';
import { RouteContext } from './types';

/**
 * GET /fleet: every service × environment × cluster the caller may read, with filters,
 * facets, sorting and paging. Answered from the fleet caches and the tables; it never
 * calls a cluster.
 */
export function fleetRouter(ctx: RouteContext): express.Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req);
    const parsed = parseFleetQuery(req.query);
    if (!parsed.ok) throw new ProblemsError(parsed.problems);
    // Only services the catalog shows the caller and they may read in Dyploma: a caller
    // the catalog hides everything from gets an empty page (see FleetIndex.readable).
    res.json(await fleetIndexOf(ctx).page(credentials, parsed.value));
  });

  return router;
}
