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

import { NotImplementedError } from '@backstage/errors';
import { dyplomaServiceReadPermission } from '@dyploma/plugin-dyploma-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { authorize, loadService, requireEnvironment } from './access';
import { intQuery, textQuery } from './query';
import { RouteContext } from './types';

/**
 * Logs and events of a service's pods: documented in the OpenAPI document, answered
 * with 501 until the fleet caches serve them. Access is checked already, so the
 * contract (401/403/404/400) holds from the first day.
 */
export function podsRouter(ctx: RouteContext): express.Router {
  const router = Router({ mergeParams: true });

  async function access(req: Request) {
    const credentials = await ctx.httpAuth.credentials(req);
    const { namespace, name, environment } = req.params as Record<
      string,
      string
    >;
    const loaded = await loadService(ctx, credentials, namespace, name);
    await authorize(ctx, credentials, dyplomaServiceReadPermission, loaded.ref);
    requireEnvironment(ctx, environment);
  }

  router.get('/logs', async req => {
    textQuery(req, 'cluster');
    textQuery(req, 'pod');
    textQuery(req, 'container');
    textQuery(req, 'follow');
    textQuery(req, 'previous');
    intQuery(req, 'tailLines', { min: 1, max: 100_000 });
    await access(req);
    throw new NotImplementedError(
      'pod logs are served once the fleet caches are wired in',
    );
  });

  router.get('/events', async req => {
    textQuery(req, 'cluster');
    await access(req);
    throw new NotImplementedError(
      'pod events are served once the fleet caches are wired in',
    );
  });

  return router;
}
