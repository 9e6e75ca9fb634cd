import { errors } from '../api/status';
import { listKind, sameKey } from './listSchema';

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), as
 * `k8s.io/apimachinery/pkg/util/strategicpatch` applies it: maps merge
 * recursively, `null` deletes, keyed lists merge item by item, and the
 * directives kubectl emits (`$patch`, `$setElementOrder/…`,
 * `$deleteFromPrimitiveList/…`, `$retainKeys`) are honoured.
 */
export function strategicMerge(original: any, patch: any, path: string[] = []): any {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const result: any = isObject(original) ? { ...original } : {};

  if (Array.isArray(patch.$retainKeys)) {
    for (const k of Object.keys(result)) if (!patch.$retainKeys.includes(k)) delete result[k];
  }

  const orders: Record<string, any[]> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      orders[key.slice('$setElementOrder/'.length)] = value as any[];
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(result[field])) {
        result[field] = result[field].filter((v: unknown) => !(value as unknown[]).includes(v));
      }
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    if (Array.isArray(value)) {
      const merged = mergeList(result[key], value, [...path, key], key);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
      continue;
    }
    if (isObject(value)) {
      const merged = strategicMerge(result[key], value, [...path, key]);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
      continue;
    }
    result[key] = value;
  }

  for (const [field, order] of Object.entries(orders)) {
    if (Array.isArray(result[field])) result[field] = applyOrder(result[field], order, listKind(path, field));
  }
  return result;
}

function mergeList(original: any, patch: any[], path: string[], field: string): any[] | undefined {
  const kind = listKind(path.slice(0, -1), field);
  // A `{$patch: replace}` element replaces the whole list.
  if (patch.some(p => isObject(p) && p.$patch === 'replace')) {
    return patch.filter(p => !(isObject(p) && p.$patch === 'replace')).map(stripDirectives);
  }
  if (kind.type === 'set') {
    const out = Array.isArray(original) ? [...original] : [];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  if (kind.type !== 'map' || !patch.every(isObject)) return patch.map(stripDirectives);
  const out: any[] = Array.isArray(original) ? [...original] : [];
  for (const item of patch) {
    const idx = out.findIndex(o => sameKeyLoose(kind.keys, o, item));
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], item, path);
    else out.push(stripDirectives(item));
  }
  return out;
}

/**
 * Strategic merge identifies items by the first (patchMergeKey) key only;
 * the extra keys of listType=map (protocol) matter only for apply.
 */
function sameKeyLoose(keys: string[], a: any, b: any): boolean {
  return sameKey({ keys: [keys[0]] }, a, b);
}

function applyOrder(list: any[], order: any[], kind: ReturnType<typeof listKind>): any[] {
  const pos = (item: any) =>
    order.findIndex(o => (kind.type === 'map' && isObject(o) ? sameKeyLoose(kind.keys, o, item) : o === item));
  const ordered = [...list];
  ordered.sort((a, b) => {
    const pa = pos(a);
    const pb = pos(b);
    if (pa < 0 || pb < 0) return 0;
    return pa - pb;
  });
  return ordered;
}

function stripDirectives(v: any): any {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: any = {};
  for (const [k, val] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    if (val === null) continue;
    out[k] = stripDirectives(val);
  }
  return out;
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386 JSON merge patch: lists are replaced, null deletes. */
export function mergePatch(original: any, patch: any): any {
  if (!isObject(patch)) return patch;
  const result: any = isObject(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

export function parseJsonBody(body: string): any {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}
