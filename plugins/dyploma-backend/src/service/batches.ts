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
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  BatchPreview,
  dyplomaServiceAdminPermission,
  OrderRequest,
  parseBatchRequest,
  ParsedBatchRequest,
} from '@dyploma/plugin-dyploma-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import type {
  BatchStore,
  NewBatchItem,
  StoredBatch,
} from '../batch/BatchStore';
import { planBatch, PlannedItem } from '../batch/planBatch';
import { ItemToRun, runItems } from '../batch/runItems';
import { resumable, toApiBatch } from '../batch/serialize';
import { Timings } from '../batch/timings';
import { servicesInWords, shownTo } from '../batch/visibility';
import { audited, ProblemsError, userRef } from './access';
import { requireJsonBody } from './orders';
import { intQuery, textQuery } from './query';
import { RouteContext } from './types';

function requireStore(ctx: RouteContext): BatchStore {
  if (!ctx.batches) {
    throw new ServiceUnavailableError('batches are not set up on this backend');
  }
  return ctx.batches;
}

function parseBody(req: Request): ParsedBatchRequest {
  requireJsonBody(req);
  const parsed = parseBatchRequest(req.body);
  if (!parsed.ok) throw new ProblemsError(parsed.problems);
  return parsed.value;
}

async function plan(
  ctx: RouteContext,
  credentials: BackstageCredentials<BackstageUserPrincipal>,
  request: ParsedBatchRequest,
  timings?: Timings,
): Promise<PlannedItem[]> {
  const items = await planBatch(ctx, credentials, request, timings);
  if (items.length === 0) {
    throw new ProblemsError([
      {
        path: 'select',
        text: `selects no service in ${request.environment}`,
        message: `select: selects no service in ${request.environment}`,
      },
    ]);
  }
  return items;
}

function toPreview(
  request: ParsedBatchRequest,
  items: PlannedItem[],
): BatchPreview {
  const summary = {
    total: items.length,
    change: 0,
    'no-change': 0,
    forbidden: 0,
    invalid: 0,
  };
  for (const item of items) summary[item.outcome]++;
  return {
    environment: request.environment,
    action: request.action,
    onForbidden: request.onForbidden,
    items: items.map(item => ({
      service: item.service,
      outcome: item.outcome,
      ...(item.order && { order: item.order }),
      changes: item.changes,
      ...(item.message && { message: item.message }),
      ...(item.activeOrderId && { activeOrderId: item.activeOrderId }),
    })),
    summary,
    wouldRefuse: request.onForbidden === 'refuse' && summary.forbidden > 0,
  };
}

function refuseForbidden(items: PlannedItem[], user: string) {
  const forbidden = items.filter(i => i.outcome === 'forbidden');
  if (forbidden.length === 0) return;
  const names = forbidden.map(i => i.service);
  throw new NotAllowedError(
    `${user} may not ${forbidden[0].orderKind} ${names.length} of the ${
      items.length
    } services, and the batch refuses rather than skips them (onForbidden: refuse): ${names
      .slice(0, 20)
      .join(', ')}${
      names.length > 20 ? `, and ${names.length - 20} more` : ''
    }`,
  );
}

function toNewItem(item: PlannedItem): NewBatchItem {
  const base = {
    serviceRef: item.service,
    orderKind: item.orderKind,
    changes: item.changes,
  };
  if (item.outcome === 'forbidden') {
    return { ...base, state: 'skipped', error: item.message, errorStatus: 403 };
  }
  if (!item.order) {
    return {
      ...base,
      state: 'refused',
      error: item.message,
      errorStatus: item.errorStatus ?? 400,
    };
  }
  return { ...base, state: 'pending', orderRequest: item.order };
}

function sameBatch(batch: StoredBatch, request: ParsedBatchRequest) {
  return (
    batch.environment === request.environment &&
    JSON.stringify(batch.action) === JSON.stringify(request.action) &&
    JSON.stringify(batch.select) === JSON.stringify(request.select)
  );
}

async function loadBatch(store: BatchStore, id: string): Promise<StoredBatch> {
  const batch = /^[0-9a-f-]{36}$/.test(id) ? await store.get(id) : undefined;
  if (!batch) throw new NotFoundError(`no batch ${JSON.stringify(id)}`);
  return batch;
}

async function allowedAll(
  ctx: RouteContext,
  credentials: BackstageCredentials,
  refs: string[],
  permission: typeof dyplomaServiceAdminPermission,
): Promise<string[]> {
  if (refs.length === 0) return [];
  const decisions = await ctx.permissions.authorize(
    refs.map(resourceRef => ({ permission, resourceRef })),
    { credentials },
  );
  return refs.filter((_, i) => decisions[i]?.result !== AuthorizeResult.ALLOW);
}

/**
 * Batch operations: preview, create, list, show and resume. Each item becomes its own order
 * through the single-order path, so an item is validated, authorised, audited and signalled
 * exactly as if it had been ordered alone.
 */
export function batchesRouter(ctx: RouteContext): express.Router {
  const router = Router();

  router.post('/preview', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const request = parseBody(req);
    const items = await plan(ctx, credentials, request);
    res.json(toPreview(request, items));
  });

  router.post('/', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user'],
    });
    await audited(ctx, req, 'batch-create', {}, async event => {
      const request = parseBody(req);
      const store = requireStore(ctx);
      const author = userRef(credentials);
      const earlier = request.idempotencyKey
        ? await store.byKey(author, request.idempotencyKey)
        : undefined;
      if (earlier && !sameBatch(earlier, request)) {
        throw new ConflictError(
          `idempotencyKey ${JSON.stringify(
            request.idempotencyKey,
          )} was already used for batch ${earlier.id} (${
            earlier.action.kind
          } in ${earlier.environment}); use a new key for a different batch`,
        );
      }
      const timings = new Timings();
      let ran = false;
      let batch = earlier;
      if (!batch) {
        const items = await plan(ctx, credentials, request, timings);
        if (request.onForbidden === 'refuse') refuseForbidden(items, author);
        const stored = await store.create(
          {
            environment: request.environment,
            action: request.action,
            select: request.select,
            onForbidden: request.onForbidden,
            ...(request.reason && { reason: request.reason.trim() }),
            author,
            ...(request.idempotencyKey && {
              idempotencyKey: request.idempotencyKey,
            }),
          },
          items.map(toNewItem),
        );
        batch = stored.batch;
        timings.lap('store');
        if (stored.created) {
          ran = true;
          await runItems({
            ctx,
            store,
            req,
            credentials,
            batch,
            timings,
            items: items.flatMap(item =>
              item.order && item.outcome !== 'forbidden'
                ? [
                    {
                      serviceRef: item.service,
                      attempt: 1,
                      orderRequest: item.order,
                      checked: item.checked,
                    },
                  ]
                : [],
            ),
          });
        }
      }
      timings.lap('orders');
      const items = await store.items(batch.id, { targets: true });
      const body = toApiBatch(batch, items, { withItems: true });
      timings.lap('read');
      if (ran) {
        // Where a slow accept spent its time (bench/batch-accept reads it).
        ctx.logger.info(
          `batch ${batch.id} accepted: ${items.length} items in ${batch.environment}`,
          {
            batchId: batch.id,
            summary: body.summary,
            timings: timings.toJSON(),
          },
        );
      }
      await event.success({
        meta: {
          batchId: batch.id,
          environment: batch.environment,
          action: batch.action.kind,
          created: !earlier,
          summary: body.summary,
        },
      });
      res.status(earlier ? 200 : 201).json(body);
    });
  });

  router.get('/', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req);
    const store = requireStore(ctx);
    const limit = intQuery(req, 'limit', { min: 1, max: 200, default: 20 })!;
    const offset = intQuery(req, 'offset', {
      min: 0,
      max: 1_000_000,
      default: 0,
    })!;
    const author = textQuery(req, 'author');
    const page = await store.list({ limit, offset, author });
    const items = await store.itemsOf(page.items.map(b => b.id));
    const services = new Map<string, string[]>();
    for (const item of items) {
      const list = services.get(item.batchId) ?? [];
      list.push(item.serviceRef);
      services.set(item.batchId, list);
    }
    res.json({
      items: await shownTo(
        ctx,
        credentials,
        page.items.map(batch =>
          toApiBatch(
            batch,
            items.filter(i => i.batchId === batch.id),
            { withItems: false },
          ),
        ),
        { services },
      ),
      total: page.total,
      limit,
      offset,
    });
  });

  router.get('/:id', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req);
    const store = requireStore(ctx);
    const batch = await loadBatch(store, req.params.id);
    const items = await store.items(batch.id, { targets: true });
    const [body] = await shownTo(ctx, credentials, [
      toApiBatch(batch, items, { withItems: true }),
    ]);
    res.json(body);
  });

  router.post('/:id/resume', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user'],
    });
    await audited(
      ctx,
      req,
      'batch-resume',
      { batchId: req.params.id },
      async event => {
        const store = requireStore(ctx);
        const batch = await loadBatch(store, req.params.id);
        const user = userRef(credentials);
        const all = await store.items(batch.id);
        const items = all.filter(resumable);
        if (batch.author !== user) {
          const denied = await allowedAll(
            ctx,
            credentials,
            all.filter(i => i.state !== 'skipped').map(i => i.serviceRef),
            dyplomaServiceAdminPermission,
          );
          if (denied.length > 0) {
            throw new NotAllowedError(
              `${user} may not resume batch ${batch.id} of ${
                batch.author
              }: only its author, or a holder of ${
                dyplomaServiceAdminPermission.name
              } on every service it would order again, may (not on ${await servicesInWords(
                ctx,
                credentials,
                denied,
              )})`,
            );
          }
        }
        // Items never started keep their attempt (its key makes a second run safe); the
        // others start a new one, moved atomically so two resumes cannot both move them.
        const again = items.filter(i => i.state !== 'pending');
        const moved = await store.reopen(
          batch.id,
          again.map(i => ({ serviceRef: i.serviceRef, attempt: i.attempt })),
        );
        const attempts = new Map(moved.map(m => [m.serviceRef, m.attempt]));
        const toRun: ItemToRun[] = [];
        const replan: Array<{ serviceRef: string; attempt: number }> = [];
        for (const item of items) {
          const attempt =
            item.state === 'pending'
              ? item.attempt
              : attempts.get(item.serviceRef);
          if (attempt === undefined) continue;
          if (item.orderRequest) {
            toRun.push({
              serviceRef: item.serviceRef,
              attempt,
              orderRequest: item.orderRequest,
            });
          } else {
            replan.push({ serviceRef: item.serviceRef, attempt });
          }
        }
        // Items that had no order to give (no release then) are planned again now.
        if (replan.length > 0) {
          const planned = await planBatch(ctx, credentials, {
            environment: batch.environment,
            action: batch.action,
            select: { refs: replan.map(r => r.serviceRef) },
            onForbidden: 'skip',
            ...(batch.reason && { reason: batch.reason }),
          });
          for (const [i, item] of planned.entries()) {
            const { serviceRef, attempt } = replan[i];
            if (item.order && item.outcome !== 'forbidden') {
              toRun.push({
                serviceRef,
                attempt,
                orderRequest: item.order as OrderRequest,
                checked: item.checked,
              });
            } else {
              await store.recordRefusal(batch.id, serviceRef, attempt, {
                error: item.message ?? 'cannot be ordered',
                errorStatus: item.errorStatus ?? 400,
              });
            }
          }
        }
        await runItems({ ctx, store, req, credentials, batch, items: toRun });
        // Whoever resumes may not be its author: they see it as on GET /batches/{id}.
        const [body] = await shownTo(ctx, credentials, [
          toApiBatch(
            (await store.get(batch.id))!,
            await store.items(batch.id, { targets: true }),
            { withItems: true },
          ),
        ]);
        await event.success({
          meta: {
            batchId: batch.id,
            resumed: toRun.length,
            summary: body.summary,
          },
        });
        res.json(body);
      },
    );
  });

  return router;
}
