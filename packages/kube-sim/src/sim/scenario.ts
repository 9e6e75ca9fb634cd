import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { findByKind, RESOURCES } from '../api/registry';
import type { Cluster } from '../cluster/Cluster';

/**
 * Scenario files pre-create objects. Format (YAML):
 *
 *   clusters: [dc1, dc2]        # optional; default every cluster
 *   objects:                    # any Kubernetes manifests
 *     - apiVersion: v1
 *       kind: Namespace
 *       metadata: { name: shop }
 *
 * A plain multi-document Kubernetes YAML (no `objects:` key) is accepted too
 * and applied to every cluster. Namespaces referenced but missing are created.
 */
export interface Scenario {
  clusters?: string[];
  objects: any[];
}

export async function readScenario(source: string | object): Promise<Scenario> {
  if (typeof source !== 'string') return normalise(source);
  const text = await readFile(source, 'utf8');
  const docs = parseAllDocuments(text).map(d => (Array.isArray(d) ? undefined : d.toJS({ maxAliasCount: 100 }))).filter(Boolean);
  if (docs.length === 1 && Array.isArray(docs[0].objects)) return normalise(docs[0]);
  return { objects: docs.flatMap(d => (d.kind === 'List' ? d.items : [d])) };
}

function normalise(s: any): Scenario {
  if (!Array.isArray(s?.objects)) throw new Error('scenario: expected an `objects:` list');
  return { clusters: s.clusters, objects: s.objects };
}

export async function loadScenario(clusters: Cluster[], source: string | object) {
  const scenario = await readScenario(source);
  for (const cluster of clusters) {
    if (scenario.clusters && !scenario.clusters.includes(cluster.name)) continue;
    for (const obj of scenario.objects) {
      const t = findByKind(obj.apiVersion, obj.kind);
      if (!t) throw new Error(`scenario: unsupported kind ${obj.apiVersion} ${obj.kind}`);
      const ns = t.namespaced ? obj.metadata?.namespace ?? 'default' : undefined;
      if (ns && !cluster.store.peek('/namespaces', undefined, ns)) {
        cluster.api.create(RESOURCES.namespaces, undefined, { metadata: { name: ns } });
      }
      if (t.kind === 'Namespace' && cluster.store.peek('/namespaces', undefined, obj.metadata.name)) continue;
      cluster.api.create(t, ns, structuredClone(obj), { manager: 'kube-sim-scenario' });
    }
  }
}
