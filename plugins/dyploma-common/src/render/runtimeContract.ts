import type { EffectiveModel } from '../effective/types';
import type { RenderCluster, RenderEnvironment } from './types';

export type EnvVar =
  | { name: string; value: string }
  | { name: string; valueFrom: Record<string, unknown> };

const fieldRef = (name: string, fieldPath: string): EnvVar => ({
  name,
  valueFrom: { fieldRef: { fieldPath } },
});

/** `admin-api` → `DYPLOMA_PORT_ADMIN_API`. */
export function portVariable(portName: string): string {
  return `DYPLOMA_PORT_${portName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * What every pod gets without asking (the runtime contract, see README):
 * who it is, where it runs (pod, node and IP through the downward API),
 * its ports and where its properties file is.
 */
export function runtimeContractEnv(
  model: EffectiveModel,
  version: string,
  environment: RenderEnvironment,
  cluster: RenderCluster,
): EnvVar[] {
  const env: EnvVar[] = [
    { name: 'DYPLOMA_SERVICE', value: model.service.name },
    { name: 'DYPLOMA_VERSION', value: version },
    { name: 'DYPLOMA_ENVIRONMENT', value: environment.name },
    { name: 'DYPLOMA_CLUSTER', value: cluster.name },
  ];
  if (cluster.datacenter)
    env.push({ name: 'DYPLOMA_DATACENTER', value: cluster.datacenter });
  env.push(
    fieldRef('DYPLOMA_NAMESPACE', 'metadata.namespace'),
    fieldRef('DYPLOMA_POD_NAME', 'metadata.name'),
    fieldRef('DYPLOMA_POD_IP', 'status.podIP'),
    fieldRef('DYPLOMA_NODE_NAME', 'spec.nodeName'),
  );
  if (model.ports.length > 0) {
    env.push({ name: 'DYPLOMA_PORT', value: String(model.ports[0].port) });
    for (const port of model.ports) {
      env.push({ name: portVariable(port.name), value: String(port.port) });
    }
  }
  if (model.properties.fileName) {
    env.push({
      name: 'DYPLOMA_PROPERTIES_FILE',
      value: `${model.properties.mountPath.replace(/\/+$/, '')}/${
        model.properties.fileName
      }`,
    });
  }
  return env;
}

/** Secrets mapped to variables, then properties (flavour env), in stable order. */
export function userEnv(model: EffectiveModel): EnvVar[] {
  const env: EnvVar[] = [];
  for (const secret of model.secrets) {
    for (const [name, key] of Object.entries(secret.env ?? {}).sort(
      ([a], [b]) => (a < b ? -1 : 1),
    )) {
      env.push({
        name,
        valueFrom: { secretKeyRef: { name: secret.name, key } },
      });
    }
  }
  if (model.properties.flavour === 'env') {
    for (const [name, value] of Object.entries(model.properties.values)) {
      env.push({ name, value: String(value) });
    }
  }
  return env;
}
