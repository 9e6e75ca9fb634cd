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
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { dyplomaCostReadPermission } from '@dyploma/plugin-dyploma-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { DecisionCache } from '../service/readAccess/DecisionCache';
import { VisibleServices } from '../service/readAccess/visibleServices';
import { CostReports, reportToCsv } from './CostReports';
import { CostStore, DIMENSIONS } from './CostStore';
import type { GroupParents } from './ownership';
import type { CostScope } from './scope';
import { HOUR_MS } from './types';
import { resolveWindow, WindowName, WINDOWS, windowTimes } from './windows';

export type CostRouterOptions = {
  store: CostStore;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
  /** Asked with the caller's credentials which services and groups they may see. */
  catalog: CatalogService;
  /**
   * The read routes' per-caller decisions (`dyploma.readCache.decisionSeconds`); without
   * it each request asks the policy.
   */
  readDecisions?: DecisionCache;
  /** Group entity ref → parent group ref (catalog `spec.parent`), for owner rollups. */
  groupParents?: () => Promise<GroupParents>;
  now?: () => Date;
};

/** Custom windows may span at most this many days. */
const MAX_DAYS = 400;
const WINDOW_NAMES = Object.keys(WINDOWS) as WindowName[];

const isoTime = (name: string) =>
  z
    .string({
      error: `${name}: expected an ISO 8601 time, e.g. 2026-11-01T00:00:00Z`,
    })
    .refine(s => /^\d{4}-\d{2}-\d{2}/.test(s) && !isNaN(Date.parse(s)), {
      message: `${name}: expected an ISO 8601 time, e.g. 2026-11-01T00:00:00Z`,
    })
    .transform(s => new Date(s));

const windowQuery = z
  .object({
    window: z
      .enum(WINDOW_NAMES as [WindowName, ...WindowName[]], {
        error: `window: expected one of ${WINDOW_NAMES.join(', ')}`,
      })
      .optional(),
    from: isoTime('from').optional(),
    to: isoTime('to').optional(),
  })
  .superRefine((q, ctx) => {
    // Runs after a failed field too, with the raw string: judge only parsed times.
    const from = q.from instanceof Date ? q.from : undefined;
    const to = q.to instanceof Date ? q.to : undefined;
    if (q.window && q.from) {
      ctx.addIssue({
        code: 'custom',
        message: 'window: give either window or from (and to), not both',
      });
    }
    if (q.to && !q.from) {
      ctx.addIssue({
        code: 'custom',
        message: 'from: expected an ISO 8601 time with to',
      });
    }
    if (from && to && !(from < to)) {
      ctx.addIssue({
        code: 'custom',
        message: 'to: expected a time after from',
      });
    }
    if (
      from &&
      (to?.getTime() ?? Date.now()) - from.getTime() > MAX_DAYS * 24 * HOUR_MS
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `from: expected a window of at most ${MAX_DAYS} days`,
      });
    }
  });

const boolean = (name: string) =>
  z
    .enum(['true', 'false'], { error: `${name}: expected true or false` })
    .transform(v => v === 'true');

const reportQuery = z.intersection(
  windowQuery,
  z.object({
    groupBy: z.enum(DIMENSIONS, {
      error: `groupBy: expected one of ${DIMENSIONS.join(', ')}`,
    }),
    format: z
      .enum(['json', 'csv'], { error: 'format: expected json or csv' })
      .optional(),
    shareIdle: boolean('shareIdle').optional(),
  }),
);

const overQuery = z.intersection(
  windowQuery,
  z.object({
    maxEfficiency: z.coerce
      .number({ error: 'maxEfficiency: expected a number between 0 and 1' })
      .min(0, 'maxEfficiency: expected a number between 0 and 1')
      .max(1, 'maxEfficiency: expected a number between 0 and 1')
      .optional(),
  }),
);

/** Hourly series may span at most this many days; a longer one asks for daily steps. */
const MAX_HOURLY_DAYS = 31;

const refOf = (field: string, kind: string) =>
  z
    .string({
      error: `${field}: expected an entity ref like ${kind}:default/name`,
    })
    .regex(
      new RegExp(
        `^${kind}:[A-Za-z0-9][A-Za-z0-9._-]{0,62}/[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`,
      ),
      `${field}: expected an entity ref like ${kind}:default/name`,
    );

const seriesQuery = z.intersection(
  windowQuery,
  z
    .object({
      groupBy: z
        .enum(DIMENSIONS, {
          error: `groupBy: expected one of ${DIMENSIONS.join(', ')}`,
        })
        .optional(),
      step: z
        .enum(['hour', 'day'], { error: 'step: expected hour or day' })
        .optional(),
      service: refOf('service', 'component').optional(),
      owner: refOf('owner', 'group').optional(),
    })
    .refine(q => !(q.service && q.owner), {
      message: 'owner: give either service or owner, not both',
    }),
);

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const messages = result.error.issues.map(i =>
      i.message.includes(':') ? i.message : `${i.path.join('.')}: ${i.message}`,
    );
    throw new InputError(`Invalid query: ${messages.join('; ')}`);
  }
  return result.data;
}

function entityRef(kind: string, namespace: string, name: string) {
  for (const [field, value] of [
    ['namespace', namespace],
    ['name', name],
  ]) {
    if (!NAME.test(value)) {
      throw new InputError(
        `Invalid ${field} "${value}": expected a catalog entity ${field} (letters, digits, ., _, -)`,
      );
    }
  }
  return `${kind}:${namespace}/${name}`;
}

/**
 * Cost API, read-only, behind `dyploma.cost.read`, of what the catalog shows the caller
 * (see `CostScope`: services they may not see are never named, and count only towards a
 * group they may see):
 * - `GET /cost/services/:namespace/:name` a service's card,
 * - `GET /cost/owners` every owner, rolled up; `GET /cost/owners/:namespace/:name` one group,
 * - `GET /cost/report?groupBy=&window=|from=&to=&shareIdle=&format=csv`,
 * - `GET /cost/over-provisioned`,
 * - `GET /cost/series?groupBy=&step=hour|day&service=|owner=` cost per hour or day.
 * Windows: `window=24h|7d|30d` (default 30d) or `from` (and `to`), ISO 8601.
 */
export function createCostRouter(options: CostRouterOptions): express.Router {
  const { permissions, httpAuth } = options;
  const now = options.now ?? (() => new Date());
  const reports = new CostReports(options.store, {
    groupParents: options.groupParents,
    now,
  });
  const visible = new VisibleServices({
    catalog: options.catalog,
    permissions,
    decisions: options.readDecisions,
  });
  const router = Router();

  /** Checks `dyploma.cost.read`; answers what the caller's reports may count. */
  const authorize = async (req: express.Request): Promise<CostScope> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: dyplomaCostReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Reading cost needs dyploma.cost.read');
    }
    return visible.catalogView(credentials);
  };
  const windowOf = (q: z.infer<typeof windowQuery>) => resolveWindow(q, now());

  router.get('/cost/services/:namespace/:name', async (req, res) => {
    const scope = await authorize(req);
    const ref = entityRef('component', req.params.namespace, req.params.name);
    const q = parse(windowQuery, req.query);
    res.json(await reports.service(ref, windowOf(q), scope));
  });

  router.get('/cost/owners', async (req, res) => {
    const scope = await authorize(req);
    const q = parse(windowQuery, req.query);
    res.json(
      await reports.report({ groupBy: 'owner', window: windowOf(q), scope }),
    );
  });

  router.get('/cost/owners/:namespace/:name', async (req, res) => {
    const scope = await authorize(req);
    const ref = entityRef('group', req.params.namespace, req.params.name);
    const q = parse(windowQuery, req.query);
    res.json(await reports.owner(ref, windowOf(q), scope));
  });

  router.get('/cost/report', async (req, res) => {
    const scope = await authorize(req);
    const q = parse(reportQuery, req.query);
    const report = await reports.report({
      groupBy: q.groupBy,
      window: windowOf(q),
      shareIdle: q.shareIdle,
      scope,
    });
    if (q.format === 'csv') {
      const day = report.window.from.slice(0, 10);
      res
        .type('text/csv; charset=utf-8')
        .attachment(`cost-by-${q.groupBy}-${day}-${report.window.hours}h.csv`)
        .send(reportToCsv(report));
      return;
    }
    res.json(report);
  });

  router.get('/cost/over-provisioned', async (req, res) => {
    const scope = await authorize(req);
    const q = parse(overQuery, req.query);
    res.json(
      await reports.overProvisioned({
        window: windowOf(q),
        maxEfficiency: q.maxEfficiency,
        scope,
      }),
    );
  });

  router.get('/cost/series', async (req, res) => {
    const scope = await authorize(req);
    const q = parse(seriesQuery, req.query);
    const window = windowOf(q);
    const bucketHours = q.step === 'hour' ? 1 : 24;
    if (bucketHours === 1 && window.to - window.from > MAX_HOURLY_DAYS * 24) {
      throw new InputError(
        `Invalid query: step: hourly series cover at most ${MAX_HOURLY_DAYS} days; use step=day`,
      );
    }
    const points = await reports.series(
      {
        by: q.groupBy,
        from: window.from,
        to: window.to,
        bucketHours,
        serviceRef: q.service,
        ownerRef: q.owner,
      },
      scope,
    );
    res.json({
      window: windowTimes(window),
      step: bucketHours === 1 ? 'hour' : 'day',
      points: points.map(p => ({
        at: new Date(p.bucket * HOUR_MS).toISOString(),
        key: p.key,
        idle: p.idle,
        cost: p.cost,
      })),
      demo: points.some(p => p.demo),
    });
  });

  return router;
}
