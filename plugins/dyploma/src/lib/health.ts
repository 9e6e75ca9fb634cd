import type {
  ClusterLiveState,
  ServiceEnvironmentStatus,
} from '@dyploma/plugin-dyploma-common';

export type EnvironmentHealth = {
  /** healthy, progressing, degraded, unreachable, disabled, not deployed, unknown */
  state: string;
  ready: number;
  desired: number;
  detail?: string;
};

/** One word for an environment, from its clusters' live state. */
export function environmentHealth(
  environment: ServiceEnvironmentStatus,
  live: ClusterLiveState[],
): EnvironmentHealth {
  const mine = live.filter(l => l.environment === environment.name);
  let ready = 0;
  let desired = 0;
  for (const l of mine) {
    ready += l.deployment?.ready ?? 0;
    desired += l.deployment?.desired ?? 0;
  }
  const down = mine.filter(l => l.health === 'down').map(l => l.cluster);
  const base = { ready, desired };
  if (!environment.release) return { ...base, state: 'not deployed' };
  if (environment.release.spec.enabled === false) {
    return { ...base, state: 'disabled' };
  }
  if (down.length > 0) {
    return { ...base, state: 'unreachable', detail: down.join(', ') };
  }
  if (mine.length === 0) return { ...base, state: 'unknown' };
  if (environment.activeOrder) return { ...base, state: 'progressing' };
  const crashing = mine.some(l => l.pods.some(p => p.waiting));
  if (ready < desired || crashing) return { ...base, state: 'degraded' };
  return { ...base, state: 'healthy' };
}
