/**
 * The Dyploma service model: schemas, validation with field-pathed messages,
 * the effective model with provenance, and the Kubernetes renderer.
 *
 * @packageDocumentation
 */

export { serviceModelSchema } from './model/serviceModel';
export type {
  ServiceModel,
  EnvironmentSettings,
  Port,
  Probe,
  CronJob,
  SecretRef,
  ResourceAmounts,
} from './model/serviceModel';
export { serviceModelJsonSchema } from './model/jsonSchema';
export {
  platformDefaultsSchema,
  BUILT_IN_DEFAULTS,
  type PlatformDefaults,
} from './model/defaults';
export { PORT_PROTOCOLS } from './model/ports';
export { PROPERTY_FLAVOURS, type PropertyFlavour } from './model/properties';
export { MAX_REPLICAS } from './model/scaling';
export { parseQuantity } from './model/quantity';

export { ServiceModelError, type ModelProblem } from './errors/ModelProblem';
export { formatPath, type PathSegment } from './errors/path';

export type { ValidationContext } from './validate/context';
export {
  validateServiceModel,
  parseServiceModel,
  type ValidationResult,
} from './validate/validateServiceModel';
export {
  validateServiceEntity,
  serviceIdentity,
  type EntityValidationResult,
} from './validate/validateServiceEntity';

export {
  readModelConfig,
  validationContextFromConfig,
  type ModelConfig,
} from './config';

export {
  resolveEffectiveModel,
  ownerName,
  type ResolveOptions,
} from './effective/resolve';
export type {
  EffectiveModel,
  EffectiveResult,
  EffectivePort,
  EffectiveProbe,
  EffectiveCronJob,
  Provenance,
  ValueSource,
  ServiceIdentity,
} from './effective/types';

export { renderManifests, RenderError } from './render/renderManifests';
export { checkReleaseVersion, imageReference } from './render/version';
export { LABELS, ANNOTATIONS } from './render/labels';
export { validateKubernetesObject } from './render/kubernetesSchema';
export {
  FIELD_MANAGER,
  type KubernetesObject,
  type RenderInput,
  type RenderRelease,
  type RenderCluster,
  type RenderEnvironment,
} from './render/types';

export * from './api';
export {
  DYPLOMA_RESOURCE_TYPE,
  dyplomaServiceReadPermission,
  dyplomaServiceDeployPermission,
  dyplomaServiceScalePermission,
  dyplomaServiceAdminPermission,
  dyplomaCostReadPermission,
  dyplomaPermissions,
} from './permissions';
