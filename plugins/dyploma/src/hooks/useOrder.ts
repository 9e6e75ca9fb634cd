import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type { Order } from '@dyploma/plugin-dyploma-common';
import { useEffect, useRef, useState } from 'react';
import { dyplomaApiRef } from '../api';
import { useServiceSignal } from './useServiceSignal';

/** How often a running order is read again. */
export const ORDER_POLL_MS = 2000;

export function isActive(order: Pick<Order, 'status'>): boolean {
  return order.status === 'pending' || order.status === 'running';
}

/**
 * Follows an order: reads `GET /orders/{id}` (targets and events) now, again at once
 * whenever the backend signals a change of this order, and every two seconds while it
 * is pending or running (the fallback when signals are late or not installed).
 * `onFinished` runs when it ends; a retried order is followed again.
 */
export function useOrder(
  initial: Order,
  options: { intervalMs?: number; onFinished?: (order: Order) => void } = {},
) {
  const api = useApi(dyplomaApiRef);
  const [order, setOrder] = useState<Order>(initial);
  const [error, setError] = useState<Error>();
  const interval = options.intervalMs ?? ORDER_POLL_MS;
  const onFinished = useRef(options.onFinished);
  onFinished.current = options.onFinished;
  const wake = useRef<() => void>();

  useServiceSignal(serviceNameOfRef(initial.service), signal => {
    if (signal.orderId === initial.id) wake.current?.();
  });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reading = false;
    let readAgain = false;
    const read = async () => {
      // One read at a time: a signal during a read asks for one more afterwards, so the
      // last change is never answered by a response that left before it.
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      clearTimeout(timer);
      let active = true;
      try {
        const next = await api.getOrder(initial.id);
        if (stopped) return;
        setOrder(next);
        setError(undefined);
        active = isActive(next);
        if (!active) onFinished.current?.(next);
      } catch (e) {
        if (stopped) return;
        setError(e as Error);
      } finally {
        reading = false;
      }
      if (readAgain) {
        readAgain = false;
        read();
      } else if (active) {
        timer = setTimeout(read, interval);
      }
    };
    wake.current = read;
    read();
    return () => {
      stopped = true;
      wake.current = undefined;
      clearTimeout(timer);
    };
  }, [api, initial.id, interval]);

  return { order, error };
}

/** `component:default/payments` → `{namespace: 'default', name: 'payments'}`. */
function serviceNameOfRef(ref: string) {
  const { namespace, name } = parseEntityRef(ref);
  return { namespace, name };
}
