import type { ModelProblem } from '../errors/ModelProblem';
import {
  Merged,
  mergeModelLayers,
  resolveEffectiveModel,
} from '../effective/resolve';
import type { EffectiveResult, Provenance } from '../effective/types';
import { isEnvVarName, toEnvVarName } from '../model/names';
import { parseQuantity } from '../model/quantity';
import type { ServiceModel } from '../model/serviceModel';
import type { ValidationContext } from './context';

/*
 * Checks that only make sense once defaults and overrides are merged: a
 * request above a limit that comes from another level, a health check on a
 * port that does not exist, env var names under the env flavour. Each
 * problem is reported where the user wrote the value (from provenance).
 */

/** Environment variables the runtime contract sets; see render/runtimeContract.ts. */
export const RESERVED_ENV_PREFIX = 'DYPLOMA_';

type Emit = (path: string, text: string) => void;

/** The path a user wrote, or undefined for defaults. */
function written(prov: Provenance | undefined): string | undefined {
  return prov && prov.source !== 'default' ? prov.from : undefined;
}

function origin(prov: Provenance | undefined): string {
  if (!prov) return 'default';
  return prov.source === 'default' ? prov.from : prov.from;
}

function checkProbes(r: EffectiveResult, merged: Merged, emit: Emit) {
  const names = r.model.ports.map(p => p.name);
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    const cfg = merged.health?.[kind];
    if (!cfg || cfg.enabled === false) continue;
    const portAt = written(r.provenance[`health.${kind}.port`]);
    if (typeof cfg.port === 'string' && !names.includes(cfg.port) && portAt) {
      emit(
        portAt,
        `no port is named "${cfg.port}"; ${
          names.length
            ? `the ports are ${names.join(', ')}`
            : 'the service has no ports'
        }`,
      );
    }
    const commandAt = written(r.provenance[`health.${kind}.command`]);
    if (cfg.path !== undefined && cfg.command !== undefined && commandAt) {
      emit(
        commandAt,
        'a health check has a path (HTTP) or a command, not both: remove one',
      );
    }
    const pathAt = written(r.provenance[`health.${kind}.path`]);
    if (
      cfg.path !== undefined &&
      cfg.port === undefined &&
      names.length === 0 &&
      pathAt
    ) {
      emit(
        pathAt,
        'the service has no ports to check: add ports, or set port on this check',
      );
    }
  }
}

function checkMetrics(r: EffectiveResult, merged: Merged, emit: Emit) {
  const port = merged.metrics?.port;
  const at = written(r.provenance['metrics.port']);
  const names = r.model.ports.map(p => p.name);
  if (typeof port === 'string' && !names.includes(port) && at) {
    emit(
      at,
      `no port is named "${port}"; ${
        names.length
          ? `the ports are ${names.join(', ')}`
          : 'the service has no ports'
      }`,
    );
  }
}

function checkResources(r: EffectiveResult, emit: Emit) {
  for (const what of ['cpu', 'memory'] as const) {
    const req = r.model.resources.requests[what];
    const lim = r.model.resources.limits[what];
    if (req === undefined || lim === undefined) continue;
    const reqValue = parseQuantity(req);
    const limValue = parseQuantity(lim);
    if (
      reqValue === undefined ||
      limValue === undefined ||
      reqValue <= limValue
    )
      continue;
    const reqProv = r.provenance[`resources.requests.${what}`];
    const limProv = r.provenance[`resources.limits.${what}`];
    const reqAt = written(reqProv);
    const limAt = written(limProv);
    // Blame the value written at the more specific level.
    const blameLimit =
      limAt &&
      (!reqAt ||
        (limProv!.source === 'environment' &&
          reqProv!.source !== 'environment'));
    if (blameLimit) {
      emit(
        limAt!,
        `expected at least the ${what} request ${req} (${origin(
          reqProv,
        )}), got ${JSON.stringify(
          String(lim),
        )}: a limit cannot be below its request; raise the limit or lower resources.requests.${what}`,
      );
    } else if (reqAt) {
      emit(
        reqAt,
        `expected at most the ${what} limit ${lim} (${origin(
          limProv,
        )}), got ${JSON.stringify(
          String(req),
        )}: a request cannot exceed its limit; raise resources.limits.${what} as well`,
      );
    }
  }
}

function checkAutoscaling(r: EffectiveResult, merged: Merged, emit: Emit) {
  const a = merged.autoscaling;
  if (!a || a.enabled === false) return;
  const declared = Object.entries(r.provenance)
    .filter(([k, p]) => k.startsWith('autoscaling.') && p.source !== 'default')
    .map(([, p]) => p.from);
  if (declared.length === 0) return;
  if (a.max === undefined) {
    const base = declared[declared.length - 1].replace(/\.[^.]+$/, '');
    emit(
      `${base}.max`,
      'required: expected a whole number from 1 to 500, the most replicas per cluster (autoscaling is on)',
    );
    return;
  }
  const min = a.min ?? 1;
  if (min > a.max) {
    const minAt = written(r.provenance['autoscaling.min']);
    const maxAt = written(r.provenance['autoscaling.max']);
    if (minAt) emit(minAt, `expected at most max (${a.max}), got ${min}`);
    else if (maxAt) emit(maxAt, `expected at least min (${min}), got ${a.max}`);
  }
}

function checkEnvNames(r: EffectiveResult, emit: Emit) {
  const seen = new Map<string, string>();
  const claim = (name: string, at: string | undefined) => {
    if (!at) return;
    if (name.startsWith(RESERVED_ENV_PREFIX)) {
      emit(
        at,
        `names starting with ${RESERVED_ENV_PREFIX} are set by the platform (the runtime contract): choose another name`,
      );
      return;
    }
    const other = seen.get(name);
    if (other && other !== at)
      emit(at, `the environment variable ${name} is also set by ${other}`);
    else seen.set(name, at);
  };
  if (r.model.properties.flavour === 'env') {
    for (const key of Object.keys(r.model.properties.values)) {
      const at = written(
        r.provenance[`properties.values.${key}`] ??
          r.provenance[`properties.values[${JSON.stringify(key)}]`],
      );
      if (!isEnvVarName(key)) {
        if (at) {
          emit(
            at,
            `is not an environment variable name, and the flavour is env: write ${toEnvVarName(
              key,
            )}, or choose flavour properties, json or yaml to get a file`,
          );
        }
        continue;
      }
      claim(key, at);
    }
  }
  r.model.secrets.forEach((secret, i) => {
    for (const name of Object.keys(secret.env ?? {})) {
      claim(name, written(r.provenance[`secrets[${i}].env.${name}`]));
    }
  });
}

function checkMounts(r: EffectiveResult, emit: Emit) {
  const mounts = new Map<string, string>();
  if (r.model.properties.flavour !== 'env') {
    mounts.set(r.model.properties.mountPath, 'the properties file');
  }
  r.model.secrets.forEach((secret, i) => {
    if (!secret.mountPath) return;
    const at = written(r.provenance[`secrets[${i}].mountPath`]);
    const other = mounts.get(secret.mountPath);
    if (other && at)
      emit(
        at,
        `${secret.mountPath} is already used by ${other}: choose another directory`,
      );
    else mounts.set(secret.mountPath, `secret ${secret.name}`);
  });
}

/** Problems of the merged model, for the service level and each environment. */
export function checkEffective(
  model: ServiceModel,
  ctx: ValidationContext,
): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const seen = new Set<string>();
  const emit: Emit = (path, text) => {
    const message = `${path}: ${text}`;
    if (seen.has(message)) return;
    seen.add(message);
    problems.push({ path, text, message });
  };
  const levels = [undefined, ...Object.keys(model.environments ?? {})];
  for (const environment of levels) {
    const options = {
      service: { name: 'service' },
      model,
      environment,
      defaults: ctx.defaults,
      pathPrefix: ctx.pathPrefix,
    };
    const r = resolveEffectiveModel(options);
    const { merged } = mergeModelLayers(options);
    checkProbes(r, merged, emit);
    checkMetrics(r, merged, emit);
    checkResources(r, emit);
    checkAutoscaling(r, merged, emit);
    checkEnvNames(r, emit);
    checkMounts(r, emit);
  }
  return problems;
}
