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

import { Entity } from '@backstage/catalog-model';
import { namespaceFor, Topology } from '../clusters/topology';
import { Order } from '../database/OrderStore';
import { Release } from '../database/ReleaseStore';
import type { FleetCache } from '../fleet';
import type { LoadedService } from './access';
import { effectiveModelOf, validationOf } from './entityModel';
import { CONNECTING, liveDetails, liveInputs } from './liveState';
import { Recent } from './recent';
import { toApiOrder, toApiRelease } from './serialize';
import { RouteContext } from './types';

/** At most this many environment × cluster pairs' live state is kept serialized. */
const MAX_LIVE = 3000;
/** At most this many releases are kept serialized. */
const MAX_RELEASES = 1000;

/** A JSON object's text without its closing brace, to go on with more members. */
const open = (value: object) => JSON.stringify(value).slice(0, -1);
/** A JSON object's members after the first, with its closing brace: `,"b":2}`. */
const rest = (value: object) => `,${JSON.stringify(value).slice(1)}`;

/** What a status body takes from the entity alone, as JSON text. */
type EntityParts = {
  /** `{"service":{…}` and `,"problems":[…]` when the model has problems. */
  head: string;
  /** Per environment: `{"name":…,"effective":{…}` (without the release and order). */
  environments: string[];
};

/**
 * The body of `GET /services/{namespace}/{name}` as JSON text, the same text
 * `JSON.stringify` makes of the `ServiceStatus` object, from parts
 * kept as text while what they are made of stays the same:
 *
 * - what comes from the entity (the service, its problems, each environment's clusters
 *   and effective model) per entity object: the catalog snapshot hands out the same
 *   object until the entity is read again, and a newer one is a new object;
 * - a release per id, revision and environment: releases are never changed once written;
 * - each environment × cluster's Deployment, HPA and pods per the fleet cache's stamps
 *   of their namespace (Deployments, HPAs, pods, pod metrics): a stamp changes with
 *   every change the cache takes in there (`FleetCache.stamp`).
 *
 * The cluster's health and last-seen time, and the active orders, are made anew every
 * time. The database rows are the caller's to read on every request: nothing here stands
 * for a query.
 */
export class StatusBodies {
  private readonly entities = new WeakMap<Entity, EntityParts>();
  private readonly releases = new Recent<{ key: string; json: string }>(
    MAX_RELEASES,
  );
  private readonly live = new Recent<{ stamps: string; json: string }>(
    MAX_LIVE,
  );

  constructor(
    private readonly ctx: Pick<
      RouteContext,
      'modelContext' | 'topology' | 'fleet'
    >,
  ) {}

  render(
    loaded: LoadedService,
    releases: Map<string, Release>,
    activeOrders: Map<string, Order>,
  ): string {
    return this.renderParts(loaded, releases, activeOrders).join('');
  }

  /**
   * The body as the pieces of text it is the concatenation of, in order. A piece kept
   * from an earlier read is the very same string, so comparing two reads' pieces is
   * mostly comparing references (see `EncodedBodies`).
   */
  renderParts(
    loaded: LoadedService,
    releases: Map<string, Release>,
    activeOrders: Map<string, Order>,
  ): string[] {
    const { topology, fleet } = this.ctx;
    const parts = this.entityParts(loaded);
    const out: string[] = [parts.head, ',"environments":['];
    let i = 0;
    for (const env of topology.environments.values()) {
      const release = releases.get(env.name);
      const activeOrder = activeOrders.get(env.name);
      if (i > 0) out.push(',');
      out.push(parts.environments[i++]);
      if (release) out.push(',"release":', this.release(release));
      if (activeOrder) {
        out.push(',"activeOrder":', JSON.stringify(toApiOrder(activeOrder)));
      }
      out.push('}');
    }
    out.push('],"live":[');
    if (fleet) this.liveState(fleet, topology, loaded, out);
    out.push(']}');
    return out;
  }

  private entityParts(loaded: LoadedService): EntityParts {
    const cached = this.entities.get(loaded.entity);
    if (cached) return cached;
    const { modelContext, topology } = this.ctx;
    const validation = validationOf(modelContext, loaded.entity);
    const spec = (loaded.entity.spec ?? {}) as Record<string, unknown>;
    const parts: EntityParts = {
      head: open({
        service: {
          ref: loaded.ref,
          namespace: loaded.compound.namespace,
          name: loaded.compound.name,
          ...(typeof spec.owner === 'string' && { owner: spec.owner }),
          ...(typeof spec.system === 'string' && { system: spec.system }),
        },
        ...(!validation.ok && { problems: validation.problems }),
      }),
      environments: [...topology.environments.values()].map(env => {
        const effective = effectiveModelOf(
          modelContext,
          loaded.entity,
          env.name,
        );
        return open({
          name: env.name,
          namespace: namespaceFor(env, loaded.compound.name),
          clusters: env.clusters.map(c => ({
            name: c.name,
            datacenter: topology.clusters.get(c.name)?.datacenter ?? c.name,
            weight: c.weight,
          })),
          placement: env.placement,
          requireReason: env.requireReason,
          ...(effective && { effective }),
        });
      }),
    };
    this.entities.set(loaded.entity, parts);
    return parts;
  }

  private release(release: Release): string {
    const key = `${release.serviceRef} ${release.environment} ${release.revision}`;
    const cached = this.releases.get(release.id);
    if (cached?.key === key) return cached.json;
    const json = JSON.stringify(toApiRelease(release));
    this.releases.set(release.id, { key, json });
    return json;
  }

  /** Pushes each environment × cluster's live state onto `out`, comma-separated. */
  private liveState(
    fleet: FleetCache,
    topology: Topology,
    loaded: LoadedService,
    out: string[],
  ): void {
    const service = loaded.compound.name;
    let first = true;
    const health = new Map<string, ReturnType<FleetCache['clusterSeen']>>();
    for (const environment of topology.environments.values()) {
      const namespace = namespaceFor(environment, service);
      for (const { name: cluster } of environment.clusters) {
        if (!health.has(cluster)) {
          health.set(cluster, fleet.clusterSeen(cluster));
        }
        const seen = health.get(cluster);
        // The kinds' stamps for the namespace: while they hold, so do its objects.
        const stamps = `${fleet.stamp(
          'deployments',
          cluster,
          namespace,
        )} ${fleet.stamp(
          'horizontalpodautoscalers',
          cluster,
          namespace,
        )} ${fleet.stamp('pods', cluster, namespace)} ${fleet.stamp(
          'podmetrics',
          cluster,
          namespace,
        )}`;
        const key = `${loaded.ref} ${environment.name} ${cluster}`;
        let details = this.live.get(key);
        if (details?.stamps !== stamps) {
          details = {
            stamps,
            json: rest(
              liveDetails(
                liveInputs(
                  fleet,
                  cluster,
                  namespace,
                  environment.name,
                  service,
                ),
                service,
              ),
            ),
          };
          this.live.set(key, details);
        }
        if (!first) out.push(',');
        first = false;
        out.push(
          open({
            cluster,
            environment: environment.name,
            datacenter: topology.clusters.get(cluster)?.datacenter ?? cluster,
            namespace,
            health: seen?.state ?? CONNECTING,
            lastSeen: seen?.lastSeen?.toISOString(),
          }),
          details.json,
        );
      }
    }
  }
}
