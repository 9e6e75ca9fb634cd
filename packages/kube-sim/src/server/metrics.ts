import { IncomingMessage, ServerResponse } from 'node:http';
import { ResourceType, storageKey } from '../api/resourceType';
import { RESOURCES } from '../api/registry';
import { errors } from '../api/status';
import { parseLabelSelector } from '../store/selectors';
import { formatCpu, formatMemory } from '../util/quantity';
import type { Cluster } from '../cluster/Cluster';
import type { ResourceRequest } from './resourceHandler';
import { sendJson } from './http';

const SYSTEM_CPU = 0.1;
const SYSTEM_MEMORY = 512 * 2 ** 20;

/** metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics from the usage model. */
export function serveMetrics(cluster: Cluster, t: ResourceType, r: ResourceRequest, _req: IncomingMessage, res: ServerResponse, query: URLSearchParams) {
  if (r.verb !== 'get' && r.verb !== 'list') throw errors.methodNotAllowed();
  const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
  const now = cluster.clock.nowIso();
  const running = (p: any) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp;
  if (t.kind === 'PodMetrics') {
    const pods = cluster.store.list(storageKey(RESOURCES.pods), r.namespace).filter(p => running(p) && labels(p.metadata.labels) && (!r.name || p.metadata.name === r.name));
    const items = pods.map(p => ({
      metadata: { name: p.metadata.name, namespace: p.metadata.namespace, creationTimestamp: now, labels: p.metadata.labels },
      timestamp: now,
      window: '15s',
      containers: (p.spec.containers ?? []).map((c: any) => {
        const u = cluster.usage.containerUsage(p, c);
        return { name: c.name, usage: { cpu: formatCpu(u.cpu), memory: formatMemory(u.memory) } };
      }),
    }));
    if (r.name) {
      if (!items.length) throw errors.notFound({ plural: 'pods', group: 'metrics.k8s.io' }, r.name);
      return sendJson(res, 200, { kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', ...items[0] });
    }
    return sendJson(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
  }
  const pods = cluster.store.list(storageKey(RESOURCES.pods)).filter(running);
  const perNode = new Map<string, { cpu: number; memory: number }>();
  for (const p of pods) {
    const acc = perNode.get(p.spec.nodeName) ?? { cpu: 0, memory: 0 };
    for (const c of p.spec.containers ?? []) {
      const u = cluster.usage.containerUsage(p, c);
      acc.cpu += u.cpu;
      acc.memory += u.memory;
    }
    perNode.set(p.spec.nodeName, acc);
  }
  const nodes = cluster.store.list(storageKey(RESOURCES.nodes)).filter(n => labels(n.metadata.labels) && (!r.name || n.metadata.name === r.name));
  const items = nodes
    .filter(n => (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'))
    .map(n => {
      const u = perNode.get(n.metadata.name) ?? { cpu: 0, memory: 0 };
      return {
        metadata: { name: n.metadata.name, creationTimestamp: now, labels: n.metadata.labels },
        timestamp: now,
        window: '20s',
        usage: { cpu: formatCpu(u.cpu + SYSTEM_CPU), memory: formatMemory(u.memory + SYSTEM_MEMORY) },
      };
    });
  if (r.name) {
    if (!items.length) throw errors.notFound({ plural: 'nodes', group: 'metrics.k8s.io' }, r.name);
    return sendJson(res, 200, { kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1', ...items[0] });
  }
  return sendJson(res, 200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
}
