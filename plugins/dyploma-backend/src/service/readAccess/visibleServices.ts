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
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { dyplomaServiceReadPermission } from '@dyploma/plugin-dyploma-common';
import { withTransientRetry } from '../../worker/transientRetry';
import { DecisionCache } from './DecisionCache';

/** The fields that say whether an entity exists for the caller: nothing else is read. */
const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/**
 * Which refs the catalog shows the caller, given the refs at hand; `undefined` when it
 * shows them everything (no need to look).
 */
export type CatalogView =
  | undefined
  | ((refs: string[]) => Promise<ReadonlySet<string>>);

/**
 * What a caller may see of what the plugin read with its own credentials (the catalog
 * snapshot, cost rows, stored batches): the snapshot holds what they may not see, so every
 * view that names services keeps only these.
 *
 * Both decisions come from the per-caller decision cache, the entry the read routes of
 * one service use (`catalog.entity.read` and `dyploma.service.read`, asked together
 * without a resource): ALLOW keeps every ref, DENY none. CONDITIONAL (owners only, say):
 * for the catalog's permission the catalog is asked with the caller's credentials which of
 * the refs exist for them, for `dyploma.service.read` the policy is asked per ref, each in
 * one batched call.
 */
export class VisibleServices {
  private readonly decisions: DecisionCache;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      /** Without it (`decisionSeconds: 0`), each view asks the policy. */
      decisions?: DecisionCache;
    },
  ) {
    this.decisions =
      deps.decisions ?? new DecisionCache(deps.permissions, { ttlMs: 0 });
  }

  private decide(credentials: BackstageCredentials) {
    return this.decisions.decide(credentials, [
      catalogEntityReadPermission,
      dyplomaServiceReadPermission,
    ]);
  }

  /**
   * The services the caller may see: those the catalog would show them and that they may
   * read in Dyploma (the fleet page, batches).
   */
  async readable(
    credentials: BackstageCredentials,
    refs: string[],
  ): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    const [catalogRead, serviceRead] = await this.decide(credentials);
    if (
      catalogRead === AuthorizeResult.DENY ||
      serviceRead === AuthorizeResult.DENY
    ) {
      return new Set();
    }
    const visible =
      catalogRead === AuthorizeResult.ALLOW
        ? refs
        : await this.inCatalog(credentials, refs);
    return new Set(
      serviceRead === AuthorizeResult.ALLOW
        ? visible
        : await this.readAllowed(credentials, visible),
    );
  }

  /**
   * `readable`, and which of `entities` (the services' owners and systems, say) the
   * catalog shows the caller: `undefined` when it shows them everything. For a CONDITIONAL
   * catalog decision, one catalog lookup answers both.
   */
  async readableAndShown(
    credentials: BackstageCredentials,
    refs: string[],
    entities: string[],
  ): Promise<{ readable: Set<string>; shown?: ReadonlySet<string> }> {
    const [catalogRead, serviceRead] = await this.decide(credentials);
    const shownAll = catalogRead === AuthorizeResult.ALLOW;
    if (
      refs.length === 0 ||
      catalogRead === AuthorizeResult.DENY ||
      serviceRead === AuthorizeResult.DENY
    ) {
      return { readable: new Set(), ...(!shownAll && { shown: new Set() }) };
    }
    let shown: Set<string> | undefined;
    let visible = refs;
    if (!shownAll) {
      const services = new Set(refs);
      const others = entities.filter(e => !services.has(e));
      shown = new Set(await this.inCatalog(credentials, [...refs, ...others]));
      visible = refs.filter(r => shown!.has(r));
    }
    const readable = new Set(
      serviceRead === AuthorizeResult.ALLOW
        ? visible
        : await this.readAllowed(credentials, visible),
    );
    return { readable, ...(shown && { shown }) };
  }

  /**
   * How to tell which entities (services, groups) the catalog shows the caller, from the
   * catalog's read permission alone; `undefined` for ALLOW. Cost asks this: what may be
   * read about a visible service's cost is `dyploma.cost.read`'s to say.
   */
  async catalogView(credentials: BackstageCredentials): Promise<CatalogView> {
    const [catalogRead] = await this.decide(credentials);
    if (catalogRead === AuthorizeResult.ALLOW) return undefined;
    if (catalogRead === AuthorizeResult.DENY) return async () => new Set();
    return async refs => new Set(await this.inCatalog(credentials, refs));
  }

  /**
   * The refs the catalog shows the caller. By ref rather than a filtered list of every
   * entity: it costs what is at hand, not the whole catalog, and the catalog applies the
   * caller's conditions to each ref (a hidden one comes back empty).
   */
  private async inCatalog(
    credentials: BackstageCredentials,
    refs: string[],
  ): Promise<string[]> {
    if (refs.length === 0) return [];
    const { items } = await withTransientRetry(() =>
      this.deps.catalog.getEntitiesByRefs(
        { entityRefs: refs, fields: REF_FIELDS },
        { credentials },
      ),
    );
    return refs.filter((_, i) => items[i]);
  }

  private async readAllowed(
    credentials: BackstageCredentials,
    refs: string[],
  ): Promise<string[]> {
    if (refs.length === 0) return [];
    const decisions = await withTransientRetry(() =>
      this.deps.permissions.authorize(
        refs.map(resourceRef => ({
          permission: dyplomaServiceReadPermission,
          resourceRef,
        })),
        { credentials },
      ),
    );
    return refs.filter(
      (_, i) => decisions[i]?.result === AuthorizeResult.ALLOW,
    );
  }
}
