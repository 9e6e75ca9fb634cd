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

import type { KubernetesObject as ClientObject } from '@kubernetes/client-node';
import {
  FIELD_MANAGER,
  type KubernetesObject,
} from '@dyploma/plugin-dyploma-common';

/** The field manager that keeps a Deployment's replicas while an HPA takes them over. */
export const HANDOVER_MANAGER = 'dyploma-replicas-handover';

type ManagedFields = Array<{
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: unknown;
}>;

function appliedReplicas(managedFields: ManagedFields | undefined): boolean {
  return (managedFields ?? []).some(entry => {
    const spec = (entry.fieldsV1 as Record<string, any> | undefined)?.[
      'f:spec'
    ];
    return (
      entry.manager === FIELD_MANAGER &&
      entry.operation === 'Apply' &&
      !entry.subresource &&
      spec !== undefined &&
      'f:replicas' in spec
    );
  });
}

/**
 * When a service turns autoscaling on, its Deployment stops carrying `replicas` so the
 * HPA owns them. But server-side apply removes a field its only owner stops applying, and
 * the API server then defaults `replicas` to 1: a Deployment at 30 would drop to 1 until
 * the HPA catches up. Kubernetes' answer ("Transferring ownership" in the server-side
 * apply docs) is to have another manager apply the current value first, so the field
 * survives Dyploma letting go and the HPA's next scale takes it over.
 *
 * A Deployment at 0 (the service was disabled) is the exception: the HPA controller treats
 * a target scaled to 0 as autoscaling switched off (ScalingActive False, reason
 * ScalingDisabled, "scaling is disabled since the replica count of the target is zero";
 * pkg/controller/podautoscaler/horizontal.go) and never scales it up to minReplicas.
 * Handing over the 0 would leave an enabled service without pods, so the handover applies
 * the HPA's `minReplicas` instead and the HPA scales on from there.
 *
 * Returns that apply (the replicas, nothing else) when the rendered Deployment leaves the
 * replicas to an HPA and the Deployment the cluster has carries replicas Dyploma applied,
 * or carries 0 while the rendered HPA's `minReplicas` (`autoscalerMin`) is above 0;
 * otherwise undefined.
 */
export function replicasHandover(
  object: KubernetesObject,
  before: ClientObject | undefined,
  autoscalerMin?: number,
): ClientObject | undefined {
  if (object.kind !== 'Deployment' || !before) return undefined;
  if (
    (object.spec as { replicas?: unknown } | undefined)?.replicas !== undefined
  )
    return undefined;
  const current = (before as { spec?: { replicas?: number } }).spec?.replicas;
  if (current === undefined) return undefined;
  // Whoever set the 0 (Dyploma's disable, or an earlier handover of it): the release says
  // the service runs, and only this apply can start it again.
  const wakeUp = current === 0 && (autoscalerMin ?? 0) > 0;
  if (
    !wakeUp &&
    !appliedReplicas(before.metadata?.managedFields as ManagedFields)
  ) {
    return undefined;
  }
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
    },
    spec: { replicas: wakeUp ? autoscalerMin : current },
  } as ClientObject;
}

/**
 * The `minReplicas` of the HPA among `objects` that scales `deployment` (the API
 * server's default of 1 when unset); undefined when none does.
 */
export function autoscalerMinFor(
  deployment: KubernetesObject,
  objects: KubernetesObject[],
): number | undefined {
  const hpa = objects.find(o => {
    const ref = (
      o.spec as { scaleTargetRef?: { kind?: string; name?: string } }
    )?.scaleTargetRef;
    return (
      o.kind === 'HorizontalPodAutoscaler' &&
      o.metadata.namespace === deployment.metadata.namespace &&
      ref?.kind === 'Deployment' &&
      ref.name === deployment.metadata.name
    );
  });
  if (!hpa) return undefined;
  return (hpa.spec as { minReplicas?: number }).minReplicas ?? 1;
}
