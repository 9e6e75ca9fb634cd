import { usePermission } from '@backstage/plugin-permission-react';
import {
  dyplomaServiceDeployPermission,
  dyplomaServiceScalePermission,
  OrderKind,
} from '@dyploma/plugin-dyploma-common';

export type KindPermission = {
  allowed: boolean;
  loading: boolean;
  /** Why the user may not, when they may not. */
  reason?: string;
};

/** May the user give each kind of order for this service? Checked on the entity. */
export function useOrderPermissions(
  entityRef: string,
): Record<OrderKind, KindPermission> {
  const deploy = usePermission({
    permission: dyplomaServiceDeployPermission,
    resourceRef: entityRef,
  });
  const scale = usePermission({
    permission: dyplomaServiceScalePermission,
    resourceRef: entityRef,
  });
  const of = (
    result: { allowed: boolean; loading: boolean },
    name: string,
    what: string,
  ): KindPermission => ({
    allowed: result.allowed,
    loading: result.loading,
    ...(!result.allowed &&
      !result.loading && {
        reason: `You may not ${what} ${entityRef}: it needs the permission ${name}, usually given to the service's owners.`,
      }),
  });
  // One reason per permission, naming every order it gates: the card lists each
  // distinct reason once, where a reason per order repeated the same sentence five times.
  const d = of(
    deploy,
    dyplomaServiceDeployPermission.name,
    'deploy, roll back or restart',
  );
  const s = of(
    scale,
    dyplomaServiceScalePermission.name,
    'scale, disable or enable',
  );
  return {
    deploy: d,
    rollback: d,
    restart: d,
    scale: s,
    disable: s,
    enable: s,
  };
}
