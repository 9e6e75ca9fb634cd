import { formatPath, PathSegment } from '../errors/path';
import type { ModelProblem } from '../errors/ModelProblem';
import { nearest } from '../errors/suggest';
import { imageRegistry, isAllowedImage } from '../model/image';
import type { ServiceModel } from '../model/serviceModel';
import type { ValidationContext } from './context';
import { checkKubernetesFragment } from './kubernetesFragment';

/*
 * Checks across fields of the model as written: names that must be unique,
 * settings that only make sense together, and the platform's lists
 * (registries, environments, clusters).
 */

type Emit = (path: readonly PathSegment[], text: string) => void;

function checkImage(model: ServiceModel, ctx: ValidationContext, emit: Emit) {
  const allowed = ctx.allowedRegistries ?? [];
  if (isAllowedImage(model.image, allowed)) return;
  const registry = imageRegistry(model.image);
  const where =
    registry === 'docker.io' && !model.image.startsWith('docker.io/')
      ? ' (a repository without a registry host is pulled from Docker Hub)'
      : '';
  emit(
    ['image'],
    `expected an image in an allowed registry (${allowed.join(
      ', ',
    )}), got ${JSON.stringify(model.image)}${where}`,
  );
}

function checkPorts(model: ServiceModel, emit: Emit) {
  const names = new Map<string, number>();
  const numbers = new Map<string, number>();
  (model.ports ?? []).forEach((port, i) => {
    const protocol = port.protocol ?? 'http';
    const name = port.name ?? protocol;
    const other = names.get(name);
    if (other !== undefined) {
      emit(
        port.name ? ['ports', i, 'name'] : ['ports', i],
        port.name
          ? `ports[${other}] is also named "${name}": give each port its own name`
          : `this port is named "${name}" after its protocol, like ports[${other}]: give it a name`,
      );
    } else names.set(name, i);
    const transport = `${port.port}/${protocol === 'udp' ? 'UDP' : 'TCP'}`;
    const clash = numbers.get(transport);
    if (clash !== undefined) {
      emit(
        ['ports', i, 'port'],
        `port ${port.port} is already used by ports[${clash}]`,
      );
    } else numbers.set(transport, i);
    if (port.public && (protocol === 'tcp' || protocol === 'udp')) {
      emit(
        ['ports', i, 'public'],
        `only http and grpc ports can be public (through an Ingress); this port speaks ${protocol}`,
      );
    }
    for (const key of ['path', 'host'] as const) {
      if (port[key] !== undefined && !port.public) {
        emit(
          ['ports', i, key],
          `is only used for a public port: add public: true or remove ${key}`,
        );
      }
    }
  });
}

function checkCronJobs(model: ServiceModel, emit: Emit) {
  const seen = new Map<string, number>();
  (model.cronJobs ?? []).forEach((job, i) => {
    const other = seen.get(job.name);
    if (other !== undefined) {
      emit(
        ['cronJobs', i, 'name'],
        `cronJobs[${other}] is also named "${job.name}": give each job its own name`,
      );
    } else seen.set(job.name, i);
  });
}

function checkEnvironments(
  model: ServiceModel,
  ctx: ValidationContext,
  emit: Emit,
) {
  const known = ctx.environments;
  for (const [env, settings] of Object.entries(model.environments ?? {})) {
    const platformEnv = known?.[env];
    if (known && !platformEnv) {
      const names = Object.keys(known);
      const guess = nearest(env, names);
      emit(
        ['environments', env],
        guess
          ? `unknown environment; did you mean "${guess}"?`
          : `unknown environment; the platform has ${
              names.length ? names.join(', ') : 'no environments'
            }`,
      );
      continue;
    }
    const placement = settings.placement;
    if (!placement) continue;
    const clusters = platformEnv?.clusters;
    for (const cluster of Object.keys(placement)) {
      if (clusters && !clusters.includes(cluster)) {
        const guess = nearest(cluster, clusters);
        emit(
          ['environments', env, 'placement', cluster],
          `is not a cluster of ${env}${
            guess
              ? `; did you mean "${guess}"?`
              : `; its clusters are ${clusters.join(', ')}`
          }`,
        );
      }
    }
    const weights = Object.values(placement);
    if (weights.length > 0 && weights.every(w => w === 0)) {
      emit(
        ['environments', env, 'placement'],
        'every weight is 0, so no cluster would run the service: give at least one cluster a weight above 0',
      );
    }
  }
}

function checkOverrides(model: ServiceModel, emit: Emit) {
  const levels: Array<[PathSegment[], ServiceModel['overrides']]> = [
    [[], model.overrides],
  ];
  for (const [env, settings] of Object.entries(model.environments ?? {})) {
    levels.push([['environments', env], settings.overrides]);
  }
  for (const [base, overrides] of levels) {
    for (const kind of ['pod', 'container'] as const) {
      const fragment = overrides?.[kind];
      if (!fragment) continue;
      for (const p of checkKubernetesFragment(kind, fragment)) {
        emit([...base, 'overrides', kind, ...p.path], p.text);
      }
    }
  }
}

/** Problems across fields of a model that passed the schema. */
export function checkStructure(
  model: ServiceModel,
  ctx: ValidationContext,
): ModelProblem[] {
  const prefix = ctx.pathPrefix ?? 'spec.dyploma';
  const problems: ModelProblem[] = [];
  const emit: Emit = (path, text) => {
    const full = formatPath(path, prefix);
    problems.push({ path: full, text, message: `${full}: ${text}` });
  };
  checkImage(model, ctx, emit);
  checkPorts(model, emit);
  checkCronJobs(model, emit);
  checkEnvironments(model, ctx, emit);
  checkOverrides(model, emit);
  return problems;
}
