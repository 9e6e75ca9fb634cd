/**
 * How lists in the built-in kinds merge. Strategic merge patch and
 * server-side apply both need to know that `containers` are keyed by `name`
 * while `args` are replaced wholesale; these are the `patchMergeKey` /
 * `listType=map` markers of the Go types, for the fields our kinds use.
 */
export type ListKind =
  | { type: 'map'; keys: string[] }
  | { type: 'set' }
  | { type: 'atomic' };

const BY_NAME: ListKind = { type: 'map', keys: ['name'] };

const LISTS: Record<string, ListKind> = {
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  env: BY_NAME,
  volumes: BY_NAME,
  imagePullSecrets: BY_NAME,
  resourceClaims: BY_NAME,
  volumeMounts: { type: 'map', keys: ['mountPath'] },
  volumeDevices: { type: 'map', keys: ['devicePath'] },
  conditions: { type: 'map', keys: ['type'] },
  ownerReferences: { type: 'map', keys: ['uid'] },
  hostAliases: { type: 'map', keys: ['ip'] },
  topologySpreadConstraints: { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
  taints: { type: 'map', keys: ['key', 'effect'] },
  addresses: { type: 'map', keys: ['type'] },
  finalizers: { type: 'set' },
};

/** The list kind of `field`, given the path of the object that holds it. */
export function listKind(path: readonly string[], field: string): ListKind {
  if (field === 'ports') {
    const inContainer = path.some(p => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers');
    return inContainer
      ? { type: 'map', keys: ['containerPort', 'protocol'] }
      : { type: 'map', keys: ['port', 'protocol'] };
  }
  return LISTS[field] ?? { type: 'atomic' };
}

/** Key values of a list item; `protocol` defaults to TCP as the API does. */
export function itemKey(kind: { keys: string[] }, item: any): Record<string, unknown> {
  const k: Record<string, unknown> = {};
  for (const key of kind.keys) {
    if (item?.[key] !== undefined) k[key] = item[key];
    else if (key === 'protocol') k[key] = 'TCP';
  }
  return k;
}

export function sameKey(kind: { keys: string[] }, a: any, b: any): boolean {
  const ka = itemKey(kind, a);
  const kb = itemKey(kind, b);
  return kind.keys.every(k => ka[k] === kb[k]);
}
