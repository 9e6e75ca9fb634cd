/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { useApi } from '@backstage/core-plugin-api';
import type { Batch } from '@dyploma/plugin-dyploma-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { dyplomaApiRef } from '../api';

/** How often a running batch is read again. */
export const BATCH_POLL_MS = 2000;

/**
 * Follows a batch: reads `GET /batches/{id}` now and every two seconds while it runs
 * (each item's order status and per-cluster progress come with it). `refresh` reads at
 * once (an order signal of one of its services); reads never overlap, and one asked for
 * during a read follows it. `onFinished` runs when a batch seen running ends. `resume` orders the failed, refused and never-started items
 * again and follows the batch once more.
 */
export function useBatch(
  id: string,
  options: { intervalMs?: number; onFinished?: (batch: Batch) => void } = {},
) {
  const api = useApi(dyplomaApiRef);
  const [batch, setBatch] = useState<Batch>();
  const [error, setError] = useState<Error>();
  // Bumped by resume, so polling starts again for a batch that had finished.
  const [generation, setGeneration] = useState(0);
  const readNow = useRef<() => void>(() => {});
  const onFinished = useRef(options.onFinished);
  onFinished.current = options.onFinished;
  const interval = options.intervalMs ?? BATCH_POLL_MS;

  useEffect(() => {
    let stopped = false;
    let reading = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Only an end seen after running counts: opening a finished batch is not an end; a
    // resumed one was running again.
    let wasRunning = generation > 0;
    const read = async () => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      if (timer) clearTimeout(timer);
      let running = true;
      try {
        const next = await api.getBatch(id);
        if (!stopped) {
          setBatch(next);
          setError(undefined);
          running = next.status === 'running';
          if (running) wasRunning = true;
          else if (wasRunning) {
            wasRunning = false;
            onFinished.current?.(next);
          }
        }
      } catch (e) {
        if (!stopped) setError(e as Error);
      }
      reading = false;
      if (stopped) return;
      if (again) {
        again = false;
        read();
      } else if (running) {
        timer = setTimeout(read, interval);
      }
    };
    readNow.current = () => {
      if (!stopped) read();
    };
    read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, id, interval, generation]);

  const refresh = useCallback(() => readNow.current(), []);

  const resume = useCallback(async () => {
    const next = await api.resumeBatch(id);
    setBatch(next);
    setGeneration(g => g + 1);
    return next;
  }, [api, id]);

  // A batch read for another id is never shown as this one.
  return {
    batch: batch?.id === id ? batch : undefined,
    error,
    refresh,
    resume,
  };
}
