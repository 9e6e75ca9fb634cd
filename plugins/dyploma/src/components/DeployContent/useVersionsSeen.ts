import { useApi } from '@backstage/core-plugin-api';
import type { ServiceStatus } from '@dyploma/plugin-dyploma-common';
import useAsync from 'react-use/esm/useAsync';
import { dyplomaApiRef, ServiceName } from '../../api';
import { specOf } from '../../lib/releaseSpec';

/** Versions seen in the service's recent deploys and current releases, newest first. */
export function useVersionsSeen(
  service: ServiceName,
  status: ServiceStatus | undefined,
): string[] {
  const api = useApi(dyplomaApiRef);
  const history = useAsync(
    () => api.listOrders(service, { limit: 100 }),
    [api, service.namespace, service.name],
  );
  const seen = new Set<string>();
  for (const env of status?.environments ?? []) {
    const version = specOf(env.release).version;
    if (version) seen.add(version);
  }
  for (const order of history.value?.items ?? []) {
    const version = (order.params as { version?: unknown }).version;
    if (order.kind === 'deploy' && typeof version === 'string')
      seen.add(version);
  }
  return [...seen];
}
