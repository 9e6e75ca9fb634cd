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
  BatchAction,
  BatchChange,
  MAX_REPLICAS,
  OrderRequest,
} from '@dyploma/plugin-dyploma-common';
import type { EnvironmentInfo } from '../clusters/topology';
import { placeReplicas } from '../rollout/placement';

/** What a release records that a batch looks at (older releases may lack placement). */
export type ReleaseFacts = {
  revision: number;
  version?: string;
  replicas?: number;
  placement?: Record<string, number>;
  enabled?: boolean;
  weights?: Record<string, number>;
  autoscaling?: { min: number; max: number };
};

/** Omit over each member of a union, so a kind keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown
  ? Omit<T, K>
  : never;

/** An item's order (without environment, reason and key) and what it changes. */
export type PlannedChange =
  | {
      ok: true;
      order: DistributiveOmit<
        OrderRequest,
        'environment' | 'reason' | 'idempotencyKey'
      >;
      changes: BatchChange[];
    }
  | { ok: false; message: string };

/** Reads the facts a batch needs from a stored release spec. */
export function releaseFacts(release: {
  revision: number;
  spec: Record<string, unknown>;
}): ReleaseFacts {
  const spec = release.spec as {
    version?: string;
    replicas?: number;
    placement?: Record<string, number>;
    enabled?: boolean;
    model?: {
      placement?: Record<string, number>;
      autoscaling?: { min: number; max: number };
    };
  };
  return {
    revision: release.revision,
    version: spec.version,
    replicas: spec.replicas,
    placement: spec.placement,
    enabled: spec.enabled,
    weights: spec.model?.placement,
    autoscaling: spec.model?.autoscaling,
  };
}

/** Replicas per cluster of an environment-wide count, the way the worker places them. */
function place(
  replicas: number,
  environment: EnvironmentInfo,
  weights: Record<string, number> = {},
): Record<string, number> {
  return placeReplicas(
    replicas,
    environment.clusters.map(c => ({
      name: c.name,
      weight: weights[c.name] ?? c.weight,
    })),
    environment.placement,
  );
}

/**
 * What one cluster runs: a count, or the HPA's bounds when autoscaling is on (the HPA
 * decides the count within them, in every cluster of the environment).
 */
type ClusterReplicas = number | { min: number; max: number };

/**
 * What each cluster runs under a release: 0 when disabled; the HPA's bounds when
 * autoscaled, in every cluster whatever the placement (the Deployment carries no replicas
 * then, and each cluster has its own HPA with the model's per-cluster min and max); its
 * placement otherwise.
 */
function running(
  facts: ReleaseFacts,
  environment: EnvironmentInfo,
): Record<string, ClusterReplicas> {
  const placement =
    facts.placement ?? place(facts.replicas ?? 0, environment, facts.weights);
  const { autoscaling } = facts;
  return Object.fromEntries(
    environment.clusters.map(c => {
      if (facts.enabled === false) return [c.name, 0];
      if (autoscaling) {
        // As the HPA is rendered: a max below min counts as min.
        const { min, max } = autoscaling;
        return [c.name, { min, max: Math.max(min, max) }];
      }
      return [c.name, placement[c.name] ?? 0];
    }),
  );
}

/** `3`, or `2–6 (HPA)` for a count the HPA decides. */
function shown(replicas: ClusterReplicas): number | string {
  return typeof replicas === 'number'
    ? replicas
    : `${replicas.min}–${replicas.max} (HPA)`;
}

function replicaChanges(
  from: Record<string, ClusterReplicas>,
  to: Record<string, ClusterReplicas>,
  environment: EnvironmentInfo,
): BatchChange[] {
  return environment.clusters.flatMap(({ name }) => {
    const before = shown(from[name]);
    const after = shown(to[name]);
    return before === after
      ? []
      : [
          {
            cluster: name,
            field: 'replicas' as const,
            from: before,
            to: after,
            text: `replicas ${before} → ${after} in ${name}`,
          },
        ];
  });
}

/** A restart replaces every pod of each cluster that runs any. */
function restartChanges(
  now: Record<string, ClusterReplicas>,
  environment: EnvironmentInfo,
): BatchChange[] {
  return environment.clusters.flatMap(({ name }) => {
    const replicas = now[name];
    if (typeof replicas !== 'number') {
      return [
        {
          cluster: name,
          field: 'pods' as const,
          from: shown(replicas),
          to: shown(replicas),
          text: `pods replaced one by one in ${name} (the HPA keeps ${replicas.min} to ${replicas.max})`,
        },
      ];
    }
    return replicas > 0
      ? [
          {
            cluster: name,
            field: 'pods' as const,
            from: replicas,
            to: replicas,
            text: `${replicas} ${
              replicas === 1 ? 'pod' : 'pods'
            } replaced one by one in ${name}`,
          },
        ]
      : [];
  });
}

/** ×factor, rounded, never below 1 while the service had replicas, never above the limit. */
export function scaledReplicas(current: number, factor: number): number {
  const scaled = Math.round(current * factor);
  return Math.min(MAX_REPLICAS, current > 0 ? Math.max(1, scaled) : 0);
}

/**
 * The order a batch action gives one service and what it changes, from the service's
 * current release (and, for a rollback, the release before it). Refuses, with the reason,
 * what the order path would refuse: nothing deployed, an autoscaled scale, nothing to roll
 * back to.
 */
export function planChange(options: {
  action: BatchAction;
  environment: EnvironmentInfo;
  current?: ReleaseFacts;
  previous?: ReleaseFacts;
}): PlannedChange {
  const { action, environment, current, previous } = options;
  if (!current) {
    return {
      ok: false,
      message: `no current release: never deployed to ${environment.name}; deploy a version first`,
    };
  }
  const now = running(current, environment);
  switch (action.kind) {
    case 'scale': {
      // As the order path answers (orders.ts): replicas written beside an HPA would
      // fight it, so an autoscaled service is scaled through its model's bounds.
      if (current.autoscaling) {
        return {
          ok: false,
          message: `autoscaled in ${environment.name} (${current.autoscaling.min} to ${current.autoscaling.max} replicas per cluster): the HPA decides replicas; change spec.dyploma.environments.${environment.name}.autoscaling to scale it`,
        };
      }
      const from = current.replicas ?? 0;
      const replicas =
        'factor' in action
          ? scaledReplicas(from, action.factor)
          : action.replicas;
      const target = place(replicas, environment, current.weights);
      const after =
        current.enabled === false
          ? now
          : Object.fromEntries(
              environment.clusters.map(c => [c.name, target[c.name] ?? 0]),
            );
      const changes = replicaChanges(now, after, environment);
      if (current.enabled === false && from !== replicas) {
        changes.push({
          field: 'replicas',
          from,
          to: replicas,
          text: `replicas ${from} → ${replicas} once enabled (disabled now, stays at 0)`,
        });
      }
      return { ok: true, order: { kind: 'scale', replicas }, changes };
    }
    case 'disable':
    case 'enable': {
      const enabled = action.kind === 'enable';
      const after = running({ ...current, enabled }, environment);
      return {
        ok: true,
        order: { kind: action.kind },
        changes: replicaChanges(now, after, environment),
      };
    }
    case 'restart':
      return {
        ok: true,
        order: { kind: 'restart' },
        changes: restartChanges(now, environment),
      };
    case 'redeploy':
      if (!current.version) {
        return { ok: false, message: 'the current release has no version' };
      }
      return {
        ok: true,
        order: { kind: 'deploy', version: current.version },
        changes: [
          {
            field: 'version',
            from: current.version,
            to: current.version,
            text: `redeploy ${current.version} with the service's current model`,
          },
        ],
      };
    case 'rollback': {
      if (!previous) {
        return {
          ok: false,
          message: `nothing to roll back to: revision ${current.revision} is the only release in ${environment.name}`,
        };
      }
      const after = running(previous, environment);
      const changes = replicaChanges(now, after, environment);
      if (previous.version !== current.version) {
        changes.unshift({
          field: 'version',
          from: current.version,
          to: previous.version,
          text: `version ${current.version} → ${previous.version} (release ${current.revision} → ${previous.revision})`,
        });
      }
      return {
        ok: true,
        order: { kind: 'rollback', toRevision: previous.revision },
        changes,
      };
    }
    default:
      return { ok: false, message: 'unknown action' };
  }
}
