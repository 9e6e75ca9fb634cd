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
  FLEET_FACETS,
  FleetFacetName,
  FleetFacets,
  FleetFilter,
  FleetQuery,
  FleetRow,
} from '@dyploma/plugin-dyploma-common';

/** An owner or system filter value matches the full ref or just the name. */
function refMatches(ref: string | undefined, wanted: string[]) {
  if (!ref) return false;
  const lower = ref.toLocaleLowerCase('en-US');
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  return wanted.some(w => {
    const v = w.toLocaleLowerCase('en-US');
    return v === lower || v === name;
  });
}

const FACET_VALUES: Record<FleetFacetName, (row: FleetRow) => string[]> = {
  owner: r => (r.service.owner ? [r.service.owner] : []),
  system: r => (r.service.system ? [r.service.system] : []),
  tag: r => r.service.tags,
  environment: r => [r.environment],
  cluster: r => [r.cluster],
  datacenter: r => [r.datacenter],
  status: r => [r.status],
};

const inList = (value: string, wanted: string[]) =>
  wanted.some(
    w => w.toLocaleLowerCase('en-US') === value.toLocaleLowerCase('en-US'),
  );

/** Whether a row passes one filter (an absent filter passes everything). */
function passes(row: FleetRow, facet: FleetFacetName, wanted?: string[]) {
  if (!wanted || wanted.length === 0) return true;
  if (facet === 'owner') return refMatches(row.service.owner, wanted);
  if (facet === 'system') return refMatches(row.service.system, wanted);
  return FACET_VALUES[facet](row).some(v => inList(v, wanted));
}

function searchText(row: FleetRow): string {
  return [
    row.service.ref,
    row.service.title,
    row.service.owner,
    row.service.system,
    ...row.service.tags,
    row.version,
    row.cluster,
    row.datacenter,
    row.environment,
  ]
    .filter(Boolean)
    .join('\n')
    .toLocaleLowerCase('en-US');
}

/** Whether a row passes every filter, except the one named (for that filter's facet). */
export function matchesFilter(
  row: FleetRow,
  filter: FleetFilter,
  except?: FleetFacetName,
): boolean {
  for (const facet of FLEET_FACETS) {
    if (facet !== except && !passes(row, facet, filter[facet])) return false;
  }
  if (filter.q) {
    const words = filter.q
      .toLocaleLowerCase('en-US')
      .split(/\s+/)
      .filter(Boolean);
    const text = searchText(row);
    if (!words.every(w => text.includes(w))) return false;
  }
  return true;
}

/**
 * Values and counts per filter. Each facet counts the rows that pass every other filter,
 * so the values shown beside a chosen one are still reachable.
 */
export function fleetFacets(
  rows: FleetRow[],
  filter: FleetFilter,
): FleetFacets {
  const facets = {} as FleetFacets;
  for (const facet of FLEET_FACETS) {
    const counts = new Map<string, number>();
    for (const row of rows) {
      if (!matchesFilter(row, filter, facet)) continue;
      for (const value of new Set(FACET_VALUES[facet](row))) {
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
    facets[facet] = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return facets;
}

type SortKey = string | number | undefined;

const SORT_KEYS: Record<FleetQuery['sort'], (row: FleetRow) => SortKey> = {
  service: r => r.service.ref,
  owner: r => r.service.owner,
  system: r => r.service.system,
  environment: r => r.environment,
  cluster: r => r.cluster,
  datacenter: r => r.datacenter,
  version: r => r.version,
  status: r => r.status,
  desired: r => r.replicas.desired,
  ready: r => r.replicas.ready,
  lastOrder: r => r.lastOrder?.createdAt,
  cost: r => r.monthlyCost?.projected,
};

function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  // Rows without a value go last whatever the order, so "most expensive" starts with costs.
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** Sorted by the field, then by service, environment and cluster, so paging is stable. */
export function sortRows(
  rows: FleetRow[],
  query: Pick<FleetQuery, 'sort' | 'order'>,
) {
  const key = SORT_KEYS[query.sort];
  const sign = query.order === 'desc' ? -1 : 1;
  const keyed = rows.map(row => ({ row, key: key(row) }));
  keyed.sort((a, b) => {
    const primary = compareKeys(a.key, b.key);
    if (primary !== 0) {
      return a.key === undefined || b.key === undefined
        ? primary
        : sign * primary;
    }
    return (
      a.row.service.ref.localeCompare(b.row.service.ref) ||
      a.row.environment.localeCompare(b.row.environment) ||
      a.row.cluster.localeCompare(b.row.cluster)
    );
  });
  return keyed.map(k => k.row);
}
