import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import { ApiError } from '../api/status';
import { labelSelectorMatcher } from '../store/selectors';
import type { Cluster } from '../cluster/Cluster';

/**
 * The Eviction subresource: a delete that honours PodDisruptionBudgets,
 * answering 429 when it would take a budget below its minimum.
 */
export function evictPod(cluster: Cluster, ns: string, name: string, body: any) {
  const pod = cluster.api.get(RESOURCES.pods, ns, name);
  for (const pdb of cluster.store.list(storageKey(RESOURCES.pdbs), ns)) {
    if (!labelSelectorMatcher(pdb.spec?.selector)(pod.metadata.labels)) continue;
    if ((pdb.status?.disruptionsAllowed ?? 0) <= 0) {
      throw new ApiError({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 429, reason: 'TooManyRequests',
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        details: { causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${pdb.status?.desiredHealthy ?? 0} healthy pods and has ${pdb.status?.currentHealthy ?? 0} currently` }] },
      });
    }
  }
  cluster.api.delete(RESOURCES.pods, ns, name, { gracePeriodSeconds: body?.deleteOptions?.gracePeriodSeconds });
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
