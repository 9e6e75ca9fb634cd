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

import https from 'node:https';
import type { SimInfo } from './config';

export type RequestCount = {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  count: number;
};

const WRITE_VERBS = new Set([
  'create',
  'update',
  'patch',
  'apply',
  'delete',
  'deletecollection',
]);

/** Request counts of every cluster, summed, as kube-sim's control API reports them. */
export type Counts = {
  total: number;
  reads: number;
  writes: number;
  watches: number;
  /** "verb group/resource" → count, the largest first. */
  detail: Array<[string, number]>;
};

/** kube-sim's request counters, through its control API (never its internals). */
export class KubeSimCounters {
  constructor(private readonly sim: SimInfo) {}

  async reset() {
    for (const c of this.sim.clusters) {
      const res = await fetch(
        `${this.sim.controlUrl}/control/v1/clusters/${c.name}/requests`,
        { method: 'DELETE' },
      );
      if (!res.ok) throw new Error(`reset ${c.name}: ${res.status}`);
      await res.arrayBuffer();
    }
  }

  async read(): Promise<Counts> {
    const detail = new Map<string, number>();
    let reads = 0;
    let writes = 0;
    let watches = 0;
    for (const c of this.sim.clusters) {
      const res = await fetch(
        `${this.sim.controlUrl}/control/v1/clusters/${c.name}/requests`,
      );
      const body = (await res.json()) as { requests: RequestCount[] };
      for (const r of body.requests) {
        const key = `${r.verb} ${r.group ? `${r.group}/` : ''}${r.resource}${
          r.subresource ? `/${r.subresource}` : ''
        }`;
        detail.set(key, (detail.get(key) ?? 0) + r.count);
        if (r.verb === 'watch') watches += r.count;
        else if (WRITE_VERBS.has(r.verb)) writes += r.count;
        else reads += r.count;
      }
    }
    return {
      total: reads + writes + watches,
      reads,
      writes,
      watches,
      detail: [...detail.entries()].sort((a, b) => b[1] - a[1]),
    };
  }
}

/** A GET against a simulated cluster's Kubernetes API (setup checks only: it counts too). */
export function kubeGet(
  sim: SimInfo,
  cluster: string,
  path: string,
): Promise<any> {
  const c = sim.clusters.find(x => x.name === cluster)!;
  const ca = Buffer.from(sim.caData, 'base64').toString();
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, c.url),
      { ca, headers: { Authorization: `Bearer ${c.token}` } },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', d => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 500) >= 300) {
            reject(
              new Error(
                `GET ${path} on ${cluster}: ${res.statusCode} ${text.slice(
                  0,
                  200,
                )}`,
              ),
            );
          } else resolve(JSON.parse(text));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Deployments, how many are fully rolled out, and Ready pods, per cluster. */
export async function fleetFacts(sim: SimInfo) {
  const clusters: Array<{
    name: string;
    nodes: number;
    deployments: number;
    rolledOut: number;
    pods: number;
    readyPods: number;
    events: number;
  }> = [];
  for (const { name } of sim.clusters) {
    const [deployments, pods, nodes, events] = await Promise.all([
      kubeGet(sim, name, '/apis/apps/v1/deployments'),
      kubeGet(sim, name, '/api/v1/pods'),
      kubeGet(sim, name, '/api/v1/nodes'),
      kubeGet(sim, name, '/api/v1/events?limit=1'),
    ]);
    const rolledOut = deployments.items.filter(
      (d: any) =>
        (d.status?.observedGeneration ?? 0) >= d.metadata.generation &&
        (d.status?.updatedReplicas ?? 0) === d.spec.replicas &&
        (d.status?.availableReplicas ?? 0) === d.spec.replicas &&
        (d.status?.replicas ?? 0) === d.spec.replicas,
    ).length;
    const readyPods = pods.items.filter((p: any) =>
      (p.status?.conditions ?? []).some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      ),
    ).length;
    clusters.push({
      name,
      nodes: nodes.items.length,
      deployments: deployments.items.length,
      rolledOut,
      pods: pods.items.length,
      readyPods,
      events: events.items.length + (events.metadata?.remainingItemCount ?? 0),
    });
  }
  const sum = (
    k: 'nodes' | 'deployments' | 'rolledOut' | 'pods' | 'readyPods' | 'events',
  ) => clusters.reduce((n, c) => n + c[k], 0);
  return {
    clusters,
    nodes: sum('nodes'),
    deployments: sum('deployments'),
    rolledOut: sum('rolledOut'),
    pods: sum('pods'),
    readyPods: sum('readyPods'),
    events: sum('events'),
  };
}
