/**
 * Structural equality of JSON values, insensitive to key order (a real API
 * server compares the serialized object, whose field order is fixed by the
 * Go types, not by how a patch happened to build it). An own key holding
 * `undefined` counts as absent, as it does once serialized.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  )
    return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++)
      if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter(k => ao[k] !== undefined);
  const bk = Object.keys(bo).filter(k => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (
      !Object.prototype.hasOwnProperty.call(bo, k) ||
      !deepEqual(ao[k], bo[k])
    )
      return false;
  }
  return true;
}

/**
 * Whether writing `next` over `stored` would change nothing: equal apart from
 * `metadata.resourceVersion`, which the store assigns.
 */
export function sameStoredObject(stored: any, next: any): boolean {
  const { metadata: sm = {}, ...srest } = stored ?? {};
  const { metadata: nm = {}, ...nrest } = next ?? {};
  const { resourceVersion: _s, ...smd } = sm;
  const { resourceVersion: _n, ...nmd } = nm;
  return deepEqual(smd, nmd) && deepEqual(srest, nrest);
}
