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
  KubernetesObject as ClientObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import {
  FIELD_MANAGER,
  type KubernetesObject,
} from '@dyploma/plugin-dyploma-common';
import type { ClusterInfo } from '../clusters/topology';
import { kubeConfigFor } from '../fleet/KubeClients';
import { loadClientNode } from '../fleet/clientNode';
import { classifyKubeError, KubeApplyError, type ObjectRef } from './errors';
import {
  autoscalerMinFor,
  HANDOVER_MANAGER,
  replicasHandover,
} from './replicasHandover';

/** Per request, unless the caller says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The label every object Dyploma renders carries (`app.kubernetes.io/managed-by`). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const NAME_LABEL = 'app.kubernetes.io/name';
const ENVIRONMENT_LABEL = 'dyploma.io/environment';

/**
 * The kinds `renderManifests` produces: what `deleteObjects` looks for when
 * the caller does not narrow it down.
 */
export const RENDERED_KINDS: ReadonlyArray<{
  apiVersion: string;
  kind: string;
}> = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
];

/** How to reach a cluster. */
export type ApplyConnection = {
  cluster: ClusterInfo;
  /** Per-request timeout (default 30 s); a timeout is a retryable error. */
  timeoutMs?: number;
  /** Aborts every request in flight (shutdown, order cancelled). */
  signal?: AbortSignal;
  /** A ready client (tests, or a caller applying many times to one cluster). */
  client?: KubernetesObjectApi;
};

/** The outcome for one object. */
export type AppliedObject = {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Before the apply; undefined when the object did not exist. */
  resourceVersionBefore?: string;
  resourceVersionAfter: string;
  generationBefore?: number;
  generationAfter?: number;
  created: boolean;
  /** false when the API server found nothing to change (same resourceVersion). */
  changed: boolean;
};

export type ApplyResult = {
  cluster: string;
  /** The namespace was missing and Dyploma created it. */
  namespacesCreated: string[];
  /** In the order applied (the order given). */
  objects: AppliedObject[];
};

export type DeletedObject = ObjectRef;

/**
 * A client for any kind, built from the cluster's app-config entry (URL,
 * CA, token; nothing from `~/.kube`), with a timeout on every request.
 */
export async function createObjectApi(
  connection: Omit<ApplyConnection, 'client'>,
): Promise<KubernetesObjectApi> {
  const k8s = await loadClientNode();
  const kc = kubeConfigFor(k8s, connection.cluster);
  const timeoutMs = connection.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(connection.cluster.url, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async context => {
          const timeout = AbortSignal.timeout(timeoutMs);
          context.setSignal(
            connection.signal
              ? AbortSignal.any([timeout, connection.signal])
              : timeout,
          );
          return context;
        },
        post: async response => response,
      },
    ],
  });
  return new k8s.KubernetesObjectApi(configuration);
}

const refOf = (o: {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}): ObjectRef => ({
  apiVersion: o.apiVersion ?? 'v1',
  kind: o.kind ?? '',
  name: o.metadata?.name ?? '',
  ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
});

/** Same group, kind, namespace and name (the version does not matter). */
const keyOf = (o: ObjectRef) =>
  `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}/${
    o.namespace ?? ''
  }/${o.name}`;

async function readOrUndefined(
  client: KubernetesObjectApi,
  ref: ObjectRef,
): Promise<ClientObject | undefined> {
  try {
    return await client.read({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: ref.name, namespace: ref.namespace },
    });
  } catch (e) {
    if ((e as any)?.code === 404) return undefined;
    throw e;
  }
}

/**
 * Applies rendered objects to one cluster with server-side apply, field
 * manager `dyploma`, in the order given (`renderManifests` puts the
 * ConfigMap before the Deployment that mounts it). Namespaces the objects
 * need are created first when missing.
 *
 * Each object costs one GET (to report its version before) and one PATCH.
 * An object the cluster already holds as rendered is not written again: the
 * API server skips a no-op apply, so `resourceVersion` and `generation` stay
 * and `changed` is false.
 *
 * Stops at the first failure with a `KubeApplyError` naming the object,
 * carrying `classifyKubeError`'s verdict (`retryable`, the Status message)
 * and the results so far.
 */
export async function applyObjects(
  connection: ApplyConnection,
  objects: KubernetesObject[],
  options: { dryRun?: boolean } = {},
): Promise<ApplyResult> {
  const cluster = connection.cluster.name;
  const client = connection.client ?? (await createObjectApi(connection));
  const dryRun = options.dryRun ? 'All' : undefined;
  const result: ApplyResult = { cluster, namespacesCreated: [], objects: [] };

  const fail = (ref: ObjectRef, e: unknown): never => {
    throw new KubeApplyError(
      cluster,
      ref,
      classifyKubeError(e),
      result.objects,
      e,
    );
  };

  const namespaces = [
    ...new Set(objects.map(o => o.metadata.namespace).filter(Boolean)),
  ];
  for (const name of namespaces) {
    const ns = { apiVersion: 'v1', kind: 'Namespace', name };
    try {
      if (await readOrUndefined(client, ns)) continue;
    } catch (e) {
      // A namespaced deploy identity may not read namespaces: assume it
      // exists; a missing one then fails the first object with a clear 404.
      if ((e as any)?.code === 403) continue;
      fail(ns, e);
    }
    try {
      await client.patch(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, labels: { [MANAGED_BY_LABEL]: FIELD_MANAGER } },
        },
        undefined,
        dryRun,
        FIELD_MANAGER,
        true,
        'application/apply-patch+yaml',
      );
      result.namespacesCreated.push(name);
    } catch (e) {
      fail(ns, e);
    }
  }

  for (const object of objects) {
    const ref = refOf(object);
    try {
      const before = await readOrUndefined(client, ref);
      // Autoscaling was just turned on: keep the replicas while the HPA takes them.
      // Or the service comes back from 0 (enabled again): start it at the HPA's
      // minReplicas, since an HPA never scales a target that is at 0.
      const handover = replicasHandover(
        object,
        before,
        autoscalerMinFor(object, objects),
      );
      if (handover) {
        await client.patch(
          handover,
          undefined,
          dryRun,
          HANDOVER_MANAGER,
          true,
          'application/apply-patch+yaml',
        );
      }
      // force: Dyploma owns the declared state of what it renders. A field
      // someone changed by hand (kubectl edit/scale) would otherwise stop
      // every release with a 409 conflict until a human intervened; the
      // release is the source of truth and takes the field back. Fields
      // Dyploma does not render (replicas under an HPA, annotations added by
      // controllers or other tools) are not in the applied configuration and
      // stay with their owners.
      const after = await client.patch(
        object as unknown as ClientObject,
        undefined,
        dryRun,
        FIELD_MANAGER,
        true,
        'application/apply-patch+yaml',
      );
      const rvBefore = before?.metadata?.resourceVersion;
      const rvAfter = after.metadata?.resourceVersion ?? '';
      result.objects.push({
        ...ref,
        resourceVersionBefore: rvBefore,
        resourceVersionAfter: rvAfter,
        generationBefore: before?.metadata?.generation,
        generationAfter: after.metadata?.generation,
        created: !before,
        changed: !before || rvBefore !== rvAfter,
      });
    } catch (e) {
      fail(ref, e);
    }
  }
  return result;
}

/**
 * Deletes what Dyploma applied for a service and no longer renders (the HPA
 * once autoscaling is off, a CronJob removed from the model): objects of
 * `kinds` in `namespace` labelled `app.kubernetes.io/managed-by=dyploma` and
 * `app.kubernetes.io/name=<service>` (and `dyploma.io/environment`, when
 * given, so two environments sharing a namespace never delete each other's
 * objects), except those in `keep` — pass the current rendering.
 *
 * Dependents (a CronJob's Jobs, a Deployment's ReplicaSets) go with their
 * owner (Background propagation). An object already gone counts as deleted.
 */
export async function deleteObjects(
  connection: ApplyConnection,
  target: {
    namespace: string;
    service: string;
    environment?: string;
    keep: Array<KubernetesObject | ObjectRef>;
    kinds?: ReadonlyArray<{ apiVersion: string; kind: string }>;
  },
  options: { dryRun?: boolean } = {},
): Promise<DeletedObject[]> {
  const cluster = connection.cluster.name;
  const client = connection.client ?? (await createObjectApi(connection));
  const dryRun = options.dryRun ? 'All' : undefined;
  const keep = new Set(
    target.keep.map(o => keyOf('metadata' in o ? refOf(o) : o)),
  );
  const selector = [
    `${MANAGED_BY_LABEL}=${FIELD_MANAGER}`,
    `${NAME_LABEL}=${target.service}`,
    ...(target.environment
      ? [`${ENVIRONMENT_LABEL}=${target.environment}`]
      : []),
  ].join(',');
  const deleted: DeletedObject[] = [];
  for (const { apiVersion, kind } of target.kinds ?? RENDERED_KINDS) {
    const listRef = { apiVersion, kind, name: '', namespace: target.namespace };
    let items: ClientObject[] = [];
    try {
      let continueToken: string | undefined;
      do {
        const page = await client.list(
          apiVersion,
          kind,
          target.namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          selector,
          500,
          continueToken,
        );
        items = items.concat(page.items);
        continueToken = page.metadata?._continue;
      } while (continueToken);
    } catch (e) {
      throw new KubeApplyError(
        cluster,
        listRef,
        classifyKubeError(e),
        deleted,
        e,
      );
    }
    for (const item of items) {
      const ref = refOf({ ...item, apiVersion, kind });
      if (keep.has(keyOf(ref))) continue;
      try {
        await client.delete(
          {
            apiVersion,
            kind,
            metadata: { name: ref.name, namespace: ref.namespace },
          },
          undefined,
          dryRun,
          undefined,
          undefined,
          'Background',
        );
      } catch (e) {
        if ((e as any)?.code !== 404) {
          throw new KubeApplyError(
            cluster,
            ref,
            classifyKubeError(e),
            deleted,
            e,
          );
        }
      }
      deleted.push(ref);
    }
  }
  return deleted;
}
