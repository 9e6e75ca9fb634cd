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

/** One answer of the backend, with how long it took (ms, wall clock). */
export type Timed<T = any> = { status: number; body: T; ms: number };

/** A thin JSON client of the bench backend, signed in as the guest. */
export class Backend {
  token = '';

  constructor(readonly baseUrl: string) {}

  async signIn() {
    const res = await this.call('POST', '/api/auth/guest/refresh');
    if (res.status !== 200) {
      throw new Error(
        `guest sign-in: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    this.token = res.body.backstageIdentity.token;
    return res.body.backstageIdentity.identity as {
      ownershipEntityRefs: string[];
    };
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Timed<T>> {
    try {
      return await this.once<T>(method, path, body);
    } catch (e) {
      // A keep-alive connection the server closed as it was reused (ECONNRESET on a loaded
      // machine): a GET is safe to send again, once; anything else is reported.
      if (method !== 'GET') throw e;
      return this.once<T>(method, path, body);
    }
  }

  private async once<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Timed<T>> {
    const start = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token && { Authorization: `Bearer ${this.token}` }),
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - start;
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, ms };
  }

  /** Like `call`, but throws unless the status is one of `ok`. */
  async expect<T = any>(
    ok: number[],
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Timed<T>> {
    const res = await this.call<T>(method, path, body);
    if (!ok.includes(res.status)) {
      throw new Error(
        `${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(
          0,
          500,
        )}`,
      );
    }
    return res;
  }
}

/**
 * Empties the bench client's own young generation before a timed request, when node runs
 * with `--expose-gc` (bench/fleet/run, bench/status-read/run): the client parses the peer's
 * 210 KB answers, and a scavenge of that garbage landing inside the next timed request was
 * the client's pause, not the server's. A minor GC takes well under a millisecond here and
 * runs outside the timing; both sides get it alike.
 */
export function clientGc() {
  (globalThis as { gc?: (o?: object) => void }).gc?.({ type: 'minor' });
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export type Latency = {
  runs: number;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
};

/** Runs `request` `runs` times one after the other (a user's page views) and summarises. */
export async function measure(
  runs: number,
  request: () => Promise<Timed>,
): Promise<Latency> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    clientGc();
    const res = await request();
    if (res.status !== 200) {
      throw new Error(
        `answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    }
    times.push(res.ms);
    bytes = JSON.stringify(res.body).length;
  }
  return {
    runs,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: Math.max(...times),
    bytes,
  };
}

/**
 * Runs each request once per round, one at a time, rotating which goes first,
 * and summarises each; `rounds` samples of every request.
 */
export async function interleaved<K extends string>(
  rounds: number,
  requests: Record<K, () => Promise<Timed>>,
): Promise<Record<K, Latency>> {
  const keys = Object.keys(requests) as K[];
  const times = Object.fromEntries(
    keys.map(k => [k, [] as number[]]),
  ) as Record<K, number[]>;
  const bytes = {} as Record<K, number>;
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < keys.length; j++) {
      const key = keys[(round + j) % keys.length];
      clientGc();
      const res = await requests[key]();
      if (res.status !== 200) {
        throw new Error(
          `${key} answered ${res.status}: ${JSON.stringify(res.body).slice(
            0,
            300,
          )}`,
        );
      }
      times[key].push(res.ms);
      bytes[key] = JSON.stringify(res.body).length;
    }
  }
  return Object.fromEntries(
    keys.map(k => [
      k,
      {
        runs: rounds,
        p50: percentile(times[k], 50),
        p95: percentile(times[k], 95),
        max: Math.max(...times[k]),
        bytes: bytes[k],
      },
    ]),
  ) as Record<K, Latency>;
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function inParallel<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
