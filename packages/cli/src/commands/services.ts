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

import { FLEET_FACETS, parseFleetQuery } from '@dyploma/plugin-dyploma-common';
import { answer, Paths, Schemas } from '../client';
import { EXIT, info, printJson, UsageError } from '../output';
import { displayRef } from '../refs';
import { table } from '../table';
import { clientOf, Command, list, text, Values } from './types';

/** The fleet filters as flags, shared with `batch`. */
export const FILTER_OPTIONS = {
  owner: { type: 'string', multiple: true },
  system: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  cluster: { type: 'string', multiple: true },
  datacenter: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  search: { type: 'string', short: 'q' },
} as const;

export const FILTER_SYNOPSIS =
  '[--owner O]... [--system S]... [--tag T]... [--cluster C]... [--datacenter D]... [--status S]... [-q TEXT]';

/** The filter flags as a fleet filter (each flag may repeat). */
export function filterOf(values: Values): Record<string, string[] | string> {
  const filter: Record<string, string[] | string> = {};
  for (const name of [
    'owner',
    'system',
    'tag',
    'cluster',
    'datacenter',
    'status',
  ]) {
    const given = list(values, name);
    if (given.length) filter[name] = given;
  }
  const q = text(values, 'search');
  if (q) filter.q = q;
  return filter;
}

function ago(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 90) return `${s}s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

function rowCells(row: Schemas['FleetRow'], now: number): string[] {
  const order = row.lastOrder;
  return [
    displayRef(row.service.ref),
    row.environment,
    row.cluster,
    row.version ?? '-',
    `${row.replicas.ready}/${row.replicas.desired}${
      row.autoscaled ? ' (hpa)' : ''
    }`,
    row.status,
    order
      ? `${order.kind} ${order.status} by ${displayRef(order.author)} ${ago(
          order.createdAt,
          now,
        )}`
      : '-',
    row.monthlyCost ? row.monthlyCost.projected.toFixed(2) : '-',
  ];
}

/** `dyploma services`: the fleet, as the fleet page shows it. */
export const servicesCommand: Command = {
  name: 'services',
  synopsis: `services [--environment E]... ${FILTER_SYNOPSIS} [--sort F] [--desc] [--limit N] [--offset N] [--facets]`,
  summary:
    'every service × environment × cluster: version, replicas, health, last order, cost',
  options: {
    ...FILTER_OPTIONS,
    environment: { type: 'string', short: 'e', multiple: true },
    sort: { type: 'string' },
    desc: { type: 'boolean' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    facets: { type: 'boolean' },
  },
  positionals: [],
  async run(ctx, _positionals, values) {
    const query: Record<string, unknown> = { ...filterOf(values) };
    const environments = list(values, 'environment');
    if (environments.length) query.environment = environments;
    for (const name of ['sort', 'limit', 'offset']) {
      if (text(values, name) !== undefined) query[name] = text(values, name);
    }
    if (values.desc) query.order = 'desc';
    // Checked here with the API's own parser, so a bad flag never costs a request.
    const parsed = parseFleetQuery(query);
    if (!parsed.ok) {
      throw new UsageError(
        'the fleet query is not valid:',
        parsed.problems.map(p => p.message.replace(/^q:/, 'search:')),
      );
    }
    // The parsed query without the defaults the flags did not ask for.
    const { sort, order, limit, offset, ...filter } = parsed.value;
    const fleetQuery: Paths['/fleet']['get']['parameters']['query'] = {
      ...filter,
      ...('sort' in query && { sort }),
      ...('order' in query && { order }),
      ...('limit' in query && { limit }),
      ...('offset' in query && { offset }),
    };
    const page = await answer(
      clientOf(ctx).GET('/fleet', { params: { query: fleetQuery } }),
    );
    if (ctx.json) {
      printJson(ctx, page);
      return EXIT.ok;
    }
    const now = Date.now();
    const lines = table(
      [
        'SERVICE',
        'ENVIRONMENT',
        'CLUSTER',
        'VERSION',
        'READY',
        'STATUS',
        'LAST ORDER',
        'COST/MONTH',
      ],
      page.items.map(row => rowCells(row, now)),
    );
    lines.push(
      page.total === 0
        ? 'no rows match'
        : `rows ${page.offset + 1}-${page.offset + page.items.length} of ${
            page.total
          } (${page.services} services)${
            page.offset + page.items.length < page.total
              ? `; next: --offset ${page.offset + page.items.length}`
              : ''
          }`,
    );
    const down = page.clusters.filter(c => c.health !== 'connected');
    if (down.length) {
      lines.push(
        `clusters not connected: ${down
          .map(c => `${c.name} (${c.health})`)
          .join(', ')}`,
      );
    }
    if (values.facets) {
      for (const facet of FLEET_FACETS) {
        const entries = page.facets[facet] ?? [];
        if (entries.length) {
          lines.push(
            `${facet}: ${entries
              .map(e => `${displayRef(e.value) || e.value} ${e.count}`)
              .join(', ')}`,
          );
        }
      }
    }
    info(ctx, lines.join('\n'));
    return EXIT.ok;
  },
};
