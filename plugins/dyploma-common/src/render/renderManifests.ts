import { checkReleaseVersion } from './version';
import {
  renderAutoscaler,
  renderConfigMap,
  renderCronJobs,
  renderDeployment,
  renderDisruptionBudget,
  renderIngress,
  renderService,
} from './objects';
import type { KubernetesObject, RenderInput } from './types';
import { MAX_REPLICAS } from '../model/scaling';

/** A release the renderer cannot turn into objects. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/**
 * Renders the Kubernetes objects of one service in one cluster of an
 * environment: ConfigMap (properties file), Service, Deployment, HPA,
 * PodDisruptionBudget, Ingress, then CronJobs by name. A pure function:
 * the same input gives byte-identical objects, ready for server-side apply
 * with field manager `dyploma`.
 */
export function renderManifests(input: RenderInput): KubernetesObject[] {
  const versionProblem = checkReleaseVersion(input.release.version);
  if (versionProblem)
    throw new RenderError(`release.version: ${versionProblem}`);
  const { replicas } = input.release;
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS) {
    throw new RenderError(
      `release.replicas: expected a whole number from 0 to ${MAX_REPLICAS}, got ${replicas}`,
    );
  }
  const objects: Array<KubernetesObject | undefined> = [
    renderConfigMap(input),
    renderService(input),
    renderDeployment(input),
    renderAutoscaler(input),
    renderDisruptionBudget(input),
    renderIngress(input),
    ...renderCronJobs(input),
  ];
  return objects.filter((o): o is KubernetesObject => o !== undefined);
}
