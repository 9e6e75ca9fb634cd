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

import type { EffectiveModel } from '@dyploma/plugin-dyploma-common';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { EnvironmentInfo } from '../clusters/topology';
import type { Order } from '../database/OrderStore';
import type { Release } from '../database/ReleaseStore';
import { placeReplicas } from '../rollout/placement';

/**
 * What a release records: the runtime decisions (version, how many, where, enabled) and
 * the effective model they were made with, so that rolling back restores resources and
 * properties too, not only the version.
 */
export type ReleaseSpec = {
  version: string;
  /** Replicas of the whole environment. */
  replicas: number;
  /** Replicas per cluster, from the environment's placement and the model's weights. */
  placement: Record<string, number>;
  enabled: boolean;
  /** Set by a restart order; the pod template carries it, so pods are replaced. */
  restartedAt?: string;
  model: EffectiveModel;
};

/** The release an order makes, and the release it was made from (for the diff). */
export type PlannedRelease = {
  spec: ReleaseSpec;
  basedOn?: number;
  reason: string;
};

/**
 * Works out the next release of a service in an environment from an order.
 *
 * A deploy takes the service's current model from the catalog with the new version; every
 * other order varies the current release and keeps its model, so a scale never sneaks in an
 * unreviewed model change. A rollback copies an old release whole.
 */
export function planRelease(options: {
  order: Order;
  current?: Release;
  target?: Release;
  model: EffectiveModel;
  environment: EnvironmentInfo;
  now: Date;
}): PlannedRelease {
  const { order, current, target, model, environment } = options;
  const params = order.params as {
    version?: string;
    replicas?: number;
    toRevision?: number;
  };
  const previous = current?.spec as unknown as ReleaseSpec | undefined;
  const basedOn = current?.revision;
  const place = (replicas: number, weightsFrom: EffectiveModel) =>
    placeReplicas(
      replicas,
      environment.clusters.map(c => ({
        name: c.name,
        weight: weightsFrom.placement[c.name] ?? c.weight,
      })),
      environment.placement,
    );

  if (order.kind === 'deploy') {
    const replicas = params.replicas ?? previous?.replicas ?? model.replicas;
    return {
      basedOn,
      reason: `deploy ${params.version}`,
      spec: {
        version: params.version!,
        replicas,
        placement: place(replicas, model),
        enabled: true,
        restartedAt: previous?.restartedAt,
        model,
      },
    };
  }
  if (!previous) {
    throw new ConflictError(
      `${order.serviceRef} has never been deployed to ${order.environment}; deploy a version first`,
    );
  }
  switch (order.kind) {
    case 'scale':
      return {
        basedOn,
        reason: `scale ${previous.replicas} → ${params.replicas}`,
        spec: {
          ...previous,
          replicas: params.replicas!,
          placement: place(params.replicas!, previous.model),
        },
      };
    case 'disable':
      // The replicas stay in the release; enabled: false renders 0 and enable restores them.
      return {
        basedOn,
        reason: 'disable',
        spec: { ...previous, enabled: false },
      };
    case 'enable':
      return {
        basedOn,
        reason: 'enable',
        spec: { ...previous, enabled: true },
      };
    case 'restart':
      return {
        basedOn,
        reason: 'rolling restart',
        spec: { ...previous, restartedAt: options.now.toISOString() },
      };
    case 'rollback': {
      if (!target) {
        throw new NotFoundError(
          params.toRevision
            ? `${order.serviceRef} has no release ${params.toRevision} in ${order.environment}`
            : `${order.serviceRef} has no release before ${basedOn} in ${order.environment} to roll back to`,
        );
      }
      return {
        basedOn,
        reason: `rollback to release ${target.revision}`,
        spec: { ...(target.spec as unknown as ReleaseSpec) },
      };
    }
    default:
      throw new Error(`unknown order kind ${order.kind}`);
  }
}

/** Replicas one cluster runs under a release (0 when disabled). */
export function replicasIn(spec: ReleaseSpec, cluster: string): number {
  return spec.enabled ? spec.placement[cluster] ?? 0 : 0;
}
