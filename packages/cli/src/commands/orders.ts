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

import { parseOrderRequest } from '@dyploma/plugin-dyploma-common';
import { answer, parseServiceName, Schemas, ServiceName } from '../client';
import {
  EXIT,
  info,
  orderLine,
  orderText,
  printJson,
  targetLine,
  UsageError,
} from '../output';
import { clientOf, Command, Context, numberish, text, Values } from './types';

type OrderKind = Schemas['OrderKind'];

const ACTIVE = new Set(['pending', 'running']);

/** The service positional, checked. */
export function serviceArg(positionals: string[]): ServiceName {
  const [arg] = positionals;
  if (!arg) throw new UsageError('name the service, e.g. payments');
  const service = parseServiceName(arg);
  if (!service) {
    throw new UsageError(
      `"${arg}" is not a service name: write payments, default/payments or component:default/payments`,
    );
  }
  return service;
}

function orderBody(kind: OrderKind, values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind,
    environment: text(values, 'environment'),
    version: text(values, 'version'),
    replicas: numberish(values, 'replicas'),
    toRevision: numberish(values, 'to'),
    reason: text(values, 'reason'),
    idempotencyKey: text(values, 'idempotency-key'),
  };
  for (const key of Object.keys(body)) {
    if (body[key] === undefined) delete body[key];
  }
  return body;
}

/** Polls the order until it is no longer active, printing each cluster change. */
export async function waitForOrder(
  ctx: Context,
  first: Schemas['Order'],
  timeoutMs: number,
): Promise<Schemas['Order']> {
  const client = clientOf(ctx);
  const seen = new Map<string, string>();
  let order = first;
  let status = '';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (order.status !== status) {
      status = order.status;
      info(ctx, `order ${order.id}: ${order.status}`);
    }
    for (const target of order.targets ?? []) {
      const key = [
        target.status,
        target.desired,
        target.ready,
        target.message,
      ].join('|');
      if (seen.get(target.cluster) !== key) {
        seen.set(target.cluster, key);
        info(ctx, targetLine(target, ctx.isTTY && !ctx.json));
      }
    }
    if (!ACTIVE.has(order.status)) return order;
    if (Date.now() >= deadline) {
      throw new Error(
        `order ${order.id} is still ${order.status} after ${Math.round(
          timeoutMs / 1000,
        )}s; follow it with \`dyploma status\``,
      );
    }
    await ctx.sleep(ctx.pollMs);
    order = await answer(
      client.GET('/orders/{id}', { params: { path: { id: order.id } } }),
    );
  }
}

const common = {
  environment: { type: 'string', short: 'e' },
  reason: { type: 'string' },
  'idempotency-key': { type: 'string' },
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

const commonSynopsis =
  '--environment E [--reason R] [--idempotency-key K] [--wait [--timeout S]]';

function orderCommand(
  kind: OrderKind,
  summary: string,
  extra: Command['options'],
  extraSynopsis: string,
): Command {
  return {
    name: kind,
    synopsis: `${kind} <service> ${
      extraSynopsis ? `${extraSynopsis} ` : ''
    }${commonSynopsis}`,
    summary,
    options: { ...common, ...extra },
    positionals: ['service'],
    async run(ctx, positionals, values) {
      const service = serviceArg(positionals);
      const timeoutText = text(values, 'timeout') ?? '1800';
      const timeoutS = Number(timeoutText);
      if (!/^\d+$/.test(timeoutText) || timeoutS <= 0) {
        throw new UsageError(
          `--timeout: expected whole seconds such as 600, got "${timeoutText}"`,
        );
      }
      const parsed = parseOrderRequest(orderBody(kind, values));
      if (!parsed.ok) {
        throw new UsageError(
          `the ${kind} order is not valid${
            kind === 'rollback' ? ' (--to sets toRevision)' : ''
          }:`,
          parsed.problems.map(p => p.message),
        );
      }
      const client = clientOf(ctx);
      const order = await answer(
        client.POST('/services/{namespace}/{name}/orders', {
          params: { path: service },
          body: parsed.value,
        }),
      );
      if (!values.wait) {
        if (ctx.json) printJson(ctx, order);
        else info(ctx, orderLine(order));
        return EXIT.ok;
      }
      if (!ctx.json) info(ctx, orderLine(order));
      const done = await waitForOrder(ctx, order, timeoutS * 1000);
      if (ctx.json) printJson(ctx, done);
      else info(ctx, orderText(done));
      return done.status === 'succeeded' ? EXIT.ok : EXIT.failed;
    },
  };
}

export const orderCommands: Command[] = [
  orderCommand(
    'deploy',
    'deploy a version',
    { version: { type: 'string' }, replicas: { type: 'string' } },
    '--version V [--replicas N]',
  ),
  orderCommand(
    'scale',
    'set the replicas',
    { replicas: { type: 'string' } },
    '--replicas N',
  ),
  orderCommand('disable', 'scale to zero, remembering the replicas', {}, ''),
  orderCommand('enable', 'restore the replicas of before disable', {}, ''),
  orderCommand('restart', 'restart every pod, rolling', {}, ''),
  orderCommand(
    'rollback',
    'go back to the previous release, or to revision N',
    { to: { type: 'string' } },
    '[--to N]',
  ),
];
