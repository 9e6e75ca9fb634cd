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

import type {
  EffectiveModel,
  KubernetesObject,
} from '@dyploma/plugin-dyploma-common';
import type { ClusterInfo } from '../clusters/topology';
import type { RolloutState } from './rolloutState';

/** The seams of the order executor: where models come from, how objects reach a cluster,
 * and how a rollout is watched. Production wires the catalog, server-side apply and the
 * fleet watch cache; each can be swapped in tests or by adopters. */

/** The effective model of a service in an environment, from the catalog. */
export interface ModelSource {
  effectiveModel(
    serviceRef: string,
    environment: string,
  ): Promise<EffectiveModel>;
}

/** Result of applying one release's objects to a cluster. */
export type ApplyResult = {
  /** The Deployment's `metadata.generation` after the apply, to know when the cache caught up. */
  deploymentGeneration?: number;
};

/** An apply error says whether trying again may help (429, 5xx, timeouts, unreachable). */
export type ApplyError = Error & { retryable?: boolean };

export interface Applier {
  apply(
    cluster: ClusterInfo,
    objects: KubernetesObject[],
  ): Promise<ApplyResult>;
}

/** Reads a Deployment's rollout from the fleet cache and waits for the fleet to change. */
export interface RolloutObserver {
  rollout(options: {
    cluster: string;
    namespace: string;
    name: string;
    minGeneration?: number;
  }): RolloutState | undefined;
  /** Resolves on the next change in the cluster, or after `timeoutMs`. */
  changed(cluster: string, timeoutMs: number): Promise<void>;
  /**
   * The Deployment as the cache holds it, once the cache has listed the cluster's
   * Deployments (waiting up to `timeoutMs` for that); undefined when there is none or
   * the cache did not sync in time. Tells a resumed order whether the apply of the worker
   * that died before recording it reached the cluster.
   */
  appliedDeployment?(options: {
    cluster: string;
    namespace: string;
    name: string;
    timeoutMs: number;
  }): Promise<AppliedDeployment | undefined>;
}

/** What a resumed order needs to know of a Deployment already in the cluster. */
export type AppliedDeployment = {
  annotations: Record<string, string>;
  generation?: number;
};
