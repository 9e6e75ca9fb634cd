import { Clock } from '../util/clock';
import { errors } from '../api/status';
import { sameStoredObject } from '../util/deepEqual';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as kept in the watch history and sent to watchers. */
export interface Change {
  type: ChangeType;
  /** Storage key of the resource: `<group>/<plural>`, e.g. `apps/deployments`. */
  resource: string;
  object: any;
  rv: number;
  /** Wall-clock ms when recorded, for history expiry. */
  at: number;
}

export type ChangeListener = (c: Change) => void;

const objectKey = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;

export interface StoreOptions {
  clock: Clock;
  /** How long (simulated ms) watch history is kept; real API servers keep ~5 min. */
  historyMs?: number;
  /** Hard cap on history entries, to bound memory in large fleets. */
  historyMax?: number;
}

/**
 * A generic, versioned object store: what etcd plus the watch cache are to
 * an API server. One resourceVersion counter per cluster orders every change
 * across all kinds; a bounded history lets watches resume from a version and
 * answers 410 Expired once that version has been compacted away.
 *
 * Objects handed out by `peek`/`list` are the stored instances: callers must
 * treat them as read-only and `get` a copy before changing anything.
 */
export class ObjectStore {
  private rv = 1;
  private readonly data = new Map<string, Map<string, any>>();
  private history: Change[] = [];
  /** Changes with rv <= compactedRv are no longer in the history. */
  private compactedRv = 1;
  private readonly listeners = new Set<ChangeListener>();
  private readonly historyMs: number;
  private readonly historyMax: number;

  constructor(private readonly options: StoreOptions) {
    this.historyMs = options.historyMs ?? 5 * 60_000;
    this.historyMax = options.historyMax ?? 200_000;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  private bucket(resource: string): Map<string, any> {
    let b = this.data.get(resource);
    if (!b) {
      b = new Map();
      this.data.set(resource, b);
    }
    return b;
  }

  /** The stored object (shared; do not mutate). */
  peek(resource: string, ns: string | undefined, name: string): any | undefined {
    return this.data.get(resource)?.get(objectKey(ns, name));
  }

  /** A private copy of the stored object. */
  get(resource: string, ns: string | undefined, name: string): any | undefined {
    const o = this.peek(resource, ns, name);
    return o === undefined ? undefined : structuredClone(o);
  }

  /** Stored objects (shared), optionally in one namespace, in key order. */
  list(resource: string, ns?: string): any[] {
    const b = this.data.get(resource);
    if (!b) return [];
    const out: any[] = [];
    for (const o of b.values()) {
      if (ns === undefined || o.metadata.namespace === ns) out.push(o);
    }
    return out;
  }

  /** Stored objects sorted by namespace/name, for paginated lists. */
  sortedKeys(resource: string): string[] {
    return [...(this.data.get(resource)?.keys() ?? [])].sort();
  }

  peekByKey(resource: string, key: string): any | undefined {
    return this.data.get(resource)?.get(key);
  }

  count(resource: string): number {
    return this.data.get(resource)?.size ?? 0;
  }

  /** Stores a new object; fails with AlreadyExists. Returns the stored object. */
  create(resource: string, obj: any, names: { plural: string; group: string }): any {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    const b = this.bucket(resource);
    if (b.has(key)) throw errors.alreadyExists(names, obj.metadata.name);
    obj.metadata.resourceVersion = String(++this.rv);
    b.set(key, obj);
    this.record('ADDED', resource, obj);
    return obj;
  }

  /**
   * Replaces an object. If `expectedRv` is given and differs from the stored
   * version the write is refused with 409 Conflict, as optimistic
   * concurrency on a real server.
   *
   * A write that changes nothing is not written, as etcd3's
   * `GuaranteedUpdate` skips a write whose bytes equal the stored ones: the
   * stored object comes back with its resourceVersion, the version counter
   * does not move and watchers see no event. Every write path (PUT, the
   * four PATCH forms, server-side apply, subresources, controllers) ends
   * here. (An object mutated in place — `obj` is the stored instance —
   * cannot be compared and is always written.)
   */
  update(resource: string, obj: any, names: { plural: string; group: string }, expectedRv?: string): any {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    const b = this.bucket(resource);
    const cur = b.get(key);
    if (!cur) throw errors.notFound(names, obj.metadata.name);
    if (expectedRv !== undefined && expectedRv !== '' && expectedRv !== cur.metadata.resourceVersion) {
      throw errors.conflict(names, obj.metadata.name);
    }
    if (cur !== obj && sameStoredObject(cur, obj)) return cur;
    obj.metadata.resourceVersion = String(++this.rv);
    b.set(key, obj);
    this.record('MODIFIED', resource, obj);
    return obj;
  }

  /** Removes an object for good; the DELETED event carries a new version. */
  remove(resource: string, ns: string | undefined, name: string): any | undefined {
    const b = this.data.get(resource);
    const key = objectKey(ns, name);
    const cur = b?.get(key);
    if (!cur) return undefined;
    b!.delete(key);
    const gone = { ...cur, metadata: { ...cur.metadata, resourceVersion: String(++this.rv) } };
    this.record('DELETED', resource, gone);
    return gone;
  }

  private record(type: ChangeType, resource: string, object: any) {
    const change: Change = { type, resource, object, rv: this.rv, at: Date.now() };
    this.history.push(change);
    this.trimHistory();
    for (const l of this.listeners) l(change);
  }

  private trimHistory() {
    const horizon = Date.now() - this.historyMs / this.options.clock.timeScale;
    let drop = 0;
    while (
      drop < this.history.length &&
      (this.history.length - drop > this.historyMax || this.history[drop].at < horizon)
    ) {
      drop++;
    }
    if (drop > 0) {
      this.compactedRv = this.history[drop - 1].rv;
      // Splice in batches so a long history is not copied on every write.
      if (drop > 1024 || drop * 4 > this.history.length) this.history = this.history.slice(drop);
      else this.history.splice(0, drop);
    }
  }

  /** Forgets all history: every watch from an older version gets 410. */
  expireHistory() {
    this.history = [];
    this.compactedRv = this.rv;
  }

  /** Oldest version a watch may still resume from. */
  get oldestResumableRv(): number {
    this.trimHistory();
    return this.compactedRv;
  }

  /**
   * Changes after `fromRv` for one resource, or a 410 Expired error when the
   * history no longer reaches that far back.
   */
  changesSince(fromRv: number, resource: string): Change[] {
    this.trimHistory();
    if (fromRv < this.compactedRv) {
      throw errors.expired(`too old resource version: ${fromRv} (${this.compactedRv + 1})`);
    }
    const out: Change[] = [];
    // History is ordered by rv: binary search for the first newer entry.
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= fromRv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.history.length; i++) {
      if (this.history[i].resource === resource) out.push(this.history[i]);
    }
    return out;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
