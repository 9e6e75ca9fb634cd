import type {
  OrderKind,
  ServiceEnvironmentStatus,
} from '@dyploma/plugin-dyploma-common';
import type { KindPermission } from '../../hooks';
import { specOf } from '../../lib/releaseSpec';

/**
 * The HPA bounds of the environment's current release, when it autoscales: the backend
 * refuses a scale order then (an HPA owns the replicas), so the button says why first.
 */
export function autoscalingOf(
  environment: ServiceEnvironmentStatus,
): { min: number; max: number } | undefined {
  const model = (environment.release?.spec as { model?: unknown } | undefined)
    ?.model as { autoscaling?: { min?: unknown; max?: unknown } } | undefined;
  const a = model?.autoscaling;
  return a && typeof a.min === 'number' && typeof a.max === 'number'
    ? { min: a.min, max: a.max }
    : undefined;
}

/** Why each kind of order may not be given now; absent when it may. */
export function disabledReasons(options: {
  environment: ServiceEnvironmentStatus;
  permissions: Record<OrderKind, KindPermission>;
  hasProblems: boolean;
  following: boolean;
}): Partial<Record<OrderKind, string>> {
  const { environment, permissions, hasProblems, following } = options;
  const reasons: Partial<Record<OrderKind, string>> = {};
  const kinds: OrderKind[] = [
    'deploy',
    'scale',
    'disable',
    'enable',
    'restart',
    'rollback',
  ];
  const spec = specOf(environment.release);
  const autoscaling = autoscalingOf(environment);
  for (const kind of kinds) {
    const permission = permissions[kind];
    if (permission.loading) reasons[kind] = 'Checking your permissions…';
    else if (!permission.allowed) reasons[kind] = permission.reason;
    else if (hasProblems) {
      reasons[kind] =
        "The service's model has problems; fix its catalog-info.yaml first.";
    } else if (environment.activeOrder || following) {
      reasons[
        kind
      ] = `An order is running in ${environment.name}; wait for it to finish.`;
    } else if (!environment.release && kind !== 'deploy') {
      reasons[
        kind
      ] = `Never deployed to ${environment.name}: deploy a version first.`;
    } else if (kind === 'scale' && autoscaling) {
      reasons[
        kind
      ] = `Autoscaled by HPA: ${autoscaling.min}..${autoscaling.max} replicas per cluster. Change autoscaling in the service's catalog-info.yaml (spec.dyploma) to scale it.`;
    } else if (
      kind === 'rollback' &&
      (environment.release?.revision ?? 0) < 2
    ) {
      reasons[
        kind
      ] = `${environment.name} has only one release; there is nothing to roll back to.`;
    } else if (kind === 'enable' && spec.enabled !== false) {
      reasons[kind] = 'Already enabled.';
    } else if (kind === 'disable' && spec.enabled === false) {
      reasons[kind] = 'Already disabled.';
    }
  }
  return reasons;
}
