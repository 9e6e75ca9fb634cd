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
 * The objects of one kind in one cluster, by namespace then name, so that a
 * service's page (one namespace) reads a few objects, not the whole fleet.
 * Cluster-scoped objects (nodes) live under the namespace "".
 */
export class ObjectIndex<T extends CachedObject = CachedObject> {
  private readonly byNamespace = new Map<string, Map<string, T>>();
  private count = 0;

  get size() {
    return this.count;
  }

  get(namespace: string, name: string): T | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  /** Stores the object; returns the one it replaced. */
  set(object: T): T | undefined {
    const { namespace = '', name = '' } = object.metadata ?? {};
    let names = this.byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      this.byNamespace.set(namespace, names);
    }
    const old = names.get(name);
    names.set(name, object);
    if (!old) this.count++;
    return old;
  }

  /** Removes the object; returns what was stored. */
  delete(namespace: string, name: string): T | undefined {
    const names = this.byNamespace.get(namespace);
    const old = names?.get(name);
    if (!names || !old) return undefined;
    names.delete(name);
    this.count--;
    if (names.size === 0) this.byNamespace.delete(namespace);
    return old;
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
