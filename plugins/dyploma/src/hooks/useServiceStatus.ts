import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { dyplomaApiRef, ServiceName } from '../api';

/** The status of a service in every environment, with a retry to reload it. */
export function useServiceStatus(service: ServiceName) {
  const api = useApi(dyplomaApiRef);
  return useAsyncRetry(
    () => api.getServiceStatus(service),
    [api, service.namespace, service.name],
  );
}
