/** JSON with sorted keys and without nulls, so semantically equal objects compare equal. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    // null and absent are the same to Go's semantic equality (e.g. creationTimestamp: null).
    const keys = Object.keys(v as object).filter(k => (v as any)[k] !== undefined && (v as any)[k] !== null).sort();
    return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalJson((v as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
