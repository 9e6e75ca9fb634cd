import { RESOURCE_TYPES, groupVersions } from '../api/registry';
import { apiVersionOf, verbsOf } from '../api/resourceType';

/**
 * Legacy (unaggregated) discovery documents. kubectl asks for aggregated
 * discovery first and falls back to these when the server answers with
 * plain `application/json`, as older servers do.
 */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kube-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const SUBRESOURCE_INFO: Record<string, { kind?: string; group?: string; version?: string; verbs: string[] }> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
  log: { verbs: ['get'] },
  eviction: { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
  binding: { kind: 'Binding', verbs: ['create'] },
};

function groupDoc(group: string) {
  const versions = groupVersions()
    .filter(gv => gv.group === group)
    .map(gv => ({ groupVersion: apiVersionOf(gv), version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList() {
  const groups = [...new Set(groupVersions().map(gv => gv.group).filter(g => g !== ''))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupDoc) };
}

export function apiGroup(group: string) {
  const doc = groupDoc(group);
  if (!doc.versions.length) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...doc };
}

export function apiResourceList(group: string, version: string) {
  const types = RESOURCE_TYPES.filter(t => t.group === group && t.version === version);
  if (!types.length) return undefined;
  const resources: any[] = [];
  for (const t of types) {
    const r: any = {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: verbsOf(t),
    };
    if (t.shortNames) r.shortNames = t.shortNames;
    if (t.categories) r.categories = t.categories;
    resources.push(r);
    for (const sub of t.subresources ?? []) {
      const info = SUBRESOURCE_INFO[sub];
      const s: any = { name: `${t.plural}/${sub}`, singularName: '', namespaced: t.namespaced, kind: info.kind ?? t.kind, verbs: info.verbs };
      if (info.group !== undefined) {
        s.group = info.group;
        s.version = info.version;
      }
      resources.push(s);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}
