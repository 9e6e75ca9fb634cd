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
import type { Dimension } from './CostStore';
import { ancestry, GroupParents, nearestShown } from './ownership';
import { UNALLOCATED } from './types';

/**
 * What a caller's cost reports may count: which of the services and groups at hand the
 * catalog shows them (`VisibleServices.catalogView`); `undefined` when it shows them
 * everything, so reports run as they always did.
 *
 * The cost rows are written with the plugin's own view of the catalog, so they hold
 * services and groups a caller's catalog policy hides. In a scoped report a row counts
 * - by name, when the catalog shows the caller its service;
 * - without its name, when it does not but shows them the service's owning group or a
 *   group above it: a team lead expects their team's total to be the team's total, so
 *   the cost stays in the group's line and in every total, and where a line would name
 *   the service (or its system) it goes to one `COST_NOT_SHOWN` line that says how many
 *   services it sums;
 * - not at all, when the caller may see neither (their cost leaves every total: what the
 *   catalog does not show a caller does not exist for them).
 * Groups are named likewise: a row's owner is the nearest group of its owner's ancestry
 * (the owner, its parent, ...) the catalog shows the caller, so a hidden group's cost stays
 * in the nearest visible group above it, or under `COST_NOT_SHOWN` when there is none (a
 * visible service whose owning groups are all hidden), and a hidden group is never named.
 * The clusters' idle capacity and the unallocated pods belong to no catalog entity and
 * always count, as `dyploma.cost.read` says; so a caller the catalog shows nothing (DENY)
 * gets reports without any service, owner or system.
 */
export type CostScope =
  | undefined
  | ((refs: string[]) => Promise<ReadonlySet<string>>);

/** The columns a scoped query groups by too, so that each row has one service and owner. */
export const SCOPE_DIMENSIONS: Dimension[] = ['service', 'owner'];

/** `by` with the scope's columns, when scoped. */
export function scopedBy(by: Dimension[], scope: CostScope): Dimension[] {
  return scope ? [...new Set([...by, ...SCOPE_DIMENSIONS])] : by;
}

type Keyed = {
  keys?: Partial<Record<Dimension, string | null>>;
  idle: boolean;
};

/** A row as a scoped report counts it; `hiddenService` is the name it no longer shows. */
export type Scoped<T> = T & { counted: boolean; hiddenService?: string };

const isEntityRef = (ref: string | null | undefined): ref is string =>
  !!ref && ref !== UNALLOCATED && ref.includes(':');

/**
 * The rows, each marked counted or not, with hidden services' names replaced by
 * `COST_NOT_SHOWN` (in `keys.service` and `keys.system`) and each owner by the nearest
 * group of its ancestry (in `parents`) the caller may see (in `keys.owner`; see
 * `CostScope`). One catalog lookup for every service, owner and owner's ancestor of the
 * rows plus `alsoAsk`; the set it answered is returned too. Without a scope every row
 * counts as it is.
 */
export async function applyScope<T extends Keyed>(
  rows: T[],
  scope: CostScope,
  options: { parents?: GroupParents; alsoAsk?: string[] } = {},
): Promise<{ rows: Array<Scoped<T>>; visible?: ReadonlySet<string> }> {
  if (!scope) return { rows: rows.map(r => ({ ...r, counted: true })) };
  const parents = options.parents ?? new Map<string, string>();
  const refs = new Set(options.alsoAsk);
  for (const r of rows) {
    if (r.idle) continue;
    if (isEntityRef(r.keys?.service)) refs.add(r.keys!.service!);
    const owner = r.keys?.owner;
    if (isEntityRef(owner)) ancestry(owner, parents).forEach(g => refs.add(g));
  }
  const visible = refs.size > 0 ? await scope([...refs]) : new Set<string>();
  const shownOwners = new Map<string, string | undefined>();
  const shownOwner = (owner: string) => {
    if (!shownOwners.has(owner)) {
      shownOwners.set(owner, nearestShown(owner, parents, visible));
    }
    return shownOwners.get(owner);
  };
  const scoped = rows.map((r): Scoped<T> => {
    const service = r.keys?.service;
    if (r.idle || service === UNALLOCATED) return { ...r, counted: true };
    if (!isEntityRef(service)) return { ...r, counted: false };
    const owner = r.keys?.owner;
    const shown = isEntityRef(owner) ? shownOwner(owner) : undefined;
    const keys =
      isEntityRef(owner) && shown !== owner
        ? { ...r.keys, owner: shown ?? COST_NOT_SHOWN }
        : r.keys;
    if (visible.has(service)) return { ...r, keys, counted: true };
    if (!shown) return { ...r, counted: false };
    const hiddenKeys = { ...keys, service: COST_NOT_SHOWN };
    if ('system' in hiddenKeys) hiddenKeys.system = COST_NOT_SHOWN;
    return { ...r, keys: hiddenKeys, counted: true, hiddenService: service };
  });
  return { rows: scoped, visible };
}
