import { healthSchema } from './health';
import { metricsSchema } from './metrics';
import { overridesSchema } from './overrides';
import { propertiesSchema } from './properties';
import { resourcesSchema } from './resources';
import {
  autoscalingSchema,
  disruptionBudgetSchema,
  replicasSchema,
} from './scaling';
import { secretsSchema } from './secrets';

/**
 * The settings that exist at every level: platform default (app-config),
 * service, and environment override. The effective model merges them in that
 * order, field by field.
 */
export const tunableShape = {
  replicas: replicasSchema.optional(),
  autoscaling: autoscalingSchema.optional(),
  disruptionBudget: disruptionBudgetSchema.optional(),
  resources: resourcesSchema.optional(),
  health: healthSchema.optional(),
  properties: propertiesSchema.optional(),
  secrets: secretsSchema.optional(),
  metrics: metricsSchema.optional(),
  overrides: overridesSchema.optional(),
};

/** Keys from other tools, explained wherever tunables are accepted. */
export const tunableKeyHints: Record<string, string> = {
  version:
    'the version is not part of the model: it is chosen for each release (deploy)',
  tag: 'the version is not part of the model: it is chosen for each release (deploy)',
  enabled:
    'whether the service runs is decided by releases (disable/enable), not in the model',
  namespace: 'namespaces are chosen by the platform for each environment',
  env: 'environment variables are properties: properties.values (flavour env)',
  envvars:
    'environment variables are properties: properties.values (flavour env)',
  variables:
    'environment variables are properties: properties.values (flavour env)',
  hpa: 'write autoscaling',
  pdb: 'write disruptionBudget',
  poddisruptionbudget: 'write disruptionBudget',
  probes: 'write health',
  healthchecks: 'write health',
  limits: 'write resources.limits',
  requests: 'write resources.requests',
  cpu: 'write resources.requests.cpu (and resources.limits.cpu)',
  memory: 'write resources.requests.memory and resources.limits.memory',
  config: 'write properties',
  configmap: 'write properties',
  instances: 'write replicas',
  replica: 'write replicas',
};
