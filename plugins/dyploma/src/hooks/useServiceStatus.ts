import { useApi } from '@backstage/core-plugin-api';
import type { ServiceStatus } from '@dyploma/plugin-dyploma-common';
import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { dyplomaApiRef, ServiceName } from '../api';
import { useServiceSignal } from './useServiceSignal';

/**
 * The status of a service in every environment, with a retry to reload it. A failed
 * reload keeps the last status it read (next to the error), never a blank page. It is
 * read again at once when the backend signals a change of one of the service's orders,
 * so a second viewer sees an order start and end without reloading.
 */
export function useServiceStatus(service: ServiceName) {
  const api = useApi(dyplomaApiRef);
  const last = useRef<ServiceStatus>();
  const state = useAsyncRetry(
    () => api.getServiceStatus(service),
    [api, service.namespace, service.name],
  );
  // useAsyncRetry ignores a retry while it loads: a signal then waits for the load to end.
  const missed = useRef(false);
  useServiceSignal(service, () => {
    if (state.loading) missed.current = true;
    else state.retry();
  });
  const { loading, retry } = state;
  useEffect(() => {
    if (!loading && missed.current) {
      missed.current = false;
      retry();
    }
  }, [loading, retry]);
  if (state.value) last.current = state.value;
  return { ...state, value: state.value ?? last.current };
}
