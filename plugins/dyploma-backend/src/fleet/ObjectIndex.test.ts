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
import { ObjectIndex } from './ObjectIndex';

const pod = (namespace: string, name: string, resourceVersion = '1') =>
  ({ metadata: { namespace, name, resourceVersion } } as CachedObject);

const names = (index: ObjectIndex, namespace?: string) =>
  [...index.values(namespace)].map(o => o.metadata.name);

describe('ObjectIndex', () => {
  // A namespace of a few objects is kept in an array, a large one in a Map: both
  // must answer alike, and an object must keep its place when it is replaced.
  it.each([3, 100])(
    'finds, replaces and removes objects by namespace and name (%p in a namespace)',
    n => {
      const index = new ObjectIndex();
      for (let i = 0; i < n; i++) index.set(pod('shop', `p${i}`));
      index.set(pod('other', 'x'));
      expect(index.size).toBe(n + 1);
      expect(index.countIn('shop')).toBe(n);
      expect(index.get('shop', 'p1')?.metadata.resourceVersion).toBe('1');
      expect(index.get('other', 'p1')).toBeUndefined();

      const old = index.set(pod('shop', 'p1', '2'));
      expect(old?.metadata.resourceVersion).toBe('1');
      expect(index.get('shop', 'p1')?.metadata.resourceVersion).toBe('2');
      expect(index.size).toBe(n + 1);
      expect(names(index, 'shop').slice(0, 3)).toEqual(['p0', 'p1', 'p2']);

      expect(index.delete('shop', 'p0')?.metadata.name).toBe('p0');
      expect(index.delete('shop', 'p0')).toBeUndefined();
      expect(index.get('shop', 'p0')).toBeUndefined();
      expect(names(index, 'shop')).toHaveLength(n - 1);
      expect(names(index)).toHaveLength(n);

      for (let i = 1; i < n; i++) index.delete('shop', `p${i}`);
      expect(index.countIn('shop')).toBe(0);
      expect([...index.namespaces()]).toEqual(['other']);
      expect(index.size).toBe(1);
    },
  );

  it.each([3, 100])(
    'changes a namespace’s stamp with every change there and only there (%p in a namespace)',
    n => {
      const index = new ObjectIndex();
      expect(index.stamp('shop')).toBe(0);
      for (let i = 0; i < n; i++) index.set(pod('shop', `p${i}`));
      index.set(pod('other', 'x'));
      const other = index.stamp('other');
      // Each change gives the namespace a stamp it never had; anything else leaves it.
      const seen = new Set<number>([0, index.stamp('shop')]);
      const step = (change: () => unknown, changes: boolean) => {
        const before = index.stamp('shop');
        change();
        const after = index.stamp('shop');
        expect({
          changed: after !== before,
          new: after === before || !seen.has(after),
        }).toEqual({ changed: changes, new: true });
        seen.add(after);
        expect(index.stamp('other')).toBe(other);
      };
      step(() => index.set(pod('shop', 'p1', '2')), true); // replaced
      step(() => index.set(pod('shop', 'new')), true); // added
      step(() => index.delete('shop', 'p0'), true); // removed
      step(() => index.delete('shop', 'p0'), false); // nothing there
      step(() => index.delete('elsewhere', 'p1'), false);
      step(() => index.get('shop', 'p1'), false);
      step(() => [...index.values('shop')], false);
      // Emptied: the stamp stays what it was, and a new object changes it again.
      for (const name of names(index, 'shop')) {
        step(() => index.delete('shop', name), true);
      }
      expect(index.countIn('shop')).toBe(0);
      step(() => index.set(pod('shop', 'p0')), true);
      expect(index.stamp('other')).toBe(other);
    },
  );
});
