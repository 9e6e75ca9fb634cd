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
  V1Deployment,
  V1Pod,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import type { FleetCache } from '../fleet/FleetCache';
import { evaluateRollout } from './rolloutState';
import type { AppliedDeployment, RolloutObserver } from './types';

const REVISION = 'deployment.kubernetes.io/revision';

/** Follows rollouts in the fleet watch cache: no Kubernetes API call per look. */
export class FleetRolloutObserver implements RolloutObserver {
  constructor(private readonly fleet: FleetCache) {}

  rollout(options: {
    cluster: string;
    namespace: string;
    name: string;
    minGeneration?: number;
  }) {
    const { cluster, namespace, name, minGeneration } = options;
    const deployment = this.fleet
      .deployments({ cluster, namespace })
      .map(i => i.object as V1Deployment)
      .find(d => d.metadata?.name === name);
    // Until the cache holds the object our apply produced, its status describes the past.
    if (
      !deployment ||
      (deployment.metadata?.generation ?? 0) < (minGeneration ?? 0)
    ) {
      return undefined;
    }
    const revision = deployment.metadata?.annotations?.[REVISION];
    const newest = this.fleet
      .replicaSets({ cluster, namespace })
      .map(i => i.object as V1ReplicaSet)
      .find(
        rs =>
          rs.metadata?.ownerReferences?.some(
            o => o.uid === deployment.metadata?.uid,
          ) && rs.metadata?.annotations?.[REVISION] === revision,
      );
    const pods = newest
      ? this.fleet
          .pods({ cluster, namespace })
          .map(i => i.object as V1Pod)
          .filter(p =>
            p.metadata?.ownerReferences?.some(
              o => o.uid === newest.metadata?.uid,
            ),
          )
      : [];
    return evaluateRollout(deployment, pods);
  }

  async appliedDeployment(options: {
    cluster: string;
    namespace: string;
    name: string;
    timeoutMs: number;
  }): Promise<AppliedDeployment | undefined> {
    const { cluster, namespace, name, timeoutMs } = options;
    const synced = () =>
      this.fleet
        .clusterHealth(cluster)
        ?.resources.some(r => r.resource === 'deployments' && r.synced);
    // A process that has just started has not listed the cluster yet; an empty cache
    // would look like "never applied" and cause a second apply.
    const deadline = Date.now() + timeoutMs;
    while (!synced() && Date.now() < deadline) {
      await this.changed(cluster, 100);
    }
    if (!synced()) return undefined;
    const deployment = this.fleet.get('deployments', cluster, namespace, name);
    return deployment
      ? {
          annotations: deployment.metadata?.annotations ?? {},
          generation: deployment.metadata?.generation,
        }
      : undefined;
  }

  changed(cluster: string, timeoutMs: number) {
    return new Promise<void>(resolve => {
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      let unsubscribe = () => {};
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      timer = setTimeout(done, timeoutMs);
      unsubscribe = this.fleet.onChange(change => {
        if (change.cluster === cluster) done();
      });
    });
  }
}
