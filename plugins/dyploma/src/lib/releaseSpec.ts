import type { Release } from '@dyploma/plugin-dyploma-common';

/** The runtime decisions a release records (the backend's ReleaseSpec). */
export type ReleaseSpecView = {
  version?: string;
  replicas?: number;
  placement?: Record<string, number>;
  enabled?: boolean;
  restartedAt?: string;
};

export function specOf(release: Release | undefined): ReleaseSpecView {
  const spec = (release?.spec ?? {}) as Record<string, unknown>;
  return {
    version: typeof spec.version === 'string' ? spec.version : undefined,
    replicas: typeof spec.replicas === 'number' ? spec.replicas : undefined,
    placement:
      spec.placement && typeof spec.placement === 'object'
        ? (spec.placement as Record<string, number>)
        : undefined,
    enabled: typeof spec.enabled === 'boolean' ? spec.enabled : undefined,
    restartedAt:
      typeof spec.restartedAt === 'string' ? spec.restartedAt : undefined,
  };
}
