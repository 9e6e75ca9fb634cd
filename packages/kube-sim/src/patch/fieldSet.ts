import { isObject } from './strategicMerge';
import { ListKind, itemKey, listKind, sameKey } from './listSchema';

/**
 * Sets of field paths in the `FieldsV1` vocabulary of managedFields:
 * `f:name` for a map field, `k:{"name":"web"}` for a keyed list item,
 * `v:"x"` for a set member and `.` for the item itself. A path is an array
 * of those tokens; a set is kept as strings (tokens joined by NUL) so set
 * operations are plain Set operations.
 */
export type FieldPath = string[];
const SEP = '\u0000';
export const pathKey = (p: FieldPath) => p.join(SEP);
export const keyPath = (k: string): FieldPath => k.split(SEP);

/** Metadata that no manager owns. */
const UNOWNED_METADATA = new Set([
  'name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds',
]);

/** Every leaf field set in `obj` (excluding identity metadata; status only if asked). */
export function fieldsOf(obj: any, opts: { status?: boolean } = {}): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(obj ?? {})) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && !opts.status) continue;
    if (k !== 'status' && opts.status) continue;
    if (k === 'metadata' && isObject(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (UNOWNED_METADATA.has(mk)) continue;
        walk(mv, ['f:metadata', `f:${mk}`], ['metadata', mk], out);
      }
      continue;
    }
    walk(v, [`f:${k}`], [k], out);
  }
  return out;
}

function walk(v: any, tokens: FieldPath, names: string[], out: Set<string>) {
  if (Array.isArray(v)) {
    const kind = listKind(names.slice(0, -1), names[names.length - 1]);
    if (kind.type === 'atomic' || v.length === 0) {
      out.add(pathKey(tokens));
      return;
    }
    for (const item of v) {
      if (kind.type === 'set') {
        out.add(pathKey([...tokens, `v:${JSON.stringify(item)}`]));
      } else if (isObject(item)) {
        const t = [...tokens, `k:${JSON.stringify(itemKey(kind, item))}`];
        out.add(pathKey([...t, '.']));
        for (const [k, iv] of Object.entries(item)) walk(iv, [...t, `f:${k}`], [...names, k], out);
      } else {
        out.add(pathKey(tokens));
      }
    }
    return;
  }
  if (isObject(v) && Object.keys(v).length > 0) {
    for (const [k, cv] of Object.entries(v)) walk(cv, [...tokens, `f:${k}`], [...names, k], out);
    return;
  }
  out.add(pathKey(tokens));
}

/** Value found at a field path (undefined if absent). */
export function valueAt(obj: any, path: FieldPath): unknown {
  let cur = obj;
  let names: string[] = [];
  for (const tok of path) {
    if (cur === undefined) return undefined;
    if (tok === '.') return cur;
    if (tok.startsWith('f:')) {
      const name = tok.slice(2);
      cur = cur?.[name];
      names = [...names, name];
    } else if (tok.startsWith('k:')) {
      const want = JSON.parse(tok.slice(2));
      const kind = listKind(names.slice(0, -1), names[names.length - 1]) as Extract<ListKind, { type: 'map' }>;
      cur = Array.isArray(cur) ? cur.find(i => sameKey({ keys: Object.keys(want) }, i, want)) : undefined;
      void kind;
    } else if (tok.startsWith('v:')) {
      const want = JSON.parse(tok.slice(2));
      return Array.isArray(cur) && cur.includes(want) ? want : undefined;
    }
  }
  return cur;
}

/** Removes the field at `path` from obj (mutating), pruning emptied maps. */
export function removeAt(obj: any, path: FieldPath) {
  const parents: { holder: any; tok: string }[] = [];
  let cur = obj;
  for (let i = 0; i < path.length; i++) {
    const tok = path[i];
    const last = i === path.length - 1 || (i === path.length - 2 && path[i + 1] === '.');
    if (tok.startsWith('f:')) {
      const name = tok.slice(2);
      if (!isObject(cur) || !(name in cur)) return;
      if (last) {
        delete cur[name];
        break;
      }
      parents.push({ holder: cur, tok: name });
      cur = cur[name];
    } else if (tok.startsWith('k:') || tok.startsWith('v:')) {
      if (!Array.isArray(cur)) return;
      const want = JSON.parse(tok.slice(2));
      const idx = tok.startsWith('v:')
        ? cur.indexOf(want)
        : cur.findIndex(it => sameKey({ keys: Object.keys(want) }, it, want));
      if (idx < 0) return;
      if (last || tok.startsWith('v:')) {
        cur.splice(idx, 1);
        break;
      }
      cur = cur[idx];
    } else if (tok === '.') {
      break;
    }
  }
  // Prune maps left empty by the removal, as SSA does for owned parents.
  for (let i = parents.length - 1; i >= 0; i--) {
    const { holder, tok } = parents[i];
    const v = holder[tok];
    if (isObject(v) && Object.keys(v).length === 0) delete holder[tok];
    else break;
  }
}

/** Builds a FieldsV1 trie from a set of paths. */
export function toFieldsV1(set: Set<string>): Record<string, any> {
  const root: Record<string, any> = {};
  for (const key of [...set].sort()) {
    let node = root;
    for (const tok of keyPath(key)) {
      node[tok] ??= {};
      node = node[tok];
    }
  }
  return root;
}

/** Parses a FieldsV1 trie back to a set of leaf paths. */
export function fromFieldsV1(trie: Record<string, any> | undefined): Set<string> {
  const out = new Set<string>();
  const visit = (node: Record<string, any>, prefix: FieldPath) => {
    const keys = Object.keys(node);
    if (keys.length === 0 && prefix.length > 0) out.add(pathKey(prefix));
    for (const k of keys) visit(node[k], [...prefix, k]);
  };
  visit(trie ?? {}, []);
  return out;
}

/** The human form used in conflict messages: `.spec.template.spec.containers[name="web"].image`. */
export function describePath(path: FieldPath): string {
  let s = '';
  for (const tok of path) {
    if (tok.startsWith('f:')) s += `.${tok.slice(2)}`;
    else if (tok.startsWith('k:')) {
      const k = JSON.parse(tok.slice(2));
      s += `[${Object.entries(k).map(([a, b]) => `${a}=${JSON.stringify(b)}`).join(',')}]`;
    } else if (tok.startsWith('v:')) s += `[=${tok.slice(2)}]`;
  }
  return s;
}
