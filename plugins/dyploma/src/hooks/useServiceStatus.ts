import { useApi } from '@backstage/core-plugin-api';
import type { ServiceStatus } from '@dyploma/plugin-dyploma-common';
import { useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { dyplomaApiRef, ServiceName } from '../api';

/**
 * The status of a service in every environment, with a retry to reload it. A failed
 * reload keeps the last status it read (next to the error), never a blank page.
 */
export function useServiceStatus(service: ServiceName) {
  const api = useApi(dyplomaApiRef);
  const last = useRef<ServiceStatus>();
  const state = useAsyncRetry(
    () => api.getServiceStatus(service),
    [api, service.namespace, service.name],
  );
  if (state.value) last.current = state.value;
  return { ...state, value: state.value ?? last.current };
}
