import { ResourceType } from '../api/resourceType';
import { errors } from '../api/status';
import { labelSelectorString } from '../store/selectors';
import { PATCH_CONTENT_TYPES } from '../cluster/ResourceApi';
import { mergePatch, strategicMerge } from '../patch/strategicMerge';
import { applyPatch as applyJsonPatch } from 'fast-json-patch';
import type { Cluster } from '../cluster/Cluster';
import { parseJson } from './http';
import { parse as parseYaml } from 'yaml';

/** The `scale` subresource: an autoscaling/v1 Scale view of spec.replicas. */
export function getScale(cluster: Cluster, t: ResourceType, ns: string | undefined, name: string) {
  const o = cluster.api.get(t, ns, name);
  return toScale(o);
}

function toScale(o: any) {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, selector: labelSelectorString(o.spec?.selector) },
  };
}

export function setScale(cluster: Cluster, t: ResourceType, ns: string | undefined, name: string, verb: string, contentType: string, body: string, manager: string, dryRun: boolean) {
  const cur = cluster.api.get(t, ns, name);
  const scale = toScale(cur);
  let next: any;
  if (verb === 'update') next = parseJson(body);
  else if (verb === 'patch') {
    const type = PATCH_CONTENT_TYPES[contentType.split(';')[0].trim()];
    if (!type) throw errors.unsupportedMediaType(contentType);
    if (type === 'json') next = applyJsonPatch(structuredClone(scale), parseJson(body), true, false).newDocument;
    else if (type === 'merge') next = mergePatch(scale, parseJson(body));
    else if (type === 'strategic') next = strategicMerge(scale, parseJson(body));
    else next = mergePatch(scale, parseYaml(body));
  } else throw errors.methodNotAllowed();
  const replicas = next?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw errors.badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`);
  }
  if (replicas < 0) {
    throw errors.invalid('Scale', 'autoscaling', name, [{ reason: 'FieldValueInvalid', message: `Invalid value: ${replicas}: must be greater than or equal to 0`, field: 'spec.replicas' }]);
  }
  const rv = next.metadata?.resourceVersion;
  if (rv && rv !== cur.metadata.resourceVersion) throw errors.conflict({ plural: t.plural, group: t.group }, name);
  const updated = cluster.api.patch(t, ns, name, 'merge', { spec: { replicas } }, { manager, dryRun, subresource: 'scale' });
  return toScale(updated);
}
