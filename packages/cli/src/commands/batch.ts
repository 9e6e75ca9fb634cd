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
  BATCH_ACTION_KINDS,
  parseBatchRequest,
} from '@dyploma/plugin-dyploma-common';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { answer, Schemas } from '../client';
import { EXIT, bar, info, printJson, UsageError } from '../output';
import { FILTER_OPTIONS, FILTER_SYNOPSIS, filterOf } from './services';
import { clientOf, Command, Context, numberish, text, Values } from './types';

const SUBCOMMANDS = ['resume', 'show', 'list'];

type Batch = Schemas['Batch'];

function timeoutOf(values: Values): number {
  const timeoutText = text(values, 'timeout') ?? '1800';
  if (!/^\d+$/.test(timeoutText) || Number(timeoutText) <= 0) {
    throw new UsageError(
      `timeout: expected whole seconds such as 600, got "${timeoutText}"`,
    );
  }
  return Number(timeoutText) * 1000;
}

/** The request body from the flags, checked with the API's parser before anything is sent. */
function requestOf(action: string, services: string[], values: Values) {
  const filter = filterOf(values);
  const replicas = numberish(values, 'replicas');
  const factor = numberish(values, 'factor');
  const body: Record<string, unknown> = {
    environment: text(values, 'environment'),
    action: {
      kind: action,
      ...(replicas !== undefined && { replicas }),
      ...(factor !== undefined && { factor }),
    },
    select:
      services.length > 0 || Object.keys(filter).length === 0
        ? { refs: services }
        : { filter },
    reason: text(values, 'reason'),
    onForbidden: values['refuse-forbidden'] ? 'refuse' : 'skip',
    idempotencyKey: text(values, 'idempotency-key'),
  };
  if (services.length > 0 && Object.keys(filter).length > 0) {
    throw new UsageError('name services or give filters, not both');
  }
  if (services.length === 0 && Object.keys(filter).length === 0) {
    throw new UsageError(
      'name the services (payments ledger ...) or select them with filters (--owner team-payments ...)',
    );
  }
  for (const key of Object.keys(body))
    if (body[key] === undefined) delete body[key];
  const parsed = parseBatchRequest(body);
  if (!parsed.ok) {
    throw new UsageError(
      'the batch is not valid:',
      parsed.problems.map(p => p.message),
    );
  }
  return parsed.value;
}

function previewText(preview: Schemas['BatchPreview']): string {
  const lines = [
    `${preview.action.kind} in ${preview.environment}: ${preview.summary.change} to change, ${preview.summary['no-change']} unchanged, ${preview.summary.forbidden} forbidden, ${preview.summary.invalid} cannot be ordered`,
  ];
  for (const item of preview.items) {
    lines.push(
      `  ${item.service}: ${item.outcome}${
        item.message ? ` — ${item.message}` : ''
      }`,
    );
    for (const change of item.changes) lines.push(`      ${change.text}`);
  }
  return lines.join('\n');
}

function itemsLine(batch: Batch): string {
  const s = batch.summary;
  return `${s.succeeded} succeeded, ${s.active} running, ${s.notStarted} not started, ${s.failed} failed, ${s.refused} refused, ${s.skipped} skipped of ${s.total}`;
}

function batchText(batch: Batch): string {
  const lines = [
    `batch ${batch.id}  ${batch.action.kind} in ${batch.environment}  ${batch.status}  by ${batch.author}  ${batch.createdAt}`,
    `  ${itemsLine(batch)}`,
  ];
  for (const item of batch.items ?? []) {
    lines.push(
      `  ${item.service}: ${item.status}${
        item.orderId ? `  order ${item.orderId}` : ''
      }${item.attempt > 1 ? `  attempt ${item.attempt}` : ''}${
        item.error ? `  ${item.error}` : ''
      }`,
    );
  }
  if (batch.status === 'partially-failed' || batch.status === 'failed') {
    lines.push(`resume what failed: dyploma batch resume ${batch.id}`);
  }
  return lines.join('\n');
}

/** Exit code of a finished (or followed) batch. */
function batchExit(batch: Batch): number {
  if (batch.status === 'running' || batch.status === 'succeeded')
    return EXIT.ok;
  return EXIT.failed;
}

/** Follows a batch until no item is active: a bar on a terminal, a line per change otherwise. */
async function follow(
  ctx: Context,
  first: Batch,
  timeoutMs: number,
): Promise<Batch> {
  const client = clientOf(ctx);
  const deadline = Date.now() + timeoutMs;
  const seen = new Map<string, string>();
  const tty = ctx.isTTY && !ctx.json;
  let batch = first;
  for (;;) {
    const s = batch.summary;
    const done = s.total - s.active - s.notStarted;
    if (tty) {
      ctx.err(
        `\r${bar(done, s.total, 30)} ${done}/${s.total}  ${itemsLine(
          batch,
        )}\u001b[K`,
      );
    } else {
      for (const item of batch.items ?? []) {
        if (seen.get(item.service) !== item.status) {
          seen.set(item.service, item.status);
          info(
            ctx,
            `${item.service}: ${item.status}${
              item.error ? `  ${item.error}` : ''
            }`,
          );
        }
      }
    }
    if (batch.status !== 'running') {
      if (tty) ctx.err('\n');
      return batch;
    }
    if (Date.now() >= deadline) {
      if (tty) ctx.err('\n');
      throw new Error(
        `batch ${batch.id} is still running after ${Math.round(
          timeoutMs / 1000,
        )}s; follow it with \`dyploma batch show ${batch.id} --wait\``,
      );
    }
    await ctx.sleep(ctx.pollMs);
    batch = await answer(
      client.GET('/batches/{id}', { params: { path: { id: batch.id } } }),
    );
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function finish(
  ctx: Context,
  batch: Batch,
  values: Values,
): Promise<number> {
  const result = values.wait
    ? await follow(ctx, batch, timeoutOf(values))
    : batch;
  if (ctx.json) printJson(ctx, result);
  else info(ctx, batchText(result));
  return batchExit(result);
}

/**
 * `dyploma batch`: one action on many services, previewed first. Each service gets its own
 * order; `--wait` follows them, `resume` re-orders what failed or never started.
 */
export const batchCommand: Command = {
  name: 'batch',
  synopsis: `batch <${BATCH_ACTION_KINDS.join(
    '|',
  )}> [service...] --environment E [--replicas N | --factor F] ${FILTER_SYNOPSIS} [--reason R] [--refuse-forbidden] [--yes] [--wait [--timeout S]] | batch resume|show <id> [--wait] | batch list [--author USER] [--limit N]`,
  summary: 'one action on many services: preview, confirm, follow, resume',
  options: {
    ...FILTER_OPTIONS,
    environment: { type: 'string', short: 'e' },
    replicas: { type: 'string' },
    factor: { type: 'string' },
    reason: { type: 'string' },
    'refuse-forbidden': { type: 'boolean' },
    'idempotency-key': { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    limit: { type: 'string' },
    author: { type: 'string' },
  },
  positionals: ['action'],
  variadic: true,
  async run(ctx, positionals, values) {
    const [action, ...rest] = positionals;
    if (!action) {
      throw new UsageError(
        `name an action (${BATCH_ACTION_KINDS.join(
          ', ',
        )}) or ${SUBCOMMANDS.join(', ')}`,
      );
    }
    const client = clientOf(ctx);
    if (action === 'list') {
      const limit = text(values, 'limit');
      if (limit !== undefined && !/^[1-9]\d*$/.test(limit)) {
        throw new UsageError(
          `limit: expected a whole number from 1, got "${limit}"`,
        );
      }
      const page = await answer(
        client.GET('/batches', {
          params: {
            query: {
              limit: limit ? Number(limit) : undefined,
              author: text(values, 'author'),
            },
          },
        }),
      );
      if (ctx.json) printJson(ctx, page);
      else {
        info(
          ctx,
          page.items
            .map(
              b =>
                `${b.id}  ${b.action.kind} in ${b.environment}  ${
                  b.status
                }  ${itemsLine(b)}  by ${b.author}  ${b.createdAt}`,
            )
            .join('\n') || 'no batches',
        );
      }
      return EXIT.ok;
    }
    if (action === 'show' || action === 'resume') {
      const [id] = rest;
      if (!id || rest.length > 1)
        throw new UsageError(`name one batch: dyploma batch ${action} <id>`);
      const params = { path: { id } };
      const batch =
        action === 'show'
          ? await answer(client.GET('/batches/{id}', { params }))
          : await answer(client.POST('/batches/{id}/resume', { params }));
      return finish(ctx, batch, values);
    }
    if (!(BATCH_ACTION_KINDS as readonly string[]).includes(action)) {
      throw new UsageError(
        `"${action}" is not a batch action; expected one of ${[
          ...BATCH_ACTION_KINDS,
          ...SUBCOMMANDS,
        ].join(', ')}`,
      );
    }
    const request = requestOf(action, rest, values);
    const preview = await answer(
      client.POST('/batches/preview', { body: request }),
    );
    if (preview.wouldRefuse) {
      if (ctx.json) printJson(ctx, preview);
      else info(ctx, previewText(preview));
      ctx.err(
        `dyploma: ${preview.summary.forbidden} services are forbidden and --refuse-forbidden is set; nothing was ordered\n`,
      );
      return EXIT.notAllowed;
    }
    if (!values.yes) {
      if (!ctx.json) info(ctx, previewText(preview));
      const interactive =
        ctx.isTTY && !ctx.json && Boolean(process.stdin.isTTY);
      if (!interactive || !(await confirm('Order this batch? [y/N] '))) {
        if (ctx.json) printJson(ctx, preview);
        info(ctx, 'nothing was ordered; add --yes to order the batch');
        return EXIT.ok;
      }
    }
    // A key per run: a retried request answers the same batch instead of a second one.
    const batch = await answer(
      client.POST('/batches', {
        body: {
          ...request,
          idempotencyKey: request.idempotencyKey ?? `cli-${randomUUID()}`,
        },
      }),
    );
    if (!ctx.json && values.yes) info(ctx, previewText(preview));
    return finish(ctx, batch, values);
  },
};
