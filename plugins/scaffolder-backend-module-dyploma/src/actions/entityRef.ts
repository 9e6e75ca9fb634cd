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

/*
 * Entity references as the form gives them (`group:default/team-a`, `team-a`), without
 * pulling in @backstage/catalog-model for three lines.
 */

export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

export function parseRef(
  ref: string,
  defaults: { kind: string; namespace?: string },
): EntityName {
  const trimmed = ref.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon > 0 ? trimmed.slice(0, colon) : defaults.kind;
  const rest = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
  const slash = rest.indexOf('/');
  const namespace =
    slash > 0 ? rest.slice(0, slash) : defaults.namespace ?? 'default';
  const name = slash > 0 ? rest.slice(slash + 1) : rest;
  return { kind: kind.toLocaleLowerCase('en-US'), namespace, name };
}

export function stringifyRef(ref: EntityName): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`;
}

/** The catalog path of an entity, each part escaped. */
export function byNamePath(ref: EntityName): string {
  return `/entities/by-name/${[ref.kind, ref.namespace, ref.name]
    .map(encodeURIComponent)
    .join('/')}`;
}
