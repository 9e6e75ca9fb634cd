import type { OrderRequest, Release } from '@dyploma/plugin-dyploma-common';
import { specOf } from './releaseSpec';

/**
 * What an order will change, in words: `replicas 3 → 30 in production`.
 * For the confirmation of orders to protected environments.
 */
export function describeChange(
  request: OrderRequest,
  current: Release | undefined,
): string[] {
  const spec = specOf(current);
  const env = request.environment;
  const was = (v: unknown) => (v === undefined ? 'none' : String(v));
  switch (request.kind) {
    case 'deploy': {
      const lines = [
        `version ${was(spec.version)} → ${request.version} in ${env}`,
      ];
      if (
        request.replicas !== undefined &&
        request.replicas !== spec.replicas
      ) {
        lines.push(
          `replicas ${was(spec.replicas)} → ${request.replicas} in ${env}`,
        );
      }
      return lines;
    }
    case 'scale':
      return [`replicas ${was(spec.replicas)} → ${request.replicas} in ${env}`];
    case 'disable':
      return [
        `replicas ${was(
          spec.replicas,
        )} → 0 in ${env} (disabled; enable restores ${was(spec.replicas)})`,
      ];
    case 'enable':
      return [`replicas 0 → ${was(spec.replicas)} in ${env} (enabled)`];
    case 'restart':
      return [
        `every pod of version ${was(
          spec.version,
        )} in ${env} is replaced, one at a time`,
      ];
    case 'rollback':
      return [
        `release ${was(current?.revision)} → a copy of release ${
          request.toRevision ?? 'before it'
        } in ${env}`,
      ];
    default:
      return [];
  }
}

/** Environments whose orders ask for confirmation first. */
export function isProtected(environment: {
  name: string;
  requireReason: boolean;
}): boolean {
  return /^prod/i.test(environment.name) || environment.requireReason;
}
