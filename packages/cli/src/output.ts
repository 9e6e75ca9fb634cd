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

import { ApiError, ConnectionError, Schemas } from './client';

type Order = Schemas['Order'];

/** The exit codes of `dyploma`. */
export const EXIT = {
  ok: 0,
  /** The order failed, the server erred or could not be reached. */
  failed: 1,
  /** Bad flags or a bad order body. */
  usage: 2,
  /** 401 or 403. */
  notAllowed: 3,
  /** 409: another order is active. */
  conflict: 4,
  /** 404: no such service, order, batch or pod. */
  notFound: 5,
  /** Interrupted (Ctrl-C) while following logs or a batch. */
  interrupted: 130,
} as const;

/** A mistake on the command line; `problems` are field-pathed messages. */
export class UsageError extends Error {
  constructor(message: string, readonly problems: string[] = []) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where a command writes. In JSON mode stdout carries exactly one JSON document. */
export type Output = {
  json: boolean;
  isTTY: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
};

export function printJson(output: Output, value: unknown) {
  output.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Lines of text: to stdout normally, to stderr in JSON mode (stdout stays JSON). */
export function info(output: Output, text: string) {
  (output.json ? output.err : output.out)(`${text}\n`);
}

/** A bar such as `[######----]`. */
export function bar(done: number, total: number, width = 20): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** One line for a cluster of an order: `dc1  progressing  2/3 ready  message`. */
export function targetLine(
  target: Schemas['OrderTarget'],
  withBar: boolean,
): string {
  const counts =
    target.desired !== undefined
      ? ` ${target.ready ?? 0}/${target.desired} ready`
      : '';
  const progress =
    withBar && target.desired !== undefined
      ? ` ${bar(target.ready ?? 0, target.desired)}`
      : '';
  const message = target.message ? `  ${target.message}` : '';
  return `  ${target.cluster}: ${target.status}${progress}${counts}${message}`;
}

function describeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

/** A short summary of an order, one line. */
export function orderLine(order: Order): string {
  const params = describeParams(order.params ?? {});
  return [
    `order ${order.id}`,
    `${order.kind}${params ? ` ${params}` : ''}`,
    `in ${order.environment}`,
    `${order.status}`,
    `by ${order.author}`,
    order.createdAt,
  ].join('  ');
}

/** The order and its clusters, several lines. */
export function orderText(order: Order, withBar = false): string {
  const lines = [orderLine(order)];
  if (order.reason) lines.push(`  reason: ${order.reason}`);
  if (order.error) lines.push(`  error: ${order.error}`);
  for (const target of order.targets ?? []) {
    lines.push(targetLine(target, withBar));
  }
  return lines.join('\n');
}

function problemsOf(body: Partial<Schemas['Error']> | undefined) {
  return (body?.problems ?? []).map(p => p.message);
}

/** Reports an error the way the output mode wants it and returns the exit code. */
export function reportError(output: Output, error: unknown): number {
  if (error instanceof UsageError) {
    if (output.json) {
      printJson(output, {
        error: { name: 'UsageError', message: error.message },
        problems: error.problems,
      });
    } else {
      output.err(
        `dyploma: ${error.message}\n${error.problems
          .map(p => `  ${p}\n`)
          .join('')}`,
      );
    }
    return EXIT.usage;
  }
  if (error instanceof ApiError) {
    const code = exitCodeOf(error.status);
    if (output.json) {
      printJson(
        output,
        error.body?.error
          ? error.body
          : {
              error: { name: 'Error', message: error.message },
              response: { statusCode: error.status },
            },
      );
      return code;
    }
    const lines = [`dyploma: ${error.status}: ${error.message}`];
    for (const p of problemsOf(error.body)) {
      if (!error.message.includes(p)) lines.push(`  ${p}`);
    }
    if (error.body?.activeOrder) {
      lines.push('active order:', orderText(error.body.activeOrder));
    }
    if (error.status === 401) {
      lines.push('log in with `dyploma login` or pass --token / DYPLOMA_TOKEN');
    }
    output.err(`${lines.join('\n')}\n`);
    return code;
  }
  const message =
    error instanceof ConnectionError || error instanceof Error
      ? error.message
      : String(error);
  if (output.json) {
    printJson(output, { error: { name: 'Error', message } });
  } else {
    output.err(`dyploma: ${message}\n`);
  }
  return EXIT.failed;
}

/** The exit code for an HTTP error status. */
export function exitCodeOf(status: number): number {
  if (status === 401 || status === 403) return EXIT.notAllowed;
  if (status === 409) return EXIT.conflict;
  if (status === 400) return EXIT.usage;
  if (status === 404) return EXIT.notFound;
  return EXIT.failed;
}
