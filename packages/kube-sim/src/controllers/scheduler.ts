import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import type { Cluster, Controller } from '../cluster/Cluster';
import { parseQuantity } from '../util/quantity';
import { setCondition } from './podStatus';
import { WorkQueue, nsKey, splitKey } from './WorkQueue';

const PODS = storageKey(RESOURCES.pods);
const NODES = storageKey(RESOURCES.nodes);

interface Usage {
  cpu: number;
  memory: number;
  pods: number;
}

function requestsOf(pod: any): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += parseQuantity(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu ?? 0);
    memory += parseQuantity(c.resources?.requests?.memory ?? c.resources?.limits?.memory ?? 0);
  }
  return { cpu, memory };
}

function tolerates(pod: any, taint: any): boolean {
  return (pod.spec?.tolerations ?? []).some((t: any) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/**
 * The default scheduler, reduced to its filters: Ready and schedulable
 * nodes, node selectors, taints and tolerations, requested CPU/memory and
 * the pod count against allocatable. The least-allocated node wins. Pods
 * that fit nowhere stay Pending with the scheduler's real message.
 */
export class Scheduler implements Controller {
  private readonly queue: WorkQueue;
  private unsubscribe = () => {};
  private stopRetry = () => {};
  private readonly usage = new Map<string, Usage>();
  private readonly placed = new Map<string, { node: string; cpu: number; memory: number }>();
  private readonly unschedulable = new Set<string>();

  constructor(private readonly cluster: Cluster) {
    this.queue = new WorkQueue(key => this.schedule(key));
  }

  start() {
    for (const p of this.cluster.store.list(PODS)) this.track(p, false);
    this.unsubscribe = this.cluster.store.subscribe(c => {
      if (c.resource === PODS) {
        this.track(c.object, c.type === 'DELETED');
        if (c.type === 'DELETED' || c.object.metadata.deletionTimestamp) this.retryUnschedulable();
        else if (!c.object.spec.nodeName) this.queue.add(nsKey(c.object));
      } else if (c.resource === NODES) this.retryUnschedulable();
    });
    for (const p of this.cluster.store.list(PODS)) if (!p.spec.nodeName) this.queue.add(nsKey(p));
    this.stopRetry = this.cluster.clock.every(10_000, () => this.retryUnschedulable());
  }

  stop() {
    this.unsubscribe();
    this.stopRetry();
    this.queue.stop();
  }

  private retryUnschedulable() {
    for (const k of this.unschedulable) this.queue.add(k);
  }

  /** Keeps per-node requested totals up to date from pod changes. */
  private track(pod: any, deleted: boolean) {
    const key = nsKey(pod);
    const prev = this.placed.get(key);
    if (prev) {
      const u = this.usage.get(prev.node)!;
      u.cpu -= prev.cpu;
      u.memory -= prev.memory;
      u.pods -= 1;
      this.placed.delete(key);
    }
    const done = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (deleted) this.unschedulable.delete(key);
    if (deleted || !pod.spec?.nodeName || done) return;
    const r = requestsOf(pod);
    const u = this.usage.get(pod.spec.nodeName) ?? { cpu: 0, memory: 0, pods: 0 };
    u.cpu += r.cpu;
    u.memory += r.memory;
    u.pods += 1;
    this.usage.set(pod.spec.nodeName, u);
    this.placed.set(key, { node: pod.spec.nodeName, ...r });
  }

  private schedule(key: string) {
    const [ns, name] = splitKey(key);
    const pod = this.cluster.store.peek(PODS, ns, name);
    if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp) {
      this.unschedulable.delete(key);
      return;
    }
    const req = requestsOf(pod);
    const reasons = new Map<string, number>();
    const fail = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
    let best: { name: string; score: number } | undefined;
    const nodes = this.cluster.store.list(NODES);
    for (const node of nodes) {
      const n = node.metadata.name;
      const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'True';
      if (node.spec?.unschedulable) {
        fail('node(s) were unschedulable');
        continue;
      }
      const taint = (node.spec?.taints ?? []).find((t: any) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod, t));
      if (taint) {
        fail(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
        continue;
      }
      if (!ready) {
        fail('node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
        continue;
      }
      const sel = pod.spec.nodeSelector ?? {};
      if (Object.entries(sel).some(([k, v]) => node.metadata.labels?.[k] !== v)) {
        fail("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      const alloc = node.status?.allocatable ?? {};
      const u = this.usage.get(n) ?? { cpu: 0, memory: 0, pods: 0 };
      const cpuCap = parseQuantity(alloc.cpu ?? '0');
      const memCap = parseQuantity(alloc.memory ?? '0');
      let fits = true;
      if (u.pods + 1 > Number(alloc.pods ?? 110)) {
        fail('Too many pods');
        fits = false;
      }
      if (u.cpu + req.cpu > cpuCap + 1e-9) {
        fail('Insufficient cpu');
        fits = false;
      }
      if (u.memory + req.memory > memCap) {
        fail('Insufficient memory');
        fits = false;
      }
      if (!fits) continue;
      const score = (cpuCap - u.cpu - req.cpu) / (cpuCap || 1) + (memCap - u.memory - req.memory) / (memCap || 1) - u.pods / 1000;
      if (!best || score > best.score) best = { name: n, score };
    }
    const now = this.cluster.clock.nowIso();
    const next = structuredClone(pod);
    if (best) {
      this.unschedulable.delete(key);
      next.spec.nodeName = best.name;
      setCondition((next.status ??= {}), { type: 'PodScheduled', status: 'True' }, now, { lastProbeTime: null as any });
      this.cluster.api.writeInternal(RESOURCES.pods, next);
      this.cluster.events.record(next, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${best.name}`, 'default-scheduler');
      return;
    }
    const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
    const total = nodes.length;
    const message = `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${total} No preemption victims found for incoming pod.`;
    const wasKnown = this.unschedulable.has(key);
    this.unschedulable.add(key);
    setCondition((next.status ??= {}), { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }, now, { lastProbeTime: null as any });
    if (JSON.stringify(next.status) !== JSON.stringify(pod.status)) this.cluster.api.writeInternal(RESOURCES.pods, next);
    if (!wasKnown || JSON.stringify(next.status) !== JSON.stringify(pod.status)) {
      this.cluster.events.record(next, 'Warning', 'FailedScheduling', message, 'default-scheduler');
    }
  }
}
