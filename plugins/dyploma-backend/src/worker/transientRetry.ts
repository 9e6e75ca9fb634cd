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

import { backoffDelay } from '../fleet/backoff';

/** Node's codes for a connection that broke or never formed; worth another try. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether a failed call to another plugin (catalog, permissions) may succeed when
 * tried again: a broken connection or a 5xx/429 answer. A 4xx (not found, invalid,
 * forbidden) is an answer, never retried.
 */
export function isTransient(error: unknown): boolean {
  for (let e = error as any, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
    if (/socket hang up|ECONNRESET|fetch failed/i.test(String(e.message)))
      return true;
    const status = e.response?.status ?? e.statusCode ?? e.status;
    if (typeof status === 'number') return status === 429 || status >= 500;
  }
  return false;
}

/**
 * Runs `call`, trying again after a transient failure with capped exponential backoff
 * and jitter. Under load, calls between plugins of one backend fail now and then with
 * a reset connection; without this, such a blip ended a deploy order for good.
 */
export async function withTransientRetry<T>(
  call: () => Promise<T>,
  options: {
    attempts?: number;
    initialMs?: number;
    maxMs?: number;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const sleep =
    options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await sleep(
        backoffDelay(attempt, {
          initialMs: options.initialMs ?? 200,
          maxMs: options.maxMs ?? 3_000,
        }),
      );
    }
  }
}
