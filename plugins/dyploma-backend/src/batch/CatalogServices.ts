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

/**
 * What the snapshot keeps of each entity: what the fleet rows show, and what the read
 * routes take from a service's entity (its ref, validation and effective model: kind,
 * name, namespace, spec.type, spec.owner, spec.system, spec.dyploma). A field read by
 * `validateServiceEntity` or `resolveEffectiveModel` must be listed here, or a status read
 * from the snapshot would differ from one with the caller's credentials.
 */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.tags',
  'spec.type',
  'spec.owner',
  'spec.system',
  'spec.dyploma',
];

/** How long a catalog snapshot serves page views before it is read again. */
const SNAPSHOT_TTL_MS = 30_000;
/**
 * How old a snapshot may grow while the catalog cannot be read before the read routes stop
 * answering from it (they then ask the catalog with the caller's credentials, as writes do).
 */
const SNAPSHOT_MAX_AGE_MS = 5 * 60_000;
/** At most this many entities learnt between two snapshots (see `remember`). */
const MAX_LEARNT = 10_000;

/** A catalog ref as a key: the catalog matches refs case-insensitively. */
const keyOf = (ref: string) => ref.toLocaleLowerCase('en-US');

type Snapshot = {
  /** When its catalog read started: anything learnt after is newer. */
  at: number;
  services: FleetService[];
  entities: Map<string, Entity>;
};

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
 *
 * The same snapshot serves the read routes of one service (`entity`), so a status read
 * costs no catalog call: a stale-while-revalidate copy, at most about 30 s old (a
 * refresh starts on the first use after that and the old copy serves until it lands).
 * An entity loaded with a caller's credentials (every write, and a read the snapshot
 * could not answer) is `remember`ed, so a service registered or changed since the last
 * snapshot is seen by the next read. What a caller may see is not decided here: the
 * routes check the catalog's read permission before they use it (see service/access.ts).
 */
export class CatalogServices {
  private current?: Snapshot;
  private loading?: Promise<Snapshot>;
  private readonly learnt = new Map<string, { at: number; entity: Entity }>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth?: AuthService,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async list(credentials: BackstageCredentials): Promise<FleetService[]> {
    if (!this.auth) return (await this.read(credentials, this.now())).services;
    const current = this.current;
    if (current && this.now() - current.at < SNAPSHOT_TTL_MS) {
      return current.services;
    }
    const loading = this.reload();
    // While a new snapshot loads, views keep the old one (stale for seconds, never slow);
    // once it is older than the catalog outage we tolerate, they wait for the catalog.
    if (current && this.now() - current.at < SNAPSHOT_MAX_AGE_MS) {
      loading.catch(() => {}); // the next view tries again
      return current.services;
    }
    return (await loading).services;
  }

  /**
   * A service's entity (the fields above) from the snapshot, or undefined when the
   * snapshot does not hold it or is not ready: the caller then asks the catalog. Never
   * waits for the catalog; a stale snapshot is refreshed in the background.
   */
  entity(ref: string): Entity | undefined {
    if (!this.auth) return undefined;
    const key = keyOf(ref);
    const now = this.now();
    const current = this.current;
    if (!current || now - current.at >= SNAPSHOT_TTL_MS) {
      this.reload().catch(() => {}); // the next read tries again
    }
    const learnt = this.learnt.get(key);
    if (learnt && (!current || learnt.at >= current.at)) {
      return now - learnt.at < SNAPSHOT_MAX_AGE_MS ? learnt.entity : undefined;
    }
    if (!current || now - current.at >= SNAPSHOT_MAX_AGE_MS) return undefined;
    return current.entities.get(key);
  }

  /**
   * An entity just loaded from the catalog (with a caller's credentials: every write and
   * every read the snapshot could not answer loads one), newer than the snapshot, so the
   * next read sees a service registered or changed since. Kept until a newer snapshot.
   */
  remember(entity: Entity): void {
    if (!this.auth) return;
    const key = keyOf(stringifyEntityRef(entity));
    this.learnt.delete(key);
    this.learnt.set(key, { at: this.now(), entity });
    for (const oldest of this.learnt.keys()) {
      if (this.learnt.size <= MAX_LEARNT) break;
      this.learnt.delete(oldest);
    }
  }

  private reload(): Promise<Snapshot> {
    if (this.loading) return this.loading;
    const at = this.now();
    const loading = this.auth!.getOwnServiceCredentials()
      .then(own => this.read(own, at))
      .then(snapshot => {
        this.current = snapshot;
        for (const [key, learnt] of this.learnt) {
          if (learnt.at < snapshot.at) this.learnt.delete(key);
        }
        return snapshot;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }

  private async read(
    credentials: BackstageCredentials,
    at: number,
  ): Promise<Snapshot> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'component' }, fields: FIELDS },
      { credentials },
    );
    const withModel = items.filter(e => {
      const spec = e.spec as Record<string, unknown> | undefined;
      return spec !== undefined && spec.dyploma !== undefined;
    });
    return {
      at,
      services: withModel
        .map(toFleetService)
        .sort((a, b) => a.ref.localeCompare(b.ref)),
      entities: new Map(
        withModel.map(e => [keyOf(stringifyEntityRef(e)), e] as const),
      ),
    };
  }
}
