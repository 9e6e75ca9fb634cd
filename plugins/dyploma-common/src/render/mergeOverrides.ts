/*
 * Merges the escape hatch into what the renderer built, the way kubectl's
 * strategic merge does for the lists that matter: entries with the same key
 * are merged, new ones appended; envFrom is appended; other lists replace.
 */

const MERGE_KEYS: Record<string, string> = {
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  initContainers: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
};
const APPEND = new Set(['envFrom']);

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeList(key: string, base: unknown[], extra: unknown[]): unknown[] {
  if (APPEND.has(key)) return [...base, ...extra];
  const mergeKey = MERGE_KEYS[key];
  if (!mergeKey) return extra;
  const out = [...base];
  for (const item of extra) {
    const id = isMap(item) ? item[mergeKey] : undefined;
    const at =
      id === undefined
        ? -1
        : out.findIndex(o => isMap(o) && o[mergeKey] === id);
    if (at >= 0)
      out[at] = mergeOverrides(
        out[at] as Record<string, unknown>,
        item as Record<string, unknown>,
      );
    else out.push(item);
  }
  return out;
}

export function mergeOverrides<T extends Record<string, unknown>>(
  base: T,
  overrides: Record<string, unknown>,
): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    if (isMap(value) && isMap(current))
      out[key] = mergeOverrides(current, value);
    else if (Array.isArray(value) && Array.isArray(current))
      out[key] = mergeList(key, current, value);
    else out[key] = JSON.parse(JSON.stringify(value));
  }
  return out as T;
}
