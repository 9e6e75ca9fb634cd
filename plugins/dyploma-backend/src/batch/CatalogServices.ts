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
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { FleetService } from '@dyploma/plugin-dyploma-common';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.tags',
  'spec.owner',
  'spec.system',
  'spec.dyploma',
];

/** How long a catalog snapshot serves page views before it is read again. */
const SNAPSHOT_TTL_MS = 30_000;

function fullRef(
  value: unknown,
  defaultKind: string,
  namespace: string,
): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
    );
  } catch {
    return undefined;
  }
}

/** A catalog Component with a Dyploma model, as the fleet shows it. */
export function toFleetService(entity: Entity): FleetService {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const owner = fullRef(spec.owner, 'group', namespace);
  const system = fullRef(spec.system, 'system', namespace);
  return {
    ref: stringifyEntityRef(entity),
    namespace,
    name: entity.metadata.name,
    ...(entity.metadata.title && { title: entity.metadata.title }),
    ...(owner && { owner }),
    ...(system && { system }),
    tags: entity.metadata.tags ?? [],
  };
}

/**
 * The catalog's services with a Dyploma model (`spec.dyploma`). With the plugin's own
 * credentials the list is read once per 30 s and shared by every page view (each view then
 * keeps only what the caller may read); without them, each view reads it with the caller's
 * credentials.
 */
export class CatalogServices {
  private snapshot?: { at: number; services: Promise<FleetService[]> };

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth?: AuthService,
    private readonly now: () => number = Date.now,
  ) {}

  async list(credentials: BackstageCredentials): Promise<FleetService[]> {
    if (!this.auth) return this.read(credentials);
    const snapshot = this.snapshot;
    if (snapshot && this.now() - snapshot.at < SNAPSHOT_TTL_MS) {
      return snapshot.services;
    }
    const services = this.auth
      .getOwnServiceCredentials()
      .then(own => this.read(own));
    this.snapshot = { at: this.now(), services };
    // A failed read is not kept: the next view tries again.
    services.catch(() => {
      if (this.snapshot?.services === services) this.snapshot = undefined;
    });
    // While a new snapshot loads, views keep the old one (stale for seconds, never slow).
    return snapshot ? snapshot.services : services;
  }

  private async read(credentials: BackstageCredentials) {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'component' }, fields: FIELDS },
      { credentials },
    );
    return items
      .filter(e => {
        const spec = e.spec as Record<string, unknown> | undefined;
        return spec !== undefined && spec.dyploma !== undefined;
      })
      .map(toFleetService)
      .sort((a, b) => a.ref.localeCompare(b.ref));
  }
}
