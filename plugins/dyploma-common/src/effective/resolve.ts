import {
  BUILT_IN_DEFAULTS,
  DEFAULT_FILE_NAMES,
  PlatformDefaults,
} from '../model/defaults';
import type {
  EnvironmentSettings,
  Port,
  Probe,
  ServiceModel,
} from '../model/serviceModel';
import { isPlainObject, Layer, mergeLayers } from './merge';
import type {
  EffectiveCronJob,
  EffectivePort,
  EffectiveProbe,
  EffectiveResult,
  Provenance,
  ServiceIdentity,
} from './types';

export interface ResolveOptions {
  service: ServiceIdentity;
  /** A model that passed validateServiceModel. */
  model: ServiceModel;
  /** The environment to resolve for; omit for the service level only. */
  environment?: string;
  /** Platform defaults from app-config (`dyploma.defaults`). */
  defaults?: PlatformDefaults;
  /** Where the model sits in the entity; used in provenance. */
  pathPrefix?: string;
}

/** The settings of all levels merged, before defaults are resolved. */
export type Merged = Omit<ServiceModel, 'environments'> &
  Pick<EnvironmentSettings, 'placement'>;

const DERIVED = 'default' as const;

const PROBE_TYPE_REASON: Record<EffectiveProbe['type'], string> = {
  http: 'an HTTP check, because a path is set',
  exec: 'a command check, because a command is set',
  tcp: 'a TCP check, because no path or command is set',
};

/** `group:default/team-payments` → `team-payments`. */
export function ownerName(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  return owner.replace(/^[^:]*:/, '').replace(/^[^/]*\//, '');
}

function withoutPort(d: PlatformDefaults | undefined) {
  if (!d) return undefined;
  const { port: _port, ...rest } = d;
  return rest as Record<string, unknown>;
}

function resolvePorts(
  model: ServiceModel,
  defaults: PlatformDefaults | undefined,
  prov: Map<string, Provenance>,
  prefix: string,
): EffectivePort[] {
  let ports: Port[];
  if (model.ports) {
    ports = model.ports;
  } else {
    const fromConfig = defaults?.port !== undefined;
    ports = [fromConfig ? defaults!.port! : BUILT_IN_DEFAULTS.port];
    prov.set('ports', {
      source: DERIVED,
      from: fromConfig
        ? 'app-config dyploma.defaults.port (the model names no ports)'
        : 'built-in default (the model names no ports)',
    });
  }
  return ports.map((p, i) => {
    const at = (k: string) => `ports[${i}].${k}`;
    const origin = model.ports ? `${prefix}.ports[${i}]` : 'the default port';
    const protocol = p.protocol ?? 'http';
    const out: EffectivePort = {
      name: p.name ?? protocol,
      port: p.port,
      protocol,
      public: p.public ?? false,
    };
    prov.set(at('port'), {
      source: model.ports ? 'service' : DERIVED,
      from: `${origin}.port`,
    });
    prov.set(
      at('name'),
      p.name
        ? { source: model.ports ? 'service' : DERIVED, from: `${origin}.name` }
        : { source: DERIVED, from: `the protocol (${protocol})` },
    );
    if (out.public) {
      out.path = p.path ?? '/';
      if (!p.path)
        prov.set(at('path'), { source: DERIVED, from: 'built-in default' });
    }
    if (p.host) out.host = p.host;
    return out;
  });
}

function findPort(ports: EffectivePort[], ref: string | number | undefined) {
  if (ref === undefined) return ports[0]?.port;
  if (typeof ref === 'number') return ref;
  return ports.find(p => p.name === ref)?.port;
}

function resolveProbe(
  probe: Probe | undefined,
  ports: EffectivePort[],
): EffectiveProbe | undefined {
  const cfg = probe ?? {};
  if (cfg.enabled === false) return undefined;
  let type: EffectiveProbe['type'] = 'tcp';
  if (cfg.path) type = 'http';
  else if (cfg.command) type = 'exec';
  if (type !== 'exec' && cfg.port === undefined && ports.length === 0)
    return undefined;
  const out: EffectiveProbe = {
    type,
    initialDelaySeconds: cfg.initialDelaySeconds ?? 0,
    periodSeconds: cfg.periodSeconds ?? 10,
    timeoutSeconds: cfg.timeoutSeconds ?? 1,
    failureThreshold: cfg.failureThreshold ?? 3,
  };
  if (type === 'exec') out.command = cfg.command;
  else out.port = findPort(ports, cfg.port);
  if (type === 'http') out.path = cfg.path;
  return out;
}

function sortedValues(
  map: Record<string, string | number | boolean> | undefined,
) {
  const out: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(map ?? {}).sort()) out[key] = map![key];
  return out;
}

function stringValues(map: Record<string, unknown> | undefined) {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map ?? {}).sort()) out[key] = String(map![key]);
  return out;
}

export function mergeModelLayers(options: ResolveOptions): {
  merged: Merged;
  provenance: Map<string, Provenance>;
} {
  const { model, environment, defaults } = options;
  const prefix = options.pathPrefix ?? 'spec.dyploma';
  const { environments, ports: _p, ...serviceLevel } = model;
  const envSettings = environment ? environments?.[environment] : undefined;
  const layers: Layer[] = [
    {
      source: 'default',
      origin: () => 'built-in default',
      value: withoutPort(BUILT_IN_DEFAULTS as PlatformDefaults),
    },
    {
      source: 'default',
      origin: p => `app-config dyploma.defaults.${p}`,
      value: withoutPort(defaults),
    },
    {
      source: 'service',
      origin: p => `${prefix}.${p}`,
      value: serviceLevel as Record<string, unknown>,
    },
    {
      source: 'environment',
      origin: p => `${prefix}.environments.${environment}.${p}`,
      value: envSettings as Record<string, unknown> | undefined,
    },
  ];
  const { value, provenance } = mergeLayers(layers);
  return { merged: value as Merged, provenance };
}

/**
 * The effective settings of a service in an environment: built-in
 * defaults, then app-config defaults, then the service's model, then the
 * environment's overrides; and, for every value, where it came from.
 */
export function resolveEffectiveModel(
  options: ResolveOptions,
): EffectiveResult {
  const { model, environment, defaults, service } = options;
  const prefix = options.pathPrefix ?? 'spec.dyploma';
  const { merged: m, provenance: prov } = mergeModelLayers(options);

  const ports = resolvePorts(model, defaults, prov, prefix);
  const readiness = resolveProbe(m.health?.readiness, ports);
  const liveness = resolveProbe(m.health?.liveness, ports);
  // Startup guards liveness: it runs the liveness check unless told otherwise.
  const s = m.health?.startup ?? {};
  const ownCheck =
    s.path !== undefined || s.command !== undefined || s.port !== undefined;
  const startup =
    s.enabled === false || (!liveness && !ownCheck)
      ? undefined
      : resolveProbe(
          ownCheck
            ? s
            : {
                ...s,
                path: m.health?.liveness?.path,
                command: m.health?.liveness?.command,
                port: m.health?.liveness?.port,
              },
          ports,
        );
  for (const [kind, probe] of Object.entries({
    readiness,
    liveness,
    startup,
  })) {
    const cfg = m.health?.[kind as 'readiness'];
    if (
      probe &&
      probe.type !== 'exec' &&
      cfg?.port === undefined &&
      !(
        kind === 'startup' &&
        !ownCheck &&
        m.health?.liveness?.port !== undefined
      )
    ) {
      prov.set(`health.${kind}.port`, {
        source: DERIVED,
        from: `the first port, ${ports[0]?.name} (${ports[0]?.port})`,
      });
    }
    if (probe) {
      prov.set(`health.${kind}.type`, {
        source: DERIVED,
        from: PROBE_TYPE_REASON[probe.type],
      });
    }
  }

  const metricsCfg = m.metrics ?? {};
  const httpPort = ports.find(p => p.protocol === 'http');
  const metricsPort =
    metricsCfg.port !== undefined
      ? findPort(ports, metricsCfg.port)
      : httpPort?.port;
  const metrics =
    metricsCfg.enabled === false || metricsPort === undefined
      ? undefined
      : { port: metricsPort, path: metricsCfg.path ?? '/metrics' };
  if (metrics && metricsCfg.port === undefined) {
    prov.set('metrics.port', {
      source: DERIVED,
      from: `the first http port, ${httpPort?.name} (${httpPort?.port})`,
    });
  }

  const flavour = m.properties?.flavour ?? 'env';
  const properties = {
    flavour,
    mountPath: m.properties?.mountPath ?? '/etc/dyploma',
    values: sortedValues(m.properties?.values),
    ...(flavour === 'env'
      ? {}
      : { fileName: m.properties?.fileName ?? DEFAULT_FILE_NAMES[flavour] }),
  };
  if (flavour !== 'env' && !m.properties?.fileName) {
    prov.set('properties.fileName', {
      source: DERIVED,
      from: `the flavour (${flavour})`,
    });
  }

  const resources = {
    requests: { ...(m.resources?.requests ?? {}) },
    limits: { ...(m.resources?.limits ?? {}) },
  };
  const a = m.autoscaling;
  const autoscaling =
    a && a.enabled !== false && a.max !== undefined
      ? {
          min: a.min ?? 1,
          max: a.max,
          ...(a.cpu !== undefined ? { cpu: a.cpu } : {}),
          ...(a.memory !== undefined ? { memory: a.memory } : {}),
        }
      : undefined;

  const cronJobs: EffectiveCronJob[] = (model.cronJobs ?? []).map(job => ({
    name: job.name,
    schedule: job.schedule,
    command: job.command,
    ...(job.args ? { args: job.args } : {}),
    ...(job.timeZone ? { timeZone: job.timeZone } : {}),
    concurrencyPolicy: job.concurrencyPolicy ?? 'Forbid',
    enabled: job.enabled ?? true,
    backoffLimit: job.backoffLimit ?? 2,
    resources: {
      requests: { ...resources.requests, ...(job.resources?.requests ?? {}) },
      limits: { ...resources.limits, ...(job.resources?.limits ?? {}) },
    },
  }));

  const owner = ownerName(service.owner);
  const costCentre = model.costCentre ?? owner;
  const result: EffectiveResult['model'] = {
    service: {
      name: service.name,
      ...(service.owner ? { owner: service.owner } : {}),
      ...(service.system ? { system: service.system } : {}),
      ...(costCentre ? { costCentre } : {}),
    },
    ...(environment ? { environment } : {}),
    image: model.image,
    build: {
      context: model.build?.context ?? '.',
      dockerfile: model.build?.dockerfile ?? 'Dockerfile',
      ...(model.build?.target ? { target: model.build.target } : {}),
      args: stringValues(model.build?.args),
      parameters: stringValues(model.build?.parameters),
    },
    ports,
    health: {
      ...(readiness ? { readiness } : {}),
      ...(liveness ? { liveness } : {}),
      ...(startup ? { startup } : {}),
    },
    resources,
    properties,
    secrets: m.secrets ?? [],
    ...(metrics ? { metrics } : {}),
    replicas: m.replicas ?? BUILT_IN_DEFAULTS.replicas,
    placement: { ...(m.placement ?? {}) },
    ...(autoscaling ? { autoscaling } : {}),
    disruptionBudget: {
      maxUnavailable: m.disruptionBudget?.maxUnavailable ?? 1,
    },
    cronJobs,
    overrides: {
      pod: isPlainObject(m.overrides?.pod) ? m.overrides!.pod : {},
      container: isPlainObject(m.overrides?.container)
        ? m.overrides!.container
        : {},
    },
  };
  if (!model.costCentre && costCentre) {
    prov.set('service.costCentre', {
      source: DERIVED,
      from: 'the owner (no costCentre in the model)',
    });
  }
  const provenance: Record<string, Provenance> = {};
  for (const key of [...prov.keys()].sort()) provenance[key] = prov.get(key)!;
  return { model: result, provenance };
}
