import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { KubernetesObject } from './types';

type Validatable = new (data: never) => { validate(): void };

const MODELS: Record<string, Validatable> = {
  'v1/ConfigMap': ConfigMap as unknown as Validatable,
  'v1/Service': Service as unknown as Validatable,
  'apps/v1/Deployment': Deployment as unknown as Validatable,
  'autoscaling/v2/HorizontalPodAutoscaler':
    HorizontalPodAutoscaler as unknown as Validatable,
  'batch/v1/CronJob': CronJob as unknown as Validatable,
  'networking.k8s.io/v1/Ingress': Ingress as unknown as Validatable,
  'policy/v1/PodDisruptionBudget':
    PodDisruptionBudget as unknown as Validatable,
};

/**
 * Checks a rendered object against the official Kubernetes OpenAPI schema
 * (as compiled by kubernetes-models). Throws with the schema's message.
 */
export function validateKubernetesObject(object: KubernetesObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model)
    throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object as never).validate();
}
