import { ResourceType, apiVersionOf, storageKey } from './resourceType';

/** Every kind the simulator serves. */
export const RESOURCE_TYPES: ResourceType[] = [
  // core/v1
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'] },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], subresources: ['status', 'log', 'eviction', 'binding'] },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], subresources: ['status'] },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', singular: 'secret', namespaced: true },
  { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'] },
  { group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', singular: 'limitrange', namespaced: true, shortNames: ['limits'] },
  { group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', singular: 'resourcequota', namespaced: true, shortNames: ['quota'], subresources: ['status'] },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'] },
  { group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'], viewOf: { group: '', plural: 'events' } },
  // apps/v1
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], generation: true },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], generation: true },
  // Stored but not reconciled: listed by Backstage's Kubernetes plugin by default.
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', singular: 'statefulset', namespaced: true, shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'], generation: true },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'], subresources: ['status'], generation: true },
  // autoscaling/v2
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], subresources: ['status'], generation: true },
  // batch/v1
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', singular: 'job', namespaced: true, categories: ['all'], subresources: ['status'], generation: true },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', singular: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'], subresources: ['status'], generation: true },
  // policy/v1
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', singular: 'poddisruptionbudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'], generation: true },
  // networking.k8s.io/v1
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', singular: 'ingress', namespaced: true, shortNames: ['ing'], subresources: ['status'], generation: true },
  // metrics.k8s.io/v1beta1 (computed from the usage model)
  { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics', plural: 'nodes', singular: '', namespaced: false, readOnly: true, virtual: true },
  { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', plural: 'pods', singular: '', namespaced: true, readOnly: true, virtual: true },
  // authorization.k8s.io/v1 (kubectl auth can-i)
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', singular: '', namespaced: false, createOnly: true, virtual: true },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', singular: '', namespaced: false, createOnly: true, virtual: true },
];

const byPath = new Map<string, ResourceType>();
const byKind = new Map<string, ResourceType>();
for (const t of RESOURCE_TYPES) {
  byPath.set(`${apiVersionOf(t)}/${t.plural}`, t);
  if (!t.viewOf) byKind.set(`${apiVersionOf(t)}/${t.kind}`, t);
}

/** Finds a resource type by URL coordinates (group "", version "v1", "pods"). */
export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return byPath.get(`${apiVersionOf({ group, version })}/${plural}`);
}

/** Finds a resource type by apiVersion and kind (for scenario files). */
export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

/** The resource type whose storage holds objects of `t`. */
export function storageTypeOf(t: ResourceType): ResourceType {
  if (!t.viewOf) return t;
  return RESOURCE_TYPES.find(r => r.group === t.viewOf!.group && r.plural === t.viewOf!.plural && !r.viewOf)!;
}

/** Group versions in the order discovery lists them. */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of RESOURCE_TYPES) seen.set(apiVersionOf(t), { group: t.group, version: t.version });
  return [...seen.values()];
}

export const RESOURCES = {
  namespaces: findResource('', 'v1', 'namespaces')!,
  nodes: findResource('', 'v1', 'nodes')!,
  pods: findResource('', 'v1', 'pods')!,
  services: findResource('', 'v1', 'services')!,
  events: findResource('', 'v1', 'events')!,
  serviceaccounts: findResource('', 'v1', 'serviceaccounts')!,
  configmaps: findResource('', 'v1', 'configmaps')!,
  deployments: findResource('apps', 'v1', 'deployments')!,
  replicasets: findResource('apps', 'v1', 'replicasets')!,
  hpas: findResource('autoscaling', 'v2', 'horizontalpodautoscalers')!,
  jobs: findResource('batch', 'v1', 'jobs')!,
  cronjobs: findResource('batch', 'v1', 'cronjobs')!,
  pdbs: findResource('policy', 'v1', 'poddisruptionbudgets')!,
};

export { storageKey };
