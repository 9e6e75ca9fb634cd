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

/**
 * Owner rollup: a service's cost counts for its owning group and for every group above it
 * (`spec.parent` in the catalog), so a department sees its teams' services.
 */

/** Group entity ref → its parent's entity ref, e.g. from the catalog's `spec.parent`. */
export type GroupParents = ReadonlyMap<string, string>;

/** The group and its ancestors, nearest first; stops at a cycle. */
export function ancestry(groupRef: string, parents: GroupParents): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (
    let g: string | undefined = groupRef;
    g && !seen.has(g);
    g = parents.get(g)
  ) {
    seen.add(g);
    chain.push(g);
  }
  return chain;
}

/** The group and every group below it. */
export function descendants(groupRef: string, parents: GroupParents): string[] {
  const children = new Map<string, string[]>();
  for (const [child, parent] of parents) {
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [groupRef];
  while (stack.length) {
    const g = stack.pop()!;
    if (seen.has(g)) continue;
    seen.add(g);
    out.push(g);
    stack.push(...(children.get(g) ?? []));
  }
  return out;
}

/**
 * Rolls values per owning group up the hierarchy: each group's total is its own value plus
 * its descendants'. `add(into, value)` accumulates; `zero()` starts a total.
 */
export function rollUp<T>(
  own: ReadonlyMap<string, T>,
  parents: GroupParents,
  zero: () => T,
  add: (into: T, value: T) => T,
): Map<string, { own: T; total: T }> {
  const out = new Map<string, { own: T; total: T }>();
  const entry = (g: string) => {
    let e = out.get(g);
    if (!e) {
      e = { own: zero(), total: zero() };
      out.set(g, e);
    }
    return e;
  };
  for (const [group, value] of own) {
    const e = entry(group);
    e.own = add(e.own, value);
    for (const g of ancestry(group, parents)) {
      const a = entry(g);
      a.total = add(a.total, value);
    }
  }
  return out;
}

/**
 * The group itself when `shown` holds it, else its nearest ancestor `shown` holds;
 * undefined when none is.
 */
export function nearestShown(
  groupRef: string,
  parents: GroupParents,
  shown: ReadonlySet<string>,
): string | undefined {
  return ancestry(groupRef, parents).find(g => shown.has(g));
}

/**
 * The hierarchy of the groups `shown` holds, as a caller who sees only those sees it: each
 * one's parent is its nearest shown ancestor, so a hidden group drops out of the tree and
 * its shown sub-groups hang from the group above it.
 */
export function shownParents(
  parents: GroupParents,
  shown: ReadonlySet<string>,
): GroupParents {
  const out = new Map<string, string>();
  for (const child of parents.keys()) {
    if (!shown.has(child)) continue;
    const up = ancestry(child, parents)
      .slice(1)
      .find(g => shown.has(g));
    if (up) out.set(child, up);
  }
  return out;
}
