import { useApi } from '@backstage/core-plugin-api';
import type { Order } from '@dyploma/plugin-dyploma-common';
import { useEffect, useRef, useState } from 'react';
import { dyplomaApiRef } from '../api';

/** How often a running order is read again. */
export const ORDER_POLL_MS = 2000;

export function isActive(order: Pick<Order, 'status'>): boolean {
  return order.status === 'pending' || order.status === 'running';
}

/**
 * Follows an order: reads `GET /orders/{id}` (targets and events) now and every two
 * seconds while it is pending or running. `onFinished` runs once when it ends.
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

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const next = await api.getOrder(initial.id);
        if (stopped) return;
        setOrder(next);
        setError(undefined);
        if (!isActive(next)) {
          onFinished.current?.(next);
          return;
        }
      } catch (e) {
        if (stopped) return;
        setError(e as Error);
      }
      timer = setTimeout(read, interval);
    };
    read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, initial.id, interval]);

  return { order, error };
}
