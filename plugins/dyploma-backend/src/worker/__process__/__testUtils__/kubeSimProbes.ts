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

/*
 * What reaches kube-sim from the backends of the process-level tests and bench/deploy:
 * its clusters as Dyploma config, Deployment applies by name (a probe on its API layer)
 * and per cluster (its control API's request counters).
 */

import type { KubeSim } from '@dyploma/kube-sim';

/** `dyploma.clusters` for kube-sim's clusters, each its own datacenter. */
export function simClusters(sim: KubeSim) {
  return sim.clusters.map(c => ({
    name: c.name,
    datacenter: c.name,
    url: c.url,
    serviceAccountToken: c.token,
    caData: c.caData,
  }));
}

/** One server-side apply of a Deployment, as kube-sim's API layer received it. */
export type DeploymentApply = {
  cluster: string;
  namespace: string;
  name: string;
  /** Date.now() when kube-sim handled the request. */
  at: number;
};

/**
 * Records every server-side apply of a Deployment that reaches kube-sim (in this
 * process), by name. kube-sim's control API counts requests per resource only; this
 * probe wraps the API layer's patch, which every PATCH request goes through, to see
 * which Deployment each apply was for and when.
 */
export function recordDeploymentApplies(sim: KubeSim) {
  const applies: DeploymentApply[] = [];
  for (const { name: cluster } of sim.clusters) {
    const api = sim.cluster(cluster).api;
    const patch = api.patch.bind(api);
    api.patch = (t, ns, name, type, body, opts = {}) => {
      if (
        t.plural === 'deployments' &&
        type === 'apply' &&
        !opts.subresource &&
        !opts.dryRun
      ) {
        applies.push({ cluster, namespace: ns ?? '', name, at: Date.now() });
      }
      return patch(t, ns, name, type, body, opts);
    };
  }
  return {
    applies,
    /** Applies per `cluster/namespace/name`. */
    counts() {
      const counts = new Map<string, number>();
      for (const a of applies) {
        const key = `${a.cluster}/${a.namespace}/${a.name}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
    clear() {
      applies.length = 0;
    },
  };
}

/** Deployment applies per cluster from kube-sim's control API request counters. */
export async function deploymentAppliesPerCluster(
  sim: KubeSim,
): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const { name } of sim.clusters) {
    const res = await fetch(
      `${sim.controlUrl}/control/v1/clusters/${name}/requests`,
    );
    const { requests } = (await res.json()) as {
      requests: Array<{ verb: string; resource: string; count: number }>;
    };
    result[name] = requests
      .filter(
        r =>
          ['apply', 'patch'].includes(r.verb) && r.resource === 'deployments',
      )
      .reduce((sum, r) => sum + r.count, 0);
  }
  return result;
}

/** Resets kube-sim's request counters of every cluster. */
export async function resetRequestCounters(sim: KubeSim) {
  for (const { name } of sim.clusters) {
    await fetch(`${sim.controlUrl}/control/v1/clusters/${name}/requests`, {
      method: 'DELETE',
    });
  }
}
