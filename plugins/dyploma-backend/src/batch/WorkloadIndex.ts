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
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { FleetStatus, LABELS } from '@dyploma/plugin-dyploma-common';
import type { FleetCache, FleetChange } from '../fleet';
import { versionOf } from '../service/liveState';

/** What the fleet page shows of one service's Deployment in one cluster. */
export type Workload = {
  namespace: string;
  version?: string;
  desired: number;
  ready: number;
  updated: number;
  /** From the Deployment alone; the row adds what orders and cluster health say. */
  status: Exclude<FleetStatus, 'not-deployed' | 'unknown'>;
  autoscaler?: { min: number; max: number; current: number; desired: number };
};

const key = (cluster: string, service: string, environment: string) =>
  `${cluster}\u0000${service}\u0000${environment}`;

/** Health from the Deployment's spec and status, as `kubectl rollout status` judges it. */
export function deploymentStatus(d: V1Deployment): Workload['status'] {
  const desired = d.spec?.replicas ?? 1;
  const status = d.status ?? {};
  const deadline = (status.conditions ?? []).some(
    c =>
      c.type === 'Progressing' &&
      c.status === 'False' &&
      c.reason === 'ProgressDeadlineExceeded',
  );
  if (deadline) return 'failed';
  if (desired === 0) return 'disabled';
  const observed =
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  if (!observed || (status.updatedReplicas ?? 0) < desired) {
    return 'progressing';
  }
  if ((status.readyReplicas ?? 0) < desired) return 'degraded';
  return 'healthy';
}

/**
 * The Dyploma Deployments and HPAs of every cluster, indexed by cluster, service and
 * environment. Built from the watch caches (no Kubernetes call) and rebuilt on the first
 * read after a Deployment or HPA changed: a page view at seed scale (2,300 Deployments)
 * then costs a map lookup per row, not a scan of the caches per row.
 */
export class WorkloadIndex {
  private index = new Map<string, Workload>();
  private dirty = true;
  private unsubscribe?: () => void;

  constructor(private readonly fleet: FleetCache) {}

  private subscribe() {
    this.unsubscribe ??= this.fleet.onChange((change: FleetChange) => {
      if (
        'resource' in change &&
        (change.resource === 'deployments' ||
          change.resource === 'horizontalpodautoscalers')
      ) {
        this.dirty = true;
      }
    });
  }

  get(cluster: string, service: string, environment: string) {
    this.refresh();
    return this.index.get(key(cluster, service, environment));
  }

  stop() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private refresh() {
    this.subscribe();
    if (!this.dirty) return;
    // Cleared first: changes that arrive while building mark the index dirty again.
    this.dirty = false;
    const selector = { [LABELS.managedBy]: 'dyploma' };
    const next = new Map<string, Workload>();
    for (const { cluster, object } of this.fleet.deployments({
      labelSelector: selector,
    })) {
      const d = object as unknown as V1Deployment;
      const labels = d.metadata?.labels ?? {};
      if (labels[LABELS.component] === 'cron-job') continue;
      const service = labels[LABELS.name];
      const environment = labels[LABELS.environment];
      if (!service || !environment) continue;
      next.set(key(cluster, service, environment), {
        namespace: d.metadata?.namespace ?? '',
        version: versionOf(d.spec?.template.spec?.containers[0]?.image),
        desired: d.spec?.replicas ?? 0,
        ready: d.status?.readyReplicas ?? 0,
        updated: d.status?.updatedReplicas ?? 0,
        status: deploymentStatus(d),
      });
    }
    for (const { cluster, object } of this.fleet.horizontalPodAutoscalers({
      labelSelector: selector,
    })) {
      const hpa = object as unknown as V2HorizontalPodAutoscaler;
      const labels = hpa.metadata?.labels ?? {};
      const workload = next.get(
        key(
          cluster,
          labels[LABELS.name] ?? '',
          labels[LABELS.environment] ?? '',
        ),
      );
      if (!workload) continue;
      workload.autoscaler = {
        min: hpa.spec?.minReplicas ?? 1,
        max: hpa.spec?.maxReplicas ?? 1,
        current: hpa.status?.currentReplicas ?? 0,
        desired: hpa.status?.desiredReplicas ?? 0,
      };
    }
    this.index = next;
  }
}
