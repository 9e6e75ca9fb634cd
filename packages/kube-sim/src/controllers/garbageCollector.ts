import { RESOURCE_TYPES, RESOURCES } from '../api/registry';
import { ResourceType, storageKey } from '../api/resourceType';
import type { Cluster, Controller } from '../cluster/Cluster';
import { WorkQueue } from './WorkQueue';

/** Kinds that carry ownerReferences in practice. */
const DEPENDENT_KINDS = ['replicasets', 'pods', 'jobs', 'horizontalpodautoscalers', 'configmaps', 'secrets', 'services'];

/**
 * The garbage collector: when an owner is gone its dependents are deleted
 * (Background), Foreground deletion waits for them before dropping the
 * owner, Orphan strips their ownerReferences. Deleting a Namespace deletes
 * everything in it, then the Namespace.
 */
export class GarbageCollector implements Controller {
  private readonly queue: WorkQueue;
  private unsubscribe = () => {};
  private readonly dependentTypes: ResourceType[];

  constructor(private readonly cluster: Cluster) {
    this.queue = new WorkQueue(key => this.process(key));
    this.dependentTypes = RESOURCE_TYPES.filter(t => !t.viewOf && !t.virtual && t.namespaced && DEPENDENT_KINDS.includes(t.plural));
  }

  start() {
    this.unsubscribe = this.cluster.store.subscribe(c => {
      const md = c.object.metadata;
      if (c.type === 'DELETED') this.queue.add(`gone|${md.namespace ?? ''}|${md.uid}`);
      else if (md.deletionTimestamp && (md.finalizers ?? []).some((f: string) => f === 'foregroundDeletion' || f === 'orphan')) {
        this.queue.add(`finalize|${c.resource}|${md.namespace ?? ''}|${md.name}`);
      } else if (md.deletionTimestamp && c.resource === storageKey(RESOURCES.namespaces)) {
        this.queue.add(`namespace|${md.name}`);
      }
    });
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private dependents(ns: string, uid: string): { t: ResourceType; obj: any }[] {
    const out: { t: ResourceType; obj: any }[] = [];
    for (const t of this.dependentTypes) {
      for (const o of this.cluster.store.list(storageKey(t), ns || undefined)) {
        if ((o.metadata.ownerReferences ?? []).some((r: any) => r.uid === uid)) out.push({ t, obj: o });
      }
    }
    return out;
  }

  private process(key: string) {
    const parts = key.split('|');
    if (parts[0] === 'gone') {
      const [, ns, uid] = parts;
      for (const { t, obj } of this.dependents(ns, uid)) {
        if (obj.metadata.deletionTimestamp) continue;
        const refs = obj.metadata.ownerReferences.filter((r: any) => r.uid !== uid);
        // Only delete when no other owner remains, as the real collector does.
        if (refs.length === 0) this.cluster.api.delete(t, obj.metadata.namespace, obj.metadata.name, {});
      }
      return;
    }
    if (parts[0] === 'namespace') {
      this.finishNamespace(parts[1]);
      return;
    }
    const [, resource, ns, name] = parts;
    const t = RESOURCE_TYPES.find(r => storageKey(r) === resource && !r.viewOf)!;
    const owner = this.cluster.store.peek(resource, ns || undefined, name);
    if (!owner) return;
    const finalizers: string[] = owner.metadata.finalizers ?? [];
    const deps = this.dependents(ns, owner.metadata.uid);
    if (finalizers.includes('orphan')) {
      for (const { t: dt, obj } of deps) {
        const next = structuredClone(obj);
        next.metadata.ownerReferences = next.metadata.ownerReferences.filter((r: any) => r.uid !== owner.metadata.uid);
        if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
        this.cluster.api.writeInternal(dt, next);
      }
      this.dropFinalizer(t, owner, 'orphan');
      return;
    }
    const live = deps.filter(d => !d.obj.metadata.deletionTimestamp);
    for (const { t: dt, obj } of live) this.cluster.api.delete(dt, obj.metadata.namespace, obj.metadata.name, { propagationPolicy: 'Foreground' });
    if (deps.length === 0) this.dropFinalizer(t, owner, 'foregroundDeletion');
    else this.cluster.clock.after(200, () => this.queue.add(key));
  }

  private dropFinalizer(t: ResourceType, owner: any, finalizer: string) {
    const next = structuredClone(owner);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f: string) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) {
      this.cluster.api.writeInternal(t, next);
      this.cluster.api.removeInternal(t, next.metadata.namespace, next.metadata.name);
    } else {
      this.cluster.api.writeInternal(t, next);
    }
  }

  private finishNamespace(ns: string) {
    let remaining = 0;
    for (const t of RESOURCE_TYPES) {
      if (!t.namespaced || t.viewOf || t.virtual) continue;
      for (const o of this.cluster.store.list(storageKey(t), ns)) {
        remaining++;
        if (t.kind === 'Pod') this.cluster.api.removeInternal(t, ns, o.metadata.name);
        else this.cluster.api.removeInternal(t, ns, o.metadata.name);
      }
    }
    void remaining;
    this.cluster.api.removeInternal(RESOURCES.namespaces, undefined, ns);
  }
}
