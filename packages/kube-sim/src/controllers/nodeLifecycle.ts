import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import type { Cluster, Controller } from '../cluster/Cluster';
import { setCondition } from './podStatus';
import type { Kubelet } from './kubelet';

const NODES = storageKey(RESOURCES.nodes);
const PODS = storageKey(RESOURCES.pods);
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * The node lifecycle controller: a node whose Ready condition is not True
 * gets the unreachable NoSchedule/NoExecute taints and its pods turn
 * NotReady; each pod is evicted once its toleration for the taint runs out
 * (300 s by default, scaled), so its ReplicaSet replaces it elsewhere. When
 * the node is Ready again the taints go.
 */
export class NodeLifecycleController implements Controller {
  private unsubscribe = () => {};
  private readonly evictions = new Map<string, (() => void)[]>();

  constructor(private readonly cluster: Cluster, private readonly kubelet: Kubelet) {}

  start() {
    this.unsubscribe = this.cluster.store.subscribe(c => {
      if (c.resource !== NODES || c.type === 'DELETED') return;
      setImmediate(() => this.sync(c.object.metadata.name));
    });
  }

  stop() {
    this.unsubscribe();
    for (const list of this.evictions.values()) list.forEach(f => f());
  }

  private sync(name: string) {
    const node = this.cluster.store.peek(NODES, undefined, name);
    if (!node) return;
    const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'True';
    const taints: any[] = node.spec?.taints ?? [];
    const tainted = taints.some(t => t.key === UNREACHABLE);
    if (!ready && !tainted) {
      const now = this.cluster.clock.nowIso();
      const next = structuredClone(node);
      next.spec.taints = [
        ...taints,
        { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: now },
        { key: UNREACHABLE, effect: 'NoExecute', timeAdded: now },
      ];
      this.cluster.api.writeInternal(RESOURCES.nodes, next);
      this.cluster.events.record(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, 'node-controller');
      this.markPodsNotReady(name);
      this.scheduleEvictions(name);
    } else if (ready && tainted) {
      const next = structuredClone(node);
      next.spec.taints = taints.filter(t => t.key !== UNREACHABLE);
      if (!next.spec.taints.length) delete next.spec.taints;
      this.cluster.api.writeInternal(RESOURCES.nodes, next);
      this.cluster.events.record(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, 'node-controller');
      for (const cancel of this.evictions.get(name) ?? []) cancel();
      this.evictions.delete(name);
      this.kubelet.resumeNode(name);
    }
  }

  private podsOn(node: string) {
    return this.cluster.store.list(PODS).filter(p => p.spec.nodeName === node && !p.metadata.deletionTimestamp);
  }

  private markPodsNotReady(node: string) {
    const now = this.cluster.clock.nowIso();
    for (const p of this.podsOn(node)) {
      const next = structuredClone(p);
      setCondition((next.status ??= {}), { type: 'Ready', status: 'False' }, now, { lastProbeTime: null as any });
      this.cluster.api.writeInternal(RESOURCES.pods, next);
    }
  }

  private scheduleEvictions(node: string) {
    const cancels: (() => void)[] = [];
    for (const p of this.podsOn(node)) {
      const tol = (p.spec.tolerations ?? []).find((t: any) => (t.key === UNREACHABLE || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
      if (tol && tol.tolerationSeconds === undefined) continue; // tolerates forever
      const secs = tol?.tolerationSeconds ?? 0;
      cancels.push(
        this.cluster.clock.after(secs * 1000, () => {
          const cur = this.cluster.store.peek(PODS, p.metadata.namespace, p.metadata.name);
          if (!cur || cur.metadata.uid !== p.metadata.uid || cur.metadata.deletionTimestamp) return;
          this.cluster.events.record(cur, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${cur.metadata.namespace}/${cur.metadata.name}`, 'taint-eviction-controller');
          // The kubelet is unreachable, so nobody confirms termination: the pod is removed after its grace period.
          this.cluster.api.delete(RESOURCES.pods, cur.metadata.namespace, cur.metadata.name, {});
          const grace = (cur.spec.terminationGracePeriodSeconds ?? 30) * 1000;
          this.cluster.clock.after(Math.min(grace, 2_000), () => {
            const still = this.cluster.store.peek(PODS, cur.metadata.namespace, cur.metadata.name);
            if (still?.metadata.uid === cur.metadata.uid) this.cluster.api.removeInternal(RESOURCES.pods, cur.metadata.namespace, cur.metadata.name);
          });
        }),
      );
    }
    this.evictions.set(node, cancels);
  }
}
