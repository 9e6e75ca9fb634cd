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

import { COST_NOT_SHOWN } from '@dyploma/plugin-dyploma-common';
import { answer, Paths, Schemas } from '../client';
import { EXIT, info, printJson, UsageError } from '../output';
import { displayRef } from '../refs';
import { table } from '../table';
import { serviceArg } from './orders';
import { clientOf, Command, text, Values } from './types';

type Dimension = Schemas['CostDimension'];
/** `window` or `from`/`to`, the query every cost route takes. */
type WindowQuery = Pick<
  NonNullable<Paths['/cost/over-provisioned']['get']['parameters']['query']>,
  'window' | 'from' | 'to'
>;

const DIMENSIONS: Dimension[] = [
  'service',
  'owner',
  'system',
  'environment',
  'cluster',
  'datacenter',
];
const isDimension = (value: string): value is Dimension =>
  (DIMENSIONS as string[]).includes(value);
const WINDOWS: Array<WindowQuery['window']> = ['24h', '7d', '30d'];
const money = (n: number) => n.toFixed(2);
const pct = (n: number | null) =>
  n === null ? '-' : `${Math.round(n * 100)}%`;

/** `window` or `from`/`to`, as the cost API takes them (the API checks the times). */
function windowQuery(values: Values): WindowQuery {
  const window = text(values, 'window');
  if (window !== undefined && !(WINDOWS as string[]).includes(window)) {
    throw new UsageError(
      `window: expected one of ${WINDOWS.join(', ')}, got "${window}"`,
    );
  }
  return {
    window: window as WindowQuery['window'],
    from: text(values, 'from'),
    to: text(values, 'to'),
  };
}

function lineCells(line: Schemas['CostLine']): string[] {
  return [
    line.key === COST_NOT_SHOWN ? displayRef(line.key) : line.key ?? '(none)',
    money(line.cost),
    pct(line.trend),
    pct(line.efficiency.cpu),
    pct(line.efficiency.memory),
  ];
}

const LINE_HEADER = ['', 'COST', 'TREND', 'CPU USED', 'MEMORY USED'];

/** A group named on the command line: `team-payments`, `default/team-payments` or a ref. */
function ownerArg(owner: string) {
  const match = /^(?:group:)?(?:([^/:\s]+)\/)?([^/:\s]+)$/i.exec(owner);
  if (!match) {
    throw new UsageError(
      `owner: expected a group such as team-payments or group:default/team-payments, got "${owner}"`,
    );
  }
  return { namespace: match[1] ?? 'default', name: match[2] };
}

/**
 * The report's table: a cluster or datacenter report shows each one's idle cost beside
 * what ran there (the API's `idleCost`); with `--share-idle`, each line's share of it.
 */
function reportTable(report: Schemas['CostReport']): string[] {
  let idle:
    | { header: string; of: (l: Schemas['CostLine']) => number | undefined }
    | undefined;
  if (report.shareIdle) {
    idle = { header: 'IDLE SHARE', of: l => l.idleShare };
  } else if (report.groupBy === 'cluster' || report.groupBy === 'datacenter') {
    idle = { header: 'IDLE', of: l => l.idleCost };
  }
  const header = [report.groupBy.toUpperCase(), ...LINE_HEADER.slice(1)];
  if (!idle) return table(header, report.items.map(lineCells));
  return table(
    [...header.slice(0, 2), idle.header, ...header.slice(2)],
    report.items.map(line => {
      const [key, cost, ...rest] = lineCells(line);
      return [key, cost, money(idle.of(line) ?? 0), ...rest];
    }),
  );
}

/**
 * `dyploma cost`: what services cost, from `/api/dyploma/cost` (precomputed hourly rows;
 * it never asks a cluster). One service, one owner, a report grouped by a dimension
 * (`--by`, CSV with `--csv`), or the over-provisioned services.
 */
export const costCommand: Command = {
  name: 'cost',
  synopsis:
    'cost [<service> | --owner GROUP | --by DIMENSION [--share-idle] [--csv] | --over-provisioned] [--window 24h|7d|30d | --from T --to T]',
  summary:
    'what services cost: one service, an owner, a report by dimension, or waste',
  options: {
    owner: { type: 'string' },
    by: { type: 'string' },
    'share-idle': { type: 'boolean' },
    csv: { type: 'boolean' },
    'over-provisioned': { type: 'boolean' },
    window: { type: 'string', short: 'w' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  positionals: ['service'],
  async run(ctx, positionals, values) {
    const client = clientOf(ctx);
    const query = windowQuery(values);
    const owner = text(values, 'owner');
    const by = text(values, 'by');
    const modes = [
      positionals.length > 0,
      owner !== undefined,
      by !== undefined,
      !!values['over-provisioned'],
    ];
    if (modes.filter(Boolean).length > 1) {
      throw new UsageError(
        'give one of: a service, --owner, --by or --over-provisioned',
      );
    }
    // Options of a report only: refused rather than ignored with the other modes.
    const notReport = modes[0]
      ? 'a service'
      : (modes[1] && '--owner') || (modes[3] && '--over-provisioned');
    for (const flag of ['share-idle', 'csv']) {
      if (notReport && values[flag]) {
        throw new UsageError(
          `${flag}: only for a report (--by), not with ${notReport}`,
        );
      }
    }
    if (positionals.length > 0) {
      const service = serviceArg(positionals);
      const cost = await answer(
        client.GET('/cost/services/{namespace}/{name}', {
          params: { path: service, query },
        }),
      );
      if (ctx.json) {
        printJson(ctx, cost);
        return EXIT.ok;
      }
      info(
        ctx,
        [
          `${cost.serviceRef}  ${money(cost.cost)} in ${
            cost.window.hours
          }h (trend ${pct(cost.trend)})${cost.demo ? '  [demo data]' : ''}`,
          `month to date ${money(cost.month.toDate)}, projected ${money(
            cost.month.projected,
          )}`,
          ...table(
            ['ENVIRONMENT', ...LINE_HEADER.slice(1)],
            cost.byEnvironment.map(lineCells),
          ),
          ...table(
            ['CLUSTER', ...LINE_HEADER.slice(1)],
            cost.byCluster.map(lineCells),
          ),
        ].join('\n'),
      );
      return EXIT.ok;
    }
    if (owner !== undefined) {
      const ref = ownerArg(owner);
      const cost = await answer(
        client.GET('/cost/owners/{namespace}/{name}', {
          params: { path: ref, query },
        }),
      );
      if (ctx.json) {
        printJson(ctx, cost);
        return EXIT.ok;
      }
      info(
        ctx,
        [
          `${cost.ownerRef}  ${money(cost.cost)} in ${
            cost.window.hours
          }h (own ${money(cost.ownCost)}, trend ${pct(cost.trend)})${
            cost.demo ? '  [demo data]' : ''
          }`,
          `month to date ${money(cost.month.toDate)}, projected ${money(
            cost.month.projected,
          )}`,
          ...table(
            ['SERVICE', ...LINE_HEADER.slice(1)],
            cost.services.map(lineCells),
          ),
        ].join('\n'),
      );
      return EXIT.ok;
    }
    if (values['over-provisioned']) {
      const report = await answer(
        client.GET('/cost/over-provisioned', { params: { query } }),
      );
      if (ctx.json) {
        printJson(ctx, report);
        return EXIT.ok;
      }
      info(
        ctx,
        table(
          [
            'SERVICE',
            'OWNER',
            'COST',
            'CPU USED',
            'MEMORY USED',
            'SAVING/MONTH',
          ],
          report.items.map(i => [
            i.serviceRef ?? '(none)',
            i.ownerRef ?? '',
            money(i.cost),
            pct(i.efficiency.cpu),
            pct(i.efficiency.memory),
            money(i.monthlySaving.total),
          ]),
        ).join('\n'),
      );
      return EXIT.ok;
    }
    const groupBy = by ?? 'owner';
    if (!isDimension(groupBy)) {
      throw new UsageError(
        `by: expected one of ${DIMENSIONS.join(', ')}, got "${groupBy}"`,
      );
    }
    const reportQuery = {
      ...query,
      groupBy,
      shareIdle: values['share-idle'] ? ('true' as const) : undefined,
    };
    if (values.csv) {
      if (ctx.json)
        throw new UsageError('csv: give --csv or --output json, not both');
      const csv = await answer(
        client.GET('/cost/report', {
          params: { query: { ...reportQuery, format: 'csv' } },
          parseAs: 'text',
          headers: { accept: '*/*' },
        }),
      );
      ctx.out(csv);
      return EXIT.ok;
    }
    const report = await answer(
      client.GET('/cost/report', { params: { query: reportQuery } }),
    );
    if (ctx.json) {
      printJson(ctx, report);
      return EXIT.ok;
    }
    info(
      ctx,
      [
        ...reportTable(report),
        `total ${money(report.total.cost)} (idle ${money(
          report.total.idleCost,
        )}) in ${report.window.hours}h${report.demo ? '  [demo data]' : ''}`,
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
