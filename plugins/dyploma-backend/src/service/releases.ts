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

import { NotFoundError } from '@backstage/errors';
import { ReleaseDiff } from '@dyploma/plugin-dyploma-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { loadReadableService, requireEnvironment } from './access';
import { diffSpecs } from './diff';
import { intQuery, revisionParam } from './query';
import { toApiRelease } from './serialize';
import { RouteContext } from './types';

/** Routes under /services/{namespace}/{name}/environments/{environment}/releases. */
export function releasesRouter(ctx: RouteContext): express.Router {
  const router = Router({ mergeParams: true });

  async function access(req: Request) {
    const credentials = await ctx.httpAuth.credentials(req);
    const { namespace, name, environment } = req.params as Record<
      string,
      string
    >;
    const loaded = await loadReadableService(ctx, credentials, namespace, name);
    const env = requireEnvironment(ctx, environment);
    return { ref: loaded.ref, environment: env.name };
  }

  async function release(ref: string, environment: string, revision: number) {
    const found = await ctx.releases.get(ref, environment, revision);
    if (!found) {
      throw new NotFoundError(
        `${ref} has no release ${revision} in ${environment}`,
      );
    }
    return found;
  }

  router.get('/', async (req, res) => {
    const limit = intQuery(req, 'limit', { min: 1, max: 200, default: 20 });
    const before = intQuery(req, 'before', { min: 1, max: 2 ** 31 - 1 });
    const { ref, environment } = await access(req);
    const page = await ctx.releases.list(ref, environment, { limit, before });
    res.json({
      items: page.items.map(toApiRelease),
      ...(page.nextBefore !== undefined && { nextBefore: page.nextBefore }),
    });
  });

  router.get('/:revision', async (req, res) => {
    const revision = revisionParam(req.params.revision, 'revision');
    const { ref, environment } = await access(req);
    res.json(toApiRelease(await release(ref, environment, revision)));
  });

  router.get('/:revision/diff/:other', async (req, res) => {
    const from = revisionParam(req.params.revision, 'revision');
    const to = revisionParam(req.params.other, 'other');
    const { ref, environment } = await access(req);
    const [a, b] = await Promise.all([
      release(ref, environment, from),
      release(ref, environment, to),
    ]);
    const diff: ReleaseDiff = {
      service: ref,
      environment,
      from,
      to,
      changes: diffSpecs(a.spec, b.spec),
    };
    res.json(diff);
  });

  return router;
}
