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

import type { CachedObject } from './kinds';

/**
 * A namespace with up to this many objects keeps them in an array, searched by
 * name; a larger one in a Map. Most namespaces hold a few objects of a kind
 * (one Deployment, its ReplicaSets, a few pods, a few dozen Events), and an
 * empty Map alone costs more than such an array: at the seed's scale, about
 * 100 bytes per object.
 */
const SMALL = 32;

type Names<T> = T[] | Map<string, T>;

/**
 * The objects of one kind in one cluster, by namespace then name, so that a
 * service's page (one namespace) reads a few objects, not the whole fleet.
 * Cluster-scoped objects (nodes) live under the namespace "". Objects keep the
 * order they came in (a replaced one keeps its place).
 */
export class ObjectIndex<T extends CachedObject = CachedObject> {
  private readonly byNamespace = new Map<string, Names<T>>();
  /** Per namespace, `changes` when it last changed (kept after it empties). */
  private readonly stamps = new Map<string, number>();
  private changes = 0;
  private count = 0;

  get size() {
    return this.count;
  }

  /**
   * A number that changes whenever an object of the namespace is stored, replaced or
   * removed, and only then (0 while it never held one): what a reader keeps derived from
   * a namespace's objects holds as long as its stamp does.
   */
  stamp(namespace: string): number {
    return this.stamps.get(namespace) ?? 0;
  }

  private changed(namespace: string) {
    this.stamps.set(namespace, ++this.changes);
  }

  get(namespace: string, name: string): T | undefined {
    const names = this.byNamespace.get(namespace);
    if (!names) return undefined;
    if (!Array.isArray(names)) return names.get(name);
    return names.find(o => o.metadata.name === name);
  }

  /** Stores the object; returns the one it replaced. */
  set(object: T): T | undefined {
    const { namespace = '', name } = object.metadata;
    this.changed(namespace);
    const names = this.byNamespace.get(namespace);
    if (!names) {
      this.byNamespace.set(namespace, [object]);
      this.count++;
      return undefined;
    }
    if (!Array.isArray(names)) {
      const old = names.get(name);
      names.set(name, object);
      if (!old) this.count++;
      return old;
    }
    const at = names.findIndex(o => o.metadata.name === name);
    if (at >= 0) {
      const old = names[at];
      names[at] = object;
      return old;
    }
    this.count++;
    if (names.length < SMALL) {
      names.push(object);
    } else {
      this.byNamespace.set(
        namespace,
        new Map([...names, object].map(o => [o.metadata.name, o])),
      );
    }
    return undefined;
  }

  /** Removes the object; returns what was stored. */
  delete(namespace: string, name: string): T | undefined {
    const names = this.byNamespace.get(namespace);
    if (!names) return undefined;
    let old: T | undefined;
    if (Array.isArray(names)) {
      const at = names.findIndex(o => o.metadata.name === name);
      if (at >= 0) [old] = names.splice(at, 1);
    } else {
      old = names.get(name);
      names.delete(name);
    }
    if (!old) return undefined;
    this.changed(namespace);
    this.count--;
    if (this.countIn(namespace) === 0) this.byNamespace.delete(namespace);
    return old;
  }

  /** How many objects one namespace holds. */
  countIn(namespace: string): number {
    const names = this.byNamespace.get(namespace);
    if (!names) return 0;
    return Array.isArray(names) ? names.length : names.size;
  }

  /** The namespaces that hold objects. */
  namespaces(): IterableIterator<string> {
    return this.byNamespace.keys();
  }

  /** Every object, or those of one namespace. */
  *values(namespace?: string): IterableIterator<T> {
    if (namespace !== undefined) {
      yield* this.byNamespace.get(namespace)?.values() ?? [];
      return;
    }
    for (const names of this.byNamespace.values()) yield* names.values();
  }
}
