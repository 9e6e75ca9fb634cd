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

import { ReleaseChange } from '@dyploma/plugin-dyploma-common';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(
  value: unknown,
  path: string,
  out: Map<string, unknown>,
): Map<string, unknown> {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, path ? `${path}.${key}` : key, out);
    }
  } else {
    // Lists are compared whole: a changed list of ports is one change.
    out.set(path, value);
  }
  return out;
}

/** The values that differ between two release specs, by path, sorted by path. */
export function diffSpecs(from: unknown, to: unknown): ReleaseChange[] {
  const a = flatten(from, '', new Map());
  const b = flatten(to, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: ReleaseChange[] = [];
  for (const path of paths) {
    const before = a.get(path);
    const after = b.get(path);
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    changes.push({
      path,
      ...(a.has(path) && { from: before }),
      ...(b.has(path) && { to: after }),
    });
  }
  return changes;
}
