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
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';

/*
 * The catalog guard rails of the form, worded as the template's first step
 * (dyploma:service:validate) words them, so the form and the step refuse the same things.
 */

/** `name: the catalog already has ...` when a component of that name exists. */
export async function nameTakenProblem(
  catalogApi: CatalogApi,
  name: string,
  namespace = 'default',
): Promise<string | undefined> {
  const ref = stringifyEntityRef({ kind: 'component', namespace, name });
  const existing = await catalogApi.getEntityByRef(ref);
  return existing
    ? `name: the catalog already has ${ref}: pick another name (names are unique per namespace, whatever the owner)`
    : undefined;
}

/** `owner: ...` when the owner is not a group or user the catalog knows. */
export async function ownerProblem(
  catalogApi: CatalogApi,
  owner: string,
): Promise<string | undefined> {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return `owner: expected a group such as group:default/team-payments, got ${JSON.stringify(
      owner,
    )}`;
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  const refText = stringifyEntityRef(ref);
  if (kind !== 'group' && kind !== 'user') {
    return `owner: expected a group (or a user), got ${refText}`;
  }
  const existing = await catalogApi.getEntityByRef(refText);
  return existing
    ? undefined
    : `owner: no ${kind} ${refText} in the catalog: pick an owner from the list`;
}
