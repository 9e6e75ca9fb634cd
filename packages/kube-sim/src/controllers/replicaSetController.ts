import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import { randomSuffix } from '../api/defaults';
import type { Cluster, Controller } from '../cluster/Cluster';
import { labelSelectorMatcher } from '../store/selectors';
import { isPodActive, isPodAvailable, isPodReady } from './podStatus';
import { WorkQueue, controllerOf, nsKey, ownerRef, splitKey } from './WorkQueue';

const RS = storageKey(RESOURCES.replicasets);
const PODS = storageKey(RESOURCES.pods);

/** Pods of a ReplicaSet, by owner uid (the controller's view). */
export function podsOf(cluster: Cluster, rs: any): any[] {
  return cluster.store.list(PODS, rs.metadata.namespace).filter(p => controllerOf(p)?.uid === rs.metadata.uid);
}

/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods (created from
 * the template, owned by the ReplicaSet) and reports replicas, ready and
 * available counts.
 */
export class ReplicaSetController implements Controller {
  private readonly queue: WorkQueue;
  private unsubscribe = () => {};

  constructor(private readonly cluster: Cluster) {
    this.queue = new WorkQueue(key => this.sync(key));
  }

  start() {
    this.unsubscribe = this.cluster.store.subscribe(c => {
      if (c.resource === RS) this.queue.add(nsKey(c.object));
      else if (c.resource === PODS) {
        const owner = controllerOf(c.object);
        if (owner?.kind === 'ReplicaSet') this.queue.add(`${c.object.metadata.namespace}/${owner.name}`);
      }
    });
    for (const rs of this.cluster.store.list(RS)) this.queue.add(nsKey(rs));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private sync(key: string) {
    const [ns, name] = splitKey(key);
    const rs = this.cluster.store.peek(RS, ns, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const pods = podsOf(this.cluster, rs);
    const active = pods.filter(isPodActive);
    const want = rs.spec.replicas ?? 1;
    const diff = want - active.length;
    if (diff > 0) {
      for (let i = 0; i < diff; i++) this.createPod(rs);
    } else if (diff < 0) {
      // Delete the least useful first: unscheduled, then not ready, then newest.
      const rank = (p: any) => (p.spec.nodeName ? 2 : 0) + (isPodReady(p) ? 1 : 0);
      const victims = [...active]
        .sort((a, b) => rank(a) - rank(b) || b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp))
        .slice(0, -diff);
      for (const p of victims) {
        this.cluster.api.delete(RESOURCES.pods, ns, p.metadata.name, {});
        this.cluster.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'replicaset-controller');
      }
    }
    this.updateStatus(rs);
  }

  private createPod(rs: any) {
    const tpl = rs.spec.template ?? {};
    const pod = {
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}) },
        annotations: tpl.metadata?.annotations ? { ...tpl.metadata.annotations } : undefined,
        ownerReferences: [ownerRef(rs)],
      },
      spec: structuredClone(tpl.spec),
    };
    pod.metadata.generateName = `${rs.metadata.name}-`;
    (pod.metadata as any).name = `${rs.metadata.name}-${randomSuffix(5)}`;
    const created = this.cluster.api.create(RESOURCES.pods, rs.metadata.namespace, pod);
    this.cluster.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, 'replicaset-controller');
  }

  private updateStatus(rs: any) {
    const pods = podsOf(this.cluster, rs).filter(p => !p.metadata.deletionTimestamp);
    const minReady = rs.spec.minReadySeconds ?? 0;
    const sel = labelSelectorMatcher(rs.spec.template?.metadata ? { matchLabels: rs.spec.template.metadata.labels } : undefined);
    const since = (iso: string) => this.cluster.clock.simSince(iso);
    const status: any = {
      replicas: pods.filter(isPodActive).length,
      fullyLabeledReplicas: pods.filter(p => isPodActive(p) && sel(p.metadata.labels)).length,
      readyReplicas: pods.filter(p => isPodActive(p) && isPodReady(p)).length,
      availableReplicas: pods.filter(p => isPodActive(p) && isPodAvailable(p, minReady, since)).length,
      observedGeneration: rs.metadata.generation,
    };
    const notYetAvailable = status.readyReplicas > status.availableReplicas;
    if (notYetAvailable) this.cluster.clock.after(minReady * 1000 + 50, () => this.queue.add(nsKey(rs)));
    const prev = rs.status ?? {};
    const clean = (s: any) => JSON.stringify(Object.fromEntries(Object.entries(s).filter(([, v]) => v !== 0 && v !== undefined)));
    if (clean(prev) === clean(status)) return;
    const next = structuredClone(rs);
    // Zero counts are omitted, as the Go types' omitempty does.
    next.status = Object.fromEntries(Object.entries(status).filter(([k, v]) => k === 'replicas' || v !== 0));
    this.cluster.api.writeInternal(RESOURCES.replicasets, next);
  }
}
