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
 * Returns that apply (the current replicas, nothing else) when the Deployment the cluster
 * has carries replicas Dyploma applied and the rendered one does not; otherwise undefined.
 */
export function replicasHandover(
  object: KubernetesObject,
  before: ClientObject | undefined,
): ClientObject | undefined {
  if (object.kind !== 'Deployment' || !before) return undefined;
  if (
    (object.spec as { replicas?: unknown } | undefined)?.replicas !== undefined
  )
    return undefined;
  const replicas = (before as { spec?: { replicas?: number } }).spec?.replicas;
  if (replicas === undefined) return undefined;
  if (!appliedReplicas(before.metadata?.managedFields as ManagedFields)) {
    return undefined;
  }
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
    },
    spec: { replicas },
  } as ClientObject;
}
