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
import { EXIT, info, orderText, printJson, UsageError } from '../output';
import { serviceArg } from './orders';
import { clientOf, Command, text } from './types';

function specSummary(spec: Record<string, unknown>): string {
  return ['version', 'replicas', 'enabled']
    .filter(key => spec[key] !== undefined)
    .map(key => `${key} ${JSON.stringify(spec[key])}`)
    .join(', ');
}

/** `dyploma status <service>`: what runs where, and what is decided. */
export const statusCommand: Command = {
  name: 'status',
  synopsis: 'status <service> [--environment E]',
  summary: 'what runs where: releases, active orders, live state',
  options: { environment: { type: 'string', short: 'e' } },
  positionals: ['service'],
  async run(ctx, positionals, values) {
    const service = serviceArg(positionals);
    const environment = text(values, 'environment');
    const status = await answer(
      clientOf(ctx).GET('/services/{namespace}/{name}', {
        params: { path: service },
      }),
    );
    if (environment && !status.environments.some(e => e.name === environment)) {
      throw new UsageError(
        `environment: unknown environment "${environment}"; this service has ${status.environments
          .map(e => e.name)
          .join(', ')}`,
      );
    }
    const environments = status.environments.filter(
      e => !environment || e.name === environment,
    );
    const live = status.live.filter(
      l => !environment || l.environment === environment,
    );
    if (ctx.json) {
      printJson(ctx, { ...status, environments, live });
      return EXIT.ok;
    }
    const lines: string[] = [
      `${status.service.ref}${
        status.service.owner ? `  owner ${status.service.owner}` : ''
      }`,
    ];
    for (const p of status.problems ?? []) {
      lines.push(`  problem: ${p.message}`);
    }
    for (const env of environments) {
      const clusters = env.clusters
        .map(c => (c.weight !== 1 ? `${c.name}×${c.weight}` : c.name))
        .join(', ');
      lines.push(
        `${env.name}  namespace ${env.namespace}  clusters ${clusters}  (${env.placement})`,
      );
      if (env.release) {
        const r = env.release;
        lines.push(
          `  release ${r.revision}: ${specSummary(r.spec)}  by ${r.author} at ${
            r.createdAt
          }`,
        );
      } else {
        lines.push('  never deployed');
      }
      if (env.activeOrder) {
        lines.push(
          `  active ${orderText(env.activeOrder).replace(/\n/g, '\n  ')}`,
        );
      }
      for (const l of live.filter(x => x.environment === env.name)) {
        const d = l.deployment;
        lines.push(
          `  ${l.cluster}: ${l.health}${
            d
              ? `  ${d.version ?? '?'}  ${d.ready}/${d.desired} ready, ${
                  d.updated
                } updated`
              : '  no deployment'
          }`,
        );
      }
    }
    info(ctx, lines.join('\n'));
    return EXIT.ok;
  },
};
