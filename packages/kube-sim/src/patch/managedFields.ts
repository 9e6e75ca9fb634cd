import { errors, StatusCause } from '../api/status';
import { isObject } from './strategicMerge';
import { deepEqual, sameStoredObject } from '../util/deepEqual';
import { listKind, sameKey } from './listSchema';
import {
  describePath, fieldsOf, fromFieldsV1, keyPath, removeAt, toFieldsV1, valueAt,
} from './fieldSet';

/**
 * Field ownership (`metadata.managedFields`) and server-side apply, after
 * `sigs.k8s.io/structured-merge-diff`: every write records which manager
 * set which fields; an apply that changes a field someone else owns is a
 * 409 Conflict unless forced; fields a manager stops applying are removed
 * when nobody else owns them.
 */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, any>;
  subresource?: string;
}

interface Owner {
  entry: ManagedFieldsEntry;
  set: Set<string>;
}

function owners(obj: any): Owner[] {
  return (obj?.metadata?.managedFields ?? []).map((e: ManagedFieldsEntry) => ({
    entry: e,
    set: fromFieldsV1(e.fieldsV1),
  }));
}

function write(obj: any, list: Owner[]) {
  const entries = list
    .filter(o => o.set.size > 0)
    .map(o => ({ ...o.entry, fieldsV1: toFieldsV1(o.set) }));
  if (entries.length) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
}

/** printManager of k8s fieldmanager's conflicts.go. */
function describeManager(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}${e.time ? ` at ${e.time}` : ''}`;
  return s;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Records an Update-operation write: fields that changed between `before`
 * and `after` now belong to `manager` alone.
 */
export function trackUpdate(
  before: any | undefined,
  after: any,
  manager: string,
  apiVersion: string,
  time: string,
  subresource?: string,
) {
  const status = subresource === 'status';
  const list = owners(before ?? after);
  const afterSet = fieldsOf(after, { status });
  const changed = new Set<string>();
  for (const k of afterSet) {
    if (!before || !same(valueAt(before, keyPath(k)), valueAt(after, keyPath(k)))) changed.add(k);
  }
  for (const o of list) {
    for (const k of [...o.set]) {
      if (!afterSet.has(k) || changed.has(k)) o.set.delete(k);
    }
  }
  if (changed.size > 0) {
    let mine = list.find(
      o => o.entry.manager === manager && o.entry.operation === 'Update' && o.entry.subresource === subresource,
    );
    if (!mine) {
      mine = {
        entry: { manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {}, ...(subresource ? { subresource } : {}) },
        set: new Set(),
      };
      list.push(mine);
    }
    mine.entry = { ...mine.entry, time };
    for (const k of changed) mine.set.add(k);
  }
  write(after, list);
}

/** Structured merge of an applied configuration into the live object. */
function merge(live: any, applied: any, names: string[]): any {
  if (Array.isArray(applied)) {
    const field = names[names.length - 1];
    const kind = listKind(names.slice(0, -1), field);
    if (kind.type === 'set') {
      const out = Array.isArray(live) ? [...live] : [];
      for (const v of applied) if (!out.includes(v)) out.push(v);
      return out;
    }
    if (kind.type === 'map' && applied.every(isObject)) {
      const out = Array.isArray(live) ? [...live] : [];
      for (const item of applied) {
        const i = out.findIndex(o => sameKey(kind, o, item));
        if (i >= 0) out[i] = merge(out[i], item, names);
        else out.push(item);
      }
      return out;
    }
    return applied;
  }
  if (isObject(applied)) {
    const out: any = isObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) out[k] = merge(out[k], v, [...names, k]);
    return out;
  }
  return applied;
}

/**
 * Server-side apply of `applied` by `manager` onto `live` (undefined when
 * creating). Returns the new object with managedFields set.
 */
export function serverSideApply(
  live: any | undefined,
  applied: any,
  manager: string,
  force: boolean,
  apiVersion: string,
  time: string,
): any {
  const list = owners(live);
  const appliedSet = fieldsOf(applied);
  const previous = list.find(o => o.entry.manager === manager && o.entry.operation === 'Apply' && !o.entry.subresource);

  if (live) {
    const conflicts: { owner: Owner; key: string }[] = [];
    for (const o of list) {
      // Status is a separate field set; the scale subresource writes spec.replicas and does conflict.
      if (o === previous || o.entry.subresource === 'status') continue;
      for (const k of appliedSet) {
        if (!o.set.has(k)) continue;
        const path = keyPath(k);
        if (path[path.length - 1] === '.') continue;
        if (!same(valueAt(live, path), valueAt(applied, path))) conflicts.push({ owner: o, key: k });
      }
    }
    if (conflicts.length && !force) {
      const causes: StatusCause[] = conflicts.map(c => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${describeManager(c.owner.entry)}`,
        field: describePath(keyPath(c.key)),
      }));
      const byManager = new Map<string, string[]>();
      for (const c of causes) byManager.set(c.message, [...(byManager.get(c.message) ?? []), c.field!]);
      const parts = [...byManager.entries()].map(([who, fields]) =>
        fields.length === 1 ? `${who}: ${fields[0]}` : `${who.replace(/^conflict/, 'conflicts')}:\n- ${fields.join('\n- ')}`,
      );
      const n = causes.length;
      throw errors.applyConflict(`Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`, causes);
    }
    for (const c of conflicts) c.owner.set.delete(c.key);
  }

  const merged = merge(live ? { ...live } : {}, applied, []);
  merged.metadata = { ...(live?.metadata ?? {}), ...merged.metadata };

  // Fields this manager applied before but not now, owned by nobody else, go.
  if (previous) {
    for (const k of previous.set) {
      if (appliedSet.has(k)) continue;
      if (list.some(o => o !== previous && o.set.has(k))) continue;
      removeAt(merged, keyPath(k));
    }
  }

  const others = list.filter(o => o !== previous);
  const mine: Owner = {
    entry: { manager, operation: 'Apply', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {} },
    set: appliedSet,
  };
  write(merged, [...(previous ? list.map(o => (o === previous ? mine : o)) : [...others, mine])]);
  return merged;
}

/**
 * After k8s fieldmanager's `IgnoreManagedFieldsTimestampsTransformer`: when
 * a write leaves the object as it was and changes no manager's fields —
 * only the `time` of managedFields entries (an apply always stamps its
 * entry) — the old managedFields are kept, so the write is a no-op the store
 * can skip. Mutates `next`.
 */
export function keepTimestampsOfNoOp(cur: any, next: any) {
  const before: ManagedFieldsEntry[] | undefined = cur?.metadata?.managedFields;
  const after: ManagedFieldsEntry[] | undefined = next?.metadata?.managedFields;
  if (!before || !after || before.length !== after.length) return;
  const untimed = (l: ManagedFieldsEntry[]) => l.map(({ time: _t, ...rest }) => rest);
  if (!deepEqual(untimed(before), untimed(after))) return;
  const strip = (o: any) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } });
  if (!sameStoredObject(strip(cur), strip(next))) return;
  next.metadata.managedFields = before;
}
