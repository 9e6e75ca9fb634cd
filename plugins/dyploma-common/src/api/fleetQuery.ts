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

import { z } from 'zod';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { expectedMessage } from '../errors/describe';
import { listOf, oneOf, strict, text } from '../model/fields';
import { KeyHints } from '../errors/unknownKeys';
import { parseWith, ParseResult, problem } from './requests';
import {
  FLEET_SORT_FIELDS,
  FLEET_STATUSES,
  FleetSortField,
  FleetStatus,
} from './fleetTypes';

/** Most values one filter may list. @public */
export const MAX_FILTER_VALUES = 100;
/** Longest page of `GET /fleet`. @public */
export const MAX_FLEET_LIMIT = 1000;

/**
 * Which fleet rows to keep. Values of one filter are alternatives (owner A or owner B);
 * different filters must all match. `owner` and `system` take an entity ref or just a
 * name (`team-payments`); `q` matches service name and title, owner, system, tags,
 * version and cluster, case-insensitively.
 *
 * @public
 */
export type FleetFilter = {
  owner?: string[];
  system?: string[];
  tag?: string[];
  environment?: string[];
  cluster?: string[];
  datacenter?: string[];
  status?: FleetStatus[];
  q?: string;
};

/** `GET /fleet` query, parsed and with defaults. @public */
export type FleetQuery = FleetFilter & {
  sort: FleetSortField;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
};

const word = (expected: string) => text(expected, undefined, { max: 253 });

/**
 * One value or a list of them (`?owner=a&owner=b`, or `"owner": ["a", "b"]`), always a
 * list once parsed; a bad single value keeps its own message and the parameter's path.
 */
function values<T extends z.ZodType<string>>(item: T, expected: string) {
  const list = listOf(item, `a list of ${expected}`, {
    max: MAX_FILTER_VALUES,
  });
  return z.unknown().transform((value, ctx) => {
    const parsed = Array.isArray(value)
      ? list.safeParse(value)
      : item.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.issues.push({
          code: 'custom',
          message: issue.message,
          path: issue.path,
          input: value,
        });
      }
      return z.NEVER;
    }
    return (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) as Array<
      z.output<T>
    >;
  });
}

const filterShape = {
  owner: values(
    word('an owner such as group:default/team-payments'),
    'owners',
  ).optional(),
  system: values(word('a system such as checkout'), 'systems').optional(),
  tag: values(word('a catalog tag such as java'), 'tags').optional(),
  environment: values(
    word('an environment such as production'),
    'environments',
  ).optional(),
  cluster: values(word('a cluster name'), 'clusters').optional(),
  datacenter: values(word('a datacenter name'), 'datacenters').optional(),
  status: values(
    oneOf(FLEET_STATUSES, {
      ready: 'write healthy',
      down: 'write failed or degraded',
    }),
    'statuses',
  ).optional(),
  q: text('search text of at most 200 characters', undefined, {
    max: 200,
  }).optional(),
};

const FILTER_HINTS: KeyHints = {
  owners: 'write owner (repeat it for several)',
  tags: 'write tag (repeat it for several)',
  clusters: 'write cluster (repeat it for several)',
  search: 'write q',
  query: 'write q',
  text: 'write q',
  health: 'write status',
  env: 'write environment',
};

/** A whole number from a query string (`"50"`) or a JSON number. */
function queryInt(min: number, max: number, fallback: number) {
  const expected = `a whole number from ${min} to ${max}`;
  return z
    .custom<string | number>(
      v => {
        const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v;
        return (
          typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max
        );
      },
      { error: iss => expectedMessage(expected, iss.input) },
    )
    .optional()
    .transform(v => (v === undefined ? fallback : Number(v)));
}

/** The filters of `GET /fleet` and of a batch's `select.filter`. @public */
export const fleetFilterSchema = strict(
  filterShape,
  'a fleet filter such as {owner: "group:default/team-payments", status: ["degraded"]}',
  { keyHints: FILTER_HINTS },
);

/** The query of `GET /fleet`: the filters, `sort`, `order`, `limit` (1 to 1000, default 50) and `offset`. @public */
export const fleetQuerySchema = strict(
  {
    ...filterShape,
    sort: oneOf(FLEET_SORT_FIELDS, {
      name: 'write service',
      replicas: 'write desired or ready',
      health: 'write status',
    })
      .optional()
      .transform(v => v ?? 'service'),
    order: oneOf(['asc', 'desc'] as const, {
      ascending: 'write asc',
      descending: 'write desc',
    })
      .optional()
      .transform(v => v ?? 'asc'),
    limit: queryInt(1, MAX_FLEET_LIMIT, 50),
    offset: queryInt(0, 10_000_000, 0),
  },
  'a fleet query such as ?owner=group:default/team-payments&status=degraded&sort=cost&order=desc',
  {
    keyHints: {
      ...FILTER_HINTS,
      page: 'write offset',
      size: 'write limit',
      pageSize: 'write limit',
      direction: 'write order',
    },
  },
);

/** Checks a `GET /fleet` query; every problem carries its parameter name. @public */
export function parseFleetQuery(query: unknown): ParseResult<FleetQuery> {
  if (query === undefined || query === null) {
    return parseWith(fleetQuerySchema as unknown as z.ZodType<FleetQuery>, {});
  }
  if (typeof query !== 'object' || Array.isArray(query)) {
    return {
      ok: false,
      problems: [problem('', expectedMessage('query parameters', query))],
    };
  }
  return parseWith(fleetQuerySchema as unknown as z.ZodType<FleetQuery>, query);
}

/**
 * The query string for `GET /fleet`, as the UI and the CLI send it (repeated keys for
 * several values; defaults left out).
 *
 * @public
 */
export function fleetQueryParams(query: Partial<FleetQuery>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      params.append(key, String(v));
    }
  }
  return params;
}

/**
 * A service named the short ways people write it (`payments`, `default/payments`,
 * `component:default/payments`) as a full entity ref; undefined when it is not one.
 *
 * @public
 */
export function serviceRef(value: string): string | undefined {
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return ref.kind.toLocaleLowerCase('en-US') === 'component'
      ? stringifyEntityRef(ref)
      : undefined;
  } catch {
    return undefined;
  }
}
