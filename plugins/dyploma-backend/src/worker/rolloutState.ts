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

import type { V1Deployment, V1Pod } from '@kubernetes/client-node';

/** Where a Deployment's rollout stands, by the rules `kubectl rollout status` uses. */
export type RolloutState =
  | {
      phase: 'progressing';
      desired: number;
      updated: number;
      ready: number;
      available: number;
      message: string;
    }
  | {
      phase: 'complete';
      desired: number;
      updated: number;
      ready: number;
      available: number;
    }
  | {
      phase: 'failed';
      desired: number;
      updated: number;
      ready: number;
      available: number;
      reason:
        | 'ProgressDeadlineExceeded'
        | 'CrashLoopBackOff'
        | 'ImagePullBackOff';
      message: string;
    };

/** Restarts of a new pod after which it counts as crash-looping rather than starting up. */
const CRASH_RESTARTS = 2;
const PULL_FAILURES = ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'];

/**
 * Evaluates a rollout from the cached Deployment and the pods of its newest template.
 *
 * Complete when the controller has seen the latest spec (observedGeneration ≥ generation)
 * and updated = replicas = available = spec.replicas. Failed when the Progressing condition
 * says ProgressDeadlineExceeded, or earlier, when a pod of the new template crash-loops or
 * cannot pull its image: waiting ten minutes for a deadline that is certain helps nobody.
 */
export function evaluateRollout(
  deployment: V1Deployment,
  newPods: V1Pod[],
): RolloutState {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const counts = {
    desired,
    updated: status.updatedReplicas ?? 0,
    ready: status.readyReplicas ?? 0,
    available: status.availableReplicas ?? 0,
  };
  const observed =
    (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);

  const progressing = status.conditions?.find(c => c.type === 'Progressing');
  if (observed && progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      phase: 'failed',
      ...counts,
      reason: 'ProgressDeadlineExceeded',
      message:
        progressing.message ?? 'the rollout exceeded its progress deadline',
    };
  }
  for (const pod of newPods) {
    for (const container of pod.status?.containerStatuses ?? []) {
      const waiting = container.state?.waiting?.reason;
      if (
        waiting === 'CrashLoopBackOff' &&
        container.restartCount >= CRASH_RESTARTS
      ) {
        return {
          phase: 'failed',
          ...counts,
          reason: 'CrashLoopBackOff',
          message: `pod ${pod.metadata?.name}: container ${container.name} keeps crashing (${container.restartCount} restarts)`,
        };
      }
      if (waiting && PULL_FAILURES.includes(waiting)) {
        return {
          phase: 'failed',
          ...counts,
          reason: 'ImagePullBackOff',
          message: `pod ${pod.metadata?.name}: cannot pull image ${
            container.image
          }${
            container.state?.waiting?.message
              ? ` (${container.state.waiting.message})`
              : ''
          }`,
        };
      }
    }
  }
  const totalReplicas = status.replicas ?? 0;
  if (
    observed &&
    counts.updated === desired &&
    totalReplicas === desired &&
    counts.available === desired
  ) {
    return { phase: 'complete', ...counts };
  }
  let message: string;
  if (!observed)
    message = 'waiting for the Deployment controller to see the new spec';
  else if (counts.updated < desired)
    message = `${counts.updated} of ${desired} pods updated`;
  else if (totalReplicas > counts.updated)
    message = `${totalReplicas - counts.updated} old ${
      totalReplicas - counts.updated === 1 ? 'pod' : 'pods'
    } terminating`;
  else message = `${counts.available} of ${desired} updated pods available`;
  return { phase: 'progressing', ...counts, message };
}
