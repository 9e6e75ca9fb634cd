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

import { answer } from '../client';
import { EXIT, info, orderLine, printJson, UsageError } from '../output';
import { serviceArg } from './orders';
import { clientOf, Command, text } from './types';

/** `dyploma history <service>`: the orders, or with `--releases` the releases. */
export const historyCommand: Command = {
  name: 'history',
  synopsis:
    'history <service> [--environment E] [--limit N] [--releases (needs --environment)]',
  summary: 'the orders of a service, newest first (or its releases)',
  options: {
    environment: { type: 'string', short: 'e' },
    limit: { type: 'string' },
    releases: { type: 'boolean' },
  },
  positionals: ['service'],
  async run(ctx, positionals, values) {
    const service = serviceArg(positionals);
    const environment = text(values, 'environment');
    const limit = text(values, 'limit');
    if (limit !== undefined && !/^[1-9]\d*$/.test(limit)) {
      throw new UsageError(
        `limit: expected a whole number from 1, got "${limit}"`,
      );
    }
    const client = clientOf(ctx);
    if (values.releases) {
      if (!environment) {
        throw new UsageError('environment: required with --releases');
      }
      const page = await answer(
        client.GET(
          '/services/{namespace}/{name}/environments/{environment}/releases',
          {
            params: {
              path: { ...service, environment },
              query: { limit: limit ? Number(limit) : undefined },
            },
          },
        ),
      );
      if (ctx.json) {
        printJson(ctx, page);
      } else {
        for (const r of page.items) {
          info(
            ctx,
            `release ${r.revision}  ${JSON.stringify(
              r.spec.version ?? '',
            )}  by ${r.author}  ${r.createdAt}${
              r.reason ? `  "${r.reason}"` : ''
            }`,
          );
        }
        if (page.items.length === 0) info(ctx, 'no releases');
      }
      return EXIT.ok;
    }
    const page = await answer(
      client.GET('/services/{namespace}/{name}/orders', {
        params: {
          path: service,
          query: { limit: limit ? Number(limit) : undefined, environment },
        },
      }),
    );
    if (ctx.json) {
      printJson(ctx, page);
    } else {
      for (const order of page.items) {
        info(
          ctx,
          `${orderLine(order)}${order.reason ? `  "${order.reason}"` : ''}`,
        );
      }
      info(ctx, `${page.items.length} of ${page.total} orders`);
    }
    return EXIT.ok;
  },
};
