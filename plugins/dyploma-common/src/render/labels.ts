import { ownerName } from '../effective/resolve';
import type { EffectiveModel } from '../effective/types';
import { toLabelValue } from './version';

/** Label and annotation keys Dyploma writes. */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  version: 'app.kubernetes.io/version',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  kubernetesId: 'backstage.io/kubernetes-id',
  environment: 'dyploma.io/environment',
  owner: 'dyploma.io/owner',
  costCentre: 'dyploma.io/cost-centre',
  cronJob: 'dyploma.io/cron-job',
} as const;

export const ANNOTATIONS = {
  releaseId: 'dyploma.io/release-id',
  orderId: 'dyploma.io/order-id',
  cluster: 'dyploma.io/cluster',
  propertiesHash: 'dyploma.io/properties-hash',
  restartedAt: 'kubectl.kubernetes.io/restartedAt',
  scrape: 'prometheus.io/scrape',
  scrapePort: 'prometheus.io/port',
  scrapePath: 'prometheus.io/path',
} as const;

/** Pods of the Deployment are `service`; pods of cron jobs are `cron-job`. */
export type Component = 'service' | 'cron-job';

/**
 * The labels on every object. `backstage.io/kubernetes-id` lets Backstage's
 * own Kubernetes tab find the workloads; owner and cost centre feed cost.
 */
export function standardLabels(
  model: EffectiveModel,
  environment: string,
  version: string,
  component: Component,
): Record<string, string> {
  const labels: Record<string, string> = {
    [LABELS.name]: model.service.name,
    [LABELS.version]: toLabelValue(version),
    [LABELS.component]: component,
    [LABELS.partOf]: toLabelValue(
      ownerName(model.service.system) ?? model.service.name,
    ),
    [LABELS.managedBy]: 'dyploma',
    [LABELS.kubernetesId]: model.service.name,
    [LABELS.environment]: environment,
  };
  const owner = ownerName(model.service.owner);
  if (owner) labels[LABELS.owner] = toLabelValue(owner);
  if (model.service.costCentre)
    labels[LABELS.costCentre] = toLabelValue(model.service.costCentre);
  return labels;
}

/**
 * The Deployment's selector. Immutable once created, so it holds only what
 * never changes; the component keeps cron job pods out of the Service.
 */
export function selectorLabels(model: EffectiveModel): Record<string, string> {
  return {
    [LABELS.name]: model.service.name,
    [LABELS.component]: 'service',
  };
}
