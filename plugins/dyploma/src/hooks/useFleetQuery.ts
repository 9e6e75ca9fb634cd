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
  FleetFilter,
  FleetQuery,
  fleetQueryParams,
} from '@dyploma/plugin-dyploma-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Rows per page unless the URL says otherwise. */
export const FLEET_PAGE_SIZE = 50;

/** The URL parameter of the batch whose progress the fleet page shows. */
const BATCH_PARAM = 'batch';

/**
 * The fleet query kept in the page's URL, with the same parameter names as
 * `GET /api/dyploma/fleet`, so a filtered view can be shared as a link and the server
 * reads exactly what the address bar says.
 */
export function queryFromParams(params: URLSearchParams): Partial<FleetQuery> {
  const query: Record<string, unknown> = {};
  for (const key of FLEET_FACETS) {
    const values = params.getAll(key).filter(v => v !== '');
    if (values.length > 0) query[key] = values;
  }
  const q = params.get('q');
  if (q) query.q = q;
  const sort = params.get('sort');
  if (sort) query.sort = sort;
  const order = params.get('order');
  if (order) query.order = order;
  for (const key of ['limit', 'offset'] as const) {
    const value = params.get(key);
    if (value !== null && /^\d+$/.test(value)) query[key] = Number(value);
  }
  return query as Partial<FleetQuery>;
}

/** The filters of a query, without sort and paging (what a batch by filter selects). */
export function filterOf(query: Partial<FleetQuery>): FleetFilter {
  const { sort: _s, order: _o, limit: _l, offset: _f, ...filter } = query;
  return filter;
}

/** Whether any filter narrows the fleet. */
export function isFiltered(query: Partial<FleetQuery>): boolean {
  return Object.values(filterOf(query)).some(v =>
    Array.isArray(v) ? v.length > 0 : !!v,
  );
}

/**
 * The fleet query and the open batch, read from and written to the URL. Changing a filter
 * goes back to the first page; a filter change replaces the history entry while typing
 * would otherwise flood it.
 */
export function useFleetQuery() {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const query = useMemo(() => queryFromParams(new URLSearchParams(key)), [key]);
  const batchId = params.get(BATCH_PARAM) ?? undefined;

  const write = useCallback(
    (next: Partial<FleetQuery>, batch: string | undefined) => {
      const out = fleetQueryParams(next);
      if (batch) out.set(BATCH_PARAM, batch);
      setParams(out, { replace: true });
    },
    [setParams],
  );

  /** Merges a change into the query; any change but paging starts at the first page. */
  const update = useCallback(
    (change: Partial<FleetQuery>) => {
      const paging = Object.keys(change).every(
        k => k === 'offset' || k === 'limit',
      );
      const next = { ...query, ...change };
      if (!paging || 'limit' in change) delete next.offset;
      if (next.limit === FLEET_PAGE_SIZE) delete next.limit;
      write(next, batchId);
    },
    [query, batchId, write],
  );

  const clearFilters = useCallback(() => {
    const { sort, order, limit } = query;
    write({ sort, order, limit }, batchId);
  }, [query, batchId, write]);

  const openBatch = useCallback(
    (id: string | undefined) => write(query, id),
    [query, write],
  );

  return { query, update, clearFilters, batchId, openBatch };
}
