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

import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { GroupParents } from './ownership';

/** Group → parent group, from the catalog's `spec.parent`, for owner rollups. */
export function catalogGroupParents(
  catalog: CatalogService,
  auth: AuthService,
) {
  return async (): Promise<GroupParents> => {
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'Group' },
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.parent'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const parents = new Map<string, string>();
    for (const group of items) {
      const parent = (group.spec as { parent?: string } | undefined)?.parent;
      if (!parent) continue;
      const namespace = group.metadata.namespace ?? 'default';
      parents.set(
        stringifyEntityRef({
          kind: 'group',
          namespace,
          name: group.metadata.name,
        }),
        stringifyEntityRef({
          kind: 'group',
          namespace,
          name: parent
            .replace(/^group:/, '')
            .split('/')
            .pop()!,
        }),
      );
    }
    return parents;
  };
}
