import type { Order } from '@dyploma/plugin-dyploma-common';

/** `deploy 1.4.2 to production`, `scale to 30 in production`. */
export function describeOrder(
  order: Pick<Order, 'kind' | 'params' | 'environment'>,
): string {
  const p = order.params as {
    version?: string;
    replicas?: number;
    toRevision?: number;
  };
  const env = order.environment;
  switch (order.kind) {
    case 'deploy':
      return `deploy ${p.version ?? ''}${
        p.replicas !== undefined ? ` × ${p.replicas}` : ''
      } to ${env}`;
    case 'scale':
      return `scale to ${p.replicas} in ${env}`;
    case 'rollback':
      return `roll back ${env}${
        p.toRevision !== undefined ? ` to release ${p.toRevision}` : ''
      }`;
    default:
      return `${order.kind} in ${env}`;
  }
}
