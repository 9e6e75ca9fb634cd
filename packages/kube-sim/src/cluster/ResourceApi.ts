import { randomUUID } from 'node:crypto';
import { applyPatch as applyJsonPatch, Operation } from 'fast-json-patch';
import { ApiError, errors } from '../api/status';
import { ResourceType, apiVersionOf, storageKey } from '../api/resourceType';
import { RESOURCES, storageTypeOf } from '../api/registry';
import { applyDefaults, randomSuffix } from '../api/defaults';
import { checkDecodable, validate } from '../api/validation';
import { ObjectStore } from '../store/ObjectStore';
import { Clock } from '../util/clock';
import { mergePatch, strategicMerge } from '../patch/strategicMerge';
import { keepTimestampsOfNoOp, serverSideApply, trackUpdate } from '../patch/managedFields';

export interface WriteOptions {
  /** The field manager (`?fieldManager=` or derived from the User-Agent). */
  manager?: string;
  /** `?dryRun=All`: validate and answer, but store nothing. */
  dryRun?: boolean;
  subresource?: string;
  force?: boolean;
  /** A controller's or the bootstrap's own create: keeps the given status. */
  internal?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** Fields a client may never set through the main resource. */
const SYSTEM_METADATA = ['uid', 'creationTimestamp', 'resourceVersion', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'];

/**
 * The write path of the API server, shared by the HTTP handlers and the
 * controllers: naming, defaulting, decoding checks, validation, generation,
 * field ownership, optimistic concurrency and deletion semantics.
 */
export class ResourceApi {
  private ipCounter = 10;

  constructor(readonly store: ObjectStore, readonly clock: Clock) {}

  private names(t: ResourceType) {
    return { plural: t.plural, group: t.group };
  }

  allocateClusterIP = () => {
    const n = this.ipCounter++;
    return `10.96.${(n >> 8) & 255}.${n & 255}`;
  };

  private ensureNamespace(t: ResourceType, ns: string | undefined) {
    if (!t.namespaced) return;
    const n = this.store.peek(storageKey(RESOURCES.namespaces), undefined, ns!);
    if (!n) throw errors.notFound(RESOURCES.namespaces, ns!);
    if (n.metadata.deletionTimestamp) {
      throw new ApiError({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403, reason: 'Forbidden',
        message: `${t.plural}${t.group ? `.${t.group}` : ''} "${'name'}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        details: { group: t.group, kind: t.plural, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }] },
      });
    }
  }

  get(t: ResourceType, ns: string | undefined, name: string): any {
    const st = storageTypeOf(t);
    const o = this.store.get(storageKey(st), t.namespaced ? ns : undefined, name);
    if (!o) throw errors.notFound(this.names(t), name);
    return o;
  }

  /** Creates an object as POST does. `body` is consumed (mutated). */
  create(t: ResourceType, ns: string | undefined, body: any, opts: WriteOptions = {}): any {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('the body of the request was in an unknown format');
    const version = t.version;
    if (body.kind && body.kind !== t.kind) {
      throw errors.badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(t)})`);
    }
    const obj = { ...body, apiVersion: apiVersionOf(t), kind: t.kind, metadata: { ...(body.metadata ?? {}) } };
    const md = obj.metadata;
    if (t.namespaced) {
      if (md.namespace && ns && md.namespace !== ns) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      md.namespace = ns ?? md.namespace ?? 'default';
    } else delete md.namespace;
    if (!md.name && md.generateName) md.name = `${md.generateName}${randomSuffix()}`;
    for (const k of SYSTEM_METADATA) delete md[k];
    checkDecodable(t.kind, version, obj);
    md.uid = randomUUID();
    md.creationTimestamp = this.clock.nowIso();
    if (t.generation) md.generation = 1;
    if (t.subresources?.includes('status') && !opts.internal) {
      delete obj.status;
    }
    applyDefaults(storageKey(t), obj, { allocateClusterIP: this.allocateClusterIP });
    validate(t, obj);
    this.ensureNamespace(t, md.namespace);
    if (opts.manager) trackUpdate(undefined, obj, opts.manager, apiVersionOf(t), md.creationTimestamp);
    if (opts.dryRun) {
      if (this.store.peek(storageKey(t), md.namespace, md.name)) throw errors.alreadyExists(this.names(t), md.name);
      return obj;
    }
    return structuredClone(this.store.create(storageKey(t), obj, this.names(t)));
  }

  /**
   * Replaces an object as PUT does. For the `status` subresource only the
   * status is taken from the body; for the main resource the status is kept.
   */
  update(t: ResourceType, ns: string | undefined, name: string, body: any, opts: WriteOptions = {}): any {
    const cur = this.get(t, ns, name);
    if (!body || typeof body !== 'object') throw errors.badRequest('the body of the request was in an unknown format');
    if (body.metadata?.name && body.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    const expectedRv = body.metadata?.resourceVersion;
    let next: any;
    if (opts.subresource === 'status') {
      next = { ...cur, status: body.status };
    } else {
      next = { ...body, apiVersion: apiVersionOf(t), kind: t.kind, metadata: { ...(body.metadata ?? {}) } };
      for (const k of SYSTEM_METADATA) {
        if (cur.metadata[k] !== undefined) next.metadata[k] = cur.metadata[k];
        else delete next.metadata[k];
      }
      next.metadata.name = name;
      if (t.namespaced) next.metadata.namespace = cur.metadata.namespace;
      if (!('managedFields' in (body.metadata ?? {}))) next.metadata.managedFields = cur.metadata.managedFields;
      if (cur.status !== undefined) next.status = cur.status;
      checkDecodable(t.kind, t.version, next);
      applyDefaults(storageKey(t), next, { allocateClusterIP: this.allocateClusterIP });
      validate(t, next, cur);
      if (t.generation && JSON.stringify(cur.spec) !== JSON.stringify(next.spec)) {
        next.metadata.generation = (cur.metadata.generation ?? 1) + 1;
      }
    }
    return this.commit(t, cur, next, expectedRv, opts);
  }

  private commit(t: ResourceType, cur: any, next: any, expectedRv: string | undefined, opts: WriteOptions): any {
    if (opts.manager) {
      trackUpdate(cur, next, opts.manager, apiVersionOf(t), this.clock.nowIso(), opts.subresource);
    }
    // A write that changes nothing but managedFields timestamps changes nothing:
    // the store then skips it (same resourceVersion, no watch event).
    keepTimestampsOfNoOp(cur, next);
    if (opts.dryRun) return next;
    // Drop the object for good once its last finalizer is removed during deletion.
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length && t.kind !== 'Pod') {
      this.store.update(storageKey(t), next, this.names(t), expectedRv);
      return this.store.remove(storageKey(t), next.metadata.namespace, next.metadata.name);
    }
    return structuredClone(this.store.update(storageKey(t), next, this.names(t), expectedRv));
  }

  /** PATCH in the four forms. `body` is the raw request text. */
  patch(t: ResourceType, ns: string | undefined, name: string, type: PatchType, patch: any, opts: WriteOptions = {}): any {
    let cur: any;
    try {
      cur = this.get(t, ns, name);
    } catch (e) {
      // Server-side apply creates what does not exist yet.
      if (type === 'apply' && e instanceof ApiError && e.code === 404 && !opts.subresource) {
        if (!opts.manager) throw errors.badRequest('fieldManager must be set for apply patches');
        const applied = { ...patch, metadata: { ...(patch.metadata ?? {}), name } };
        delete applied.status;
        const built = serverSideApply(undefined, applied, opts.manager, true, apiVersionOf(t), this.clock.nowIso());
        const created = this.create(t, ns, built, { dryRun: opts.dryRun });
        return created;
      }
      throw e;
    }
    let next: any;
    if (type === 'json') {
      if (!Array.isArray(patch)) throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      try {
        next = applyJsonPatch(structuredClone(cur), patch as Operation[], true, false).newDocument;
      } catch (e: any) {
        const msg = e?.name === 'TEST_OPERATION_FAILED' ? 'testing value failed' : e?.message?.split('\n')[0] ?? String(e);
        throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 422, reason: 'Invalid', message: `the server rejected our request due to an error in our request: ${msg}` });
      }
    } else if (type === 'merge') {
      next = mergePatch(cur, patch);
    } else if (type === 'strategic') {
      next = strategicMerge(cur, patch);
    } else {
      if (!opts.manager) throw errors.badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
      if (patch?.kind && patch.kind !== t.kind) throw errors.badRequest(`the kind in the applied configuration (${patch.kind}) does not match the resource (${t.kind})`);
      const applied = { ...patch };
      if (opts.subresource !== 'status') delete applied.status;
      next = serverSideApply(cur, applied, opts.manager, !!opts.force, apiVersionOf(t), this.clock.nowIso());
    }
    if (opts.subresource === 'status') {
      next = { ...cur, status: next.status };
    } else {
      if (cur.status !== undefined) next.status = cur.status;
    }
    next.apiVersion = apiVersionOf(t);
    next.kind = t.kind;
    const expectedRv = next.metadata?.resourceVersion !== cur.metadata.resourceVersion ? next.metadata?.resourceVersion : undefined;
    next.metadata = { ...next.metadata };
    for (const k of SYSTEM_METADATA) {
      if (cur.metadata[k] !== undefined) next.metadata[k] = cur.metadata[k];
      else delete next.metadata[k];
    }
    next.metadata.name = cur.metadata.name;
    if (t.namespaced) next.metadata.namespace = cur.metadata.namespace;
    checkDecodable(t.kind, t.version, next);
    applyDefaults(storageKey(t), next, { allocateClusterIP: this.allocateClusterIP });
    validate(t, next, cur);
    if (t.generation && JSON.stringify(cur.spec) !== JSON.stringify(next.spec)) {
      next.metadata.generation = (cur.metadata.generation ?? 1) + 1;
    }
    // managedFields of an apply were computed by serverSideApply already.
    return this.commit(t, cur, next, expectedRv, type === 'apply' ? { ...opts, manager: undefined } : opts);
  }

  /**
   * DELETE. Pods on a node terminate gracefully (the kubelet removes them);
   * finalizers hold objects in Terminating; Foreground propagation holds the
   * owner until the garbage collector has removed its dependents.
   */
  delete(t: ResourceType, ns: string | undefined, name: string, opts: DeleteOptions = {}): { object: any; gone: boolean } {
    const cur = this.get(t, ns, name);
    if (opts.preconditions?.uid && opts.preconditions.uid !== cur.metadata.uid) {
      throw errors.conflict(this.names(t), name, `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${cur.metadata.uid}`);
    }
    if (opts.preconditions?.resourceVersion && opts.preconditions.resourceVersion !== cur.metadata.resourceVersion) {
      throw errors.conflict(this.names(t), name, `Precondition failed: ResourceVersion in precondition: ${opts.preconditions.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`);
    }
    if (opts.dryRun) return { object: cur, gone: false };
    const key = storageKey(t);
    const policy = opts.propagationPolicy ?? (t.kind === 'Pod' ? 'Background' : 'Background');
    const finalizers: string[] = [...(cur.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');

    const graceful = t.kind === 'Pod' && cur.spec?.nodeName && opts.gracePeriodSeconds !== 0 && cur.status?.phase !== 'Succeeded' && cur.status?.phase !== 'Failed';
    if (t.kind === 'Namespace' || finalizers.length > 0 || graceful) {
      if (cur.metadata.deletionTimestamp) return { object: cur, gone: false };
      const next = structuredClone(cur);
      const grace = t.kind === 'Pod' ? opts.gracePeriodSeconds ?? cur.spec?.terminationGracePeriodSeconds ?? 30 : 0;
      next.metadata.deletionTimestamp = new Date(Date.now() + (grace * 1000) / this.clock.timeScale).toISOString().replace(/\.\d{3}Z$/, 'Z');
      next.metadata.deletionGracePeriodSeconds = grace;
      if (finalizers.length) next.metadata.finalizers = finalizers;
      if (t.kind === 'Namespace') next.status = { ...next.status, phase: 'Terminating' };
      if (t.generation) next.metadata.generation = (cur.metadata.generation ?? 1) + 1;
      const stored = this.store.update(key, next, this.names(t));
      return { object: structuredClone(stored), gone: false };
    }
    const gone = this.store.remove(key, cur.metadata.namespace, name);
    return { object: gone, gone: true };
  }

  /** A controller's own write (no validation, no field manager). */
  writeInternal(t: ResourceType, obj: any): any {
    return this.store.update(storageKey(t), obj, this.names(t));
  }

  /** Removes an object outright (kubelet finishing a pod's termination). */
  removeInternal(t: ResourceType, ns: string | undefined, name: string) {
    return this.store.remove(storageKey(t), ns, name);
  }
}
