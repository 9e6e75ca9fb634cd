import type { Config } from '@backstage/config';
import { formatIssues } from './errors/formatIssues';
import { ServiceModelError, toProblem } from './errors/ModelProblem';
import { platformDefaultsSchema, PlatformDefaults } from './model/defaults';
import type { ValidationContext } from './validate/context';

/** The parts of app-config the service model reads. */
export interface ModelConfig {
  defaults: PlatformDefaults;
  allowedRegistries: string[];
  /** Known environments and clusters, when `dyploma.environments` lists them. */
  environments?: Record<string, { clusters?: string[] }>;
}

function readEnvironments(config: Config): ModelConfig['environments'] {
  // The orchestrator owns `dyploma.environments`; we only need names and
  // cluster names, and accept either a map or a list of {name, clusters}.
  try {
    const out: Record<string, { clusters?: string[] }> = {};
    const raw = config.getOptional('dyploma.environments');
    if (raw === undefined) return undefined;
    if (Array.isArray(raw)) {
      const list = config.getConfigArray('dyploma.environments');
      for (const env of list) {
        out[env.getString('name')] = { clusters: readClusters(env) };
      }
      return out;
    }
    const map = config.getConfig('dyploma.environments');
    for (const name of map.keys()) {
      out[name] = { clusters: readClusters(map.getConfig(name)) };
    }
    return out;
  } catch {
    return undefined;
  }
}

function readClusters(env: Config): string[] | undefined {
  const clusters = env.getOptional('clusters');
  if (!Array.isArray(clusters)) return undefined;
  return clusters
    .map(c => (typeof c === 'string' ? c : (c as { name?: unknown })?.name))
    .filter((c): c is string => typeof c === 'string');
}

/**
 * Reads `dyploma.defaults` and `dyploma.allowedRegistries`. Bad defaults
 * throw a ServiceModelError whose paths start at `dyploma.defaults`, so a
 * platform mistake stops the backend at start-up, not at the first deploy.
 */
export function readModelConfig(config: Config): ModelConfig {
  const raw = config.getOptional('dyploma.defaults') ?? {};
  const parsed = platformDefaultsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ServiceModelError(
      formatIssues(parsed.error.issues).map(p =>
        toProblem(p, 'dyploma.defaults'),
      ),
    );
  }
  const environments = readEnvironments(config);
  return {
    defaults: parsed.data,
    allowedRegistries:
      config.getOptionalStringArray('dyploma.allowedRegistries') ?? [],
    ...(environments ? { environments } : {}),
  };
}

/** The validation context for models, from the config. */
export function validationContextFromConfig(config: Config): ValidationContext {
  const { defaults, allowedRegistries, environments } = readModelConfig(config);
  return {
    defaults,
    allowedRegistries,
    ...(environments ? { environments } : {}),
  };
}
