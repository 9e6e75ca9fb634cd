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
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Batch,
  BatchFilterPart,
  BatchSelectShown,
} from '@dyploma/plugin-dyploma-common';
import { fleetIndexOf, FleetContext } from './FleetIndex';

type Filter = Extract<Batch['select'], { filter: unknown }>['filter'];

/** The parts of a filter that name catalog entities, and the kind a bare name is of. */
const ENTITY_PARTS = { owner: 'group', system: 'system' } as const;

const valuesOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
};

function entityRefOf(value: string, kind: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind: kind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

const lower = (v: string) => v.toLocaleLowerCase('en-US');

const services = (n: number) => `${n} ${n === 1 ? 'service' : 'services'}`;

/**
 * Services in words for a message to the caller (a 403 that says which services stand in
 * the way): by name those the caller may see (as on the fleet page: the catalog's read
 * permission and `dyploma.service.read`), at most `max` of them and the rest counted, and
 * the others only counted, so a message never names a service the catalog hides from
 * whoever reads it: `payments, and 3 services you cannot see`. One visibility check.
 */
export async function servicesInWords(
  ctx: FleetContext,
  credentials: BackstageCredentials,
  refs: string[],
  max = 10,
): Promise<string> {
  const visible = await fleetIndexOf(ctx).readable(credentials, refs);
  const named = refs.filter(r => visible.has(r));
  const more = named.length - max;
  const hidden = refs.length - named.length;
  const tails = [
    ...(more > 0 ? [`${more} more`] : []),
    ...(hidden > 0 ? [`${services(hidden)} you cannot see`] : []),
  ];
  const names = named.slice(0, max).join(', ');
  if (tails.length === 0) return names;
  return names ? `${names}, and ${tails.join(' and ')}` : tails.join(' and ');
}

/**
 * A batch's filter as a viewer other than its author may see it: the filter was made with
 * its author's view of the catalog, and its words may name what the viewer's hides. A
 * viewer the catalog shows everything sees it as made; any other keeps `status` and the
 * `cluster` and `datacenter` values configured here (no catalog entity), the `owner` and
 * `system` values naming an entity the catalog shows them (`seen`: a by-ref answer), and
 * never `tag` or `q`, which may name anything. `hiddenFilter` lists the parts with a
 * value left out.
 */
function shownFilter(
  ctx: FleetContext,
  filter: Filter,
  seen: ReadonlySet<string>,
): BatchSelectShown {
  const shown: Record<string, unknown> = {};
  const hidden = new Set<BatchFilterPart>();
  const clusters = new Set(
    [...ctx.topology.clusters.values()].map(c => lower(c.name)),
  );
  const datacenters = new Set(
    [...ctx.topology.clusters.values()].map(c => lower(c.datacenter)),
  );
  const keep = (part: BatchFilterPart, ok: (v: string) => boolean) => {
    const values = valuesOf(filter[part]);
    const kept = values.filter(ok);
    if (kept.length < values.length) hidden.add(part);
    if (kept.length > 0) shown[part] = kept;
  };
  for (const [part, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (part === 'owner' || part === 'system') {
      keep(part, v => {
        const ref = entityRefOf(v, ENTITY_PARTS[part]);
        return ref !== undefined && seen.has(ref);
      });
    } else if (part === 'cluster') {
      keep(part, v => clusters.has(lower(v)));
    } else if (part === 'datacenter') {
      keep(part, v => datacenters.has(lower(v)));
    } else if (part === 'status') {
      shown.status = value; // one of the fleet's statuses
    } else {
      // Free words (`q`, `tag`) may name anything; so may a part not judged here yet.
      hidden.add(part as BatchFilterPart);
    }
  }
  return {
    filter: shown as Filter,
    ...(hidden.size > 0 && { hiddenFilter: [...hidden].sort() }),
  };
}

/**
 * Batches as the caller may see them. Their items and the refs they were made with are as
 * visible as their services (the catalog's read permission and dyploma.service.read, as
 * on the fleet page): an item of a service the caller may not see is left out (the summary
 * still counts every item), and such a ref is left out of `select.refs` and counted in
 * `select.hiddenRefs`, so a batch never names a service the catalog hides from its viewer.
 * A batch made by filter shows its filter as made to its author; to anyone else, what
 * `shownFilter` keeps. The `reason`, free words that may name anything, is shown to the
 * author and to a viewer who may see one of the batch's services (`services`: each
 * batch's item services when `items` are not shown), never to one who may see none of
 * them: the order of each item carries the same reason, and an order's reason is as
 * visible as its service. The `idempotencyKey`, the author's client's key for retries
 * (looked up per author, so of no use to anyone else), only to the author. One visibility
 * check for the services, and for a filter's owners and systems one catalog lookup (none
 * when the catalog shows the caller everything).
 */
export async function shownTo(
  ctx: FleetContext,
  credentials: BackstageCredentials,
  batches: Batch[],
  options: {
    /** The services of each batch's items by batch id, when `items` is not shown. */
    services?: ReadonlyMap<string, string[]>;
  } = {},
): Promise<Batch[]> {
  const servicesOf = (batch: Batch) =>
    options.services?.get(batch.id) ??
    batch.items?.map(i => i.service) ??
    ('refs' in batch.select ? batch.select.refs : []);
  const refs = new Set<string>();
  for (const batch of batches) {
    if ('refs' in batch.select) batch.select.refs.forEach(r => refs.add(r));
    servicesOf(batch).forEach(r => refs.add(r));
  }
  const index = fleetIndexOf(ctx);
  const visible = await index.readable(credentials, [...refs]);

  const viewer = (credentials.principal as Partial<BackstageUserPrincipal>)
    .userEntityRef;
  const othersFilters = batches.flatMap(b =>
    'filter' in b.select && b.author !== viewer ? [b.select.filter] : [],
  );
  const view =
    othersFilters.length > 0 ? await index.catalogView(credentials) : undefined;
  let seen: ReadonlySet<string> = new Set();
  if (view) {
    const named = new Set<string>();
    for (const filter of othersFilters) {
      for (const part of ['owner', 'system'] as const) {
        for (const v of valuesOf(filter[part])) {
          const ref = entityRefOf(v, ENTITY_PARTS[part]);
          if (ref) named.add(ref);
        }
      }
    }
    if (named.size > 0) seen = await view([...named]);
  }

  return batches.map(batch => {
    const { reason, idempotencyKey, ...rest } = batch;
    const byViewer = batch.author === viewer;
    const seesAService = servicesOf(batch).some(r => visible.has(r));
    let select: BatchSelectShown = batch.select;
    if ('refs' in select) {
      const shown = select.refs.filter(r => visible.has(r));
      const hiddenRefs = select.refs.length - shown.length;
      select = { refs: shown, ...(hiddenRefs > 0 && { hiddenRefs }) };
    } else if (view && batch.author !== viewer) {
      select = shownFilter(ctx, select.filter, seen);
    }
    return {
      ...rest,
      ...(reason !== undefined && (byViewer || seesAService) && { reason }),
      ...(idempotencyKey !== undefined && byViewer && { idempotencyKey }),
      select,
      ...(batch.items && {
        items: batch.items.filter(i => visible.has(i.service)),
      }),
    };
  });
}
