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

import { InputError } from '@backstage/errors';
import type {
  ServiceEvent,
  ServiceEventList,
} from '@dyploma/plugin-dyploma-common';
import type { Request, RequestHandler } from 'express';
import { EnvironmentInfo, namespaceFor } from '../clusters/topology';
import type { FleetCache, FleetObjects, FleetQuery } from '../fleet';
import type { LoadedService } from './access';
import { intQuery, textQuery } from './query';
import {
  chooseClusters,
  datacenterOf,
  serviceSelector,
} from './serviceObjects';
import { RouteContext } from './types';

type KubeEvent = FleetObjects['events'];

const TYPES = ['Normal', 'Warning'];

/** The objects of a service in one cluster that its events may be about. */
function involvedObjects(fleet: FleetCache, q: FleetQuery) {
  const known = new Set<string>();
  const add = (kind: string, name?: string) =>
    name && known.add(`${kind}/${name}`);
  for (const { object } of fleet.deployments(q)) {
    add('Deployment', object.metadata?.name);
  }
  const replicaSets: string[] = [];
  for (const { object } of fleet.replicaSets(q)) {
    add('ReplicaSet', object.metadata?.name);
    if (object.metadata?.name) replicaSets.push(`${object.metadata.name}-`);
  }
  for (const { object } of fleet.pods(q)) add('Pod', object.metadata?.name);
  for (const { object } of fleet.horizontalPodAutoscalers(q)) {
    add('HorizontalPodAutoscaler', object.metadata?.name);
  }
  return (kind?: string, name?: string) =>
    known.has(`${kind}/${name}`) ||
    // A pod that is gone (replaced by a rollout, evicted) keeps its events for an hour:
    // it is the service's when its name is one of the service's ReplicaSets' plus a suffix.
    (kind === 'Pod' &&
      !!name &&
      replicaSets.some(prefix => name.startsWith(prefix)));
}

function toServiceEvent(
  ctx: RouteContext,
  cluster: string,
  event: KubeEvent,
): ServiceEvent {
  const series = event.series as
    | { count?: number; lastObservedTime?: string }
    | undefined;
  const created = event.metadata?.creationTimestamp;
  const first = event.firstTimestamp ?? event.eventTime ?? created;
  const last =
    series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    created;
  return {
    cluster,
    datacenter: datacenterOf(ctx, cluster),
    namespace: event.metadata?.namespace ?? '',
    type: event.type ?? 'Normal',
    ...(event.reason && { reason: event.reason }),
    ...(event.message && { message: event.message }),
    involvedObject: {
      kind: event.involvedObject?.kind ?? '',
      name: event.involvedObject?.name ?? '',
    },
    count: series?.count ?? event.count ?? 1,
    ...(first && { firstTimestamp: String(first) }),
    ...(last && { lastTimestamp: String(last) }),
    ...((event.source?.component ?? event.reportingComponent) && {
      source: event.source?.component ?? event.reportingComponent,
    }),
  };
}

/** `type` and `reason` filters, each given at most once. */
function parseFilters(req: Request) {
  const type = textQuery(req, 'type');
  if (type !== undefined && !TYPES.includes(type)) {
    throw new InputError(
      `type: expected Normal or Warning, got ${JSON.stringify(
        type.slice(0, 60),
      )}`,
    );
  }
  const reason = textQuery(req, 'reason');
  if (reason !== undefined && !/^[A-Za-z][A-Za-z0-9]{0,127}$/.test(reason)) {
    throw new InputError(
      `reason: expected an event reason such as BackOff or ScalingReplicaSet, got ${JSON.stringify(
        reason.slice(0, 60),
      )}`,
    );
  }
  return {
    type,
    reason: reason?.toLowerCase(),
    cluster: textQuery(req, 'cluster'),
    limit: intQuery(req, 'limit', { min: 1, max: 1000, default: 200 })!,
  };
}

/**
 * The events of a service's Deployment, ReplicaSets, Pods and HPA in an environment,
 * newest first, read from the fleet caches only: a page view costs the clusters nothing,
 * and a cluster that is down still shows the events it had.
 */
export function readServiceEvents(
  ctx: RouteContext,
  fleet: FleetCache,
  environment: EnvironmentInfo,
  serviceName: string,
  filters: ReturnType<typeof parseFilters>,
): ServiceEventList {
  const namespace = namespaceFor(environment, serviceName);
  const labelSelector = serviceSelector(serviceName, environment.name);
  const clusters = chooseClusters(environment, filters.cluster);
  const items: ServiceEvent[] = [];
  for (const cluster of clusters) {
    const isServices = involvedObjects(fleet, {
      cluster,
      namespace,
      labelSelector,
    });
    for (const { object } of fleet.events({ cluster, namespace })) {
      const about = object.involvedObject;
      if (!isServices(about?.kind, about?.name)) continue;
      if (filters.type && (object.type ?? 'Normal') !== filters.type) continue;
      if (filters.reason && object.reason?.toLowerCase() !== filters.reason) {
        continue;
      }
      items.push(toServiceEvent(ctx, cluster, object));
    }
  }
  items.sort(
    (a, b) =>
      Date.parse(b.lastTimestamp ?? '') - Date.parse(a.lastTimestamp ?? '') ||
      a.cluster.localeCompare(b.cluster),
  );
  return {
    items: items.slice(0, filters.limit),
    total: items.length,
    clusters: clusters.map(cluster => {
      const health = fleet.clusterHealth(cluster);
      return {
        cluster,
        datacenter: datacenterOf(ctx, cluster),
        health: health?.state ?? 'connecting',
        ...(health?.lastSeen && { lastSeen: health.lastSeen.toISOString() }),
      };
    }),
  };
}

/** GET .../environments/{env}/events (`access` checks the caller and the environment). */
export function eventsRoute(
  ctx: RouteContext,
  access: (
    req: Request,
  ) => Promise<{ loaded: LoadedService; environment: EnvironmentInfo }>,
): RequestHandler {
  return async (req, res) => {
    const { loaded, environment } = await access(req);
    const filters = parseFilters(req);
    const list: ServiceEventList = ctx.fleet
      ? readServiceEvents(
          ctx,
          ctx.fleet,
          environment,
          loaded.compound.name,
          filters,
        )
      : { items: [], total: 0, clusters: [] };
    res.json(list);
  };
}
