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

/** How the caches pace themselves; every value can be shortened for tests. */
export type FleetTiming = {
  /**
   * A watch that delivers no event and no bookmark for this long is treated
   * as dead and the kind is relisted. API servers send a bookmark about once
   * a minute to watchers that ask for them, so silence means a stalled
   * connection (client-node's informer hangs like this after about an hour,
   * kubernetes-client/javascript#958).
   */
  watchSilenceMs: number;
  /**
   * Asks the server to end each watch after this long (randomised up to
   * twice as long, as client-go does); the cache resumes from its last
   * resourceVersion. Old connections never linger through proxies.
   */
  watchTimeoutSeconds: number;
  /** A list page or metrics request taking longer than this fails. */
  requestTimeoutMs: number;
  /** First retry delay after a failure; doubled per failure. */
  backoffInitialMs: number;
  /** Ceiling of the retry delay. */
  backoffMaxMs: number;
  /** Pod metrics poll interval; 0 turns polling off. */
  metricsIntervalMs: number;
  /**
   * Items per list page (`limit`); large clusters are listed in pages. Each
   * page is parsed and slimmed at once, so a page costs its size only while
   * it is read. Pages of 1,000 rather than client-go's 500 list the seed's
   * 106,000 Events in half the requests: cold sync 7.3 → 5.1 s (median of 3,
   * bench/fleet/cacheMemory.ts), the same heap and peak RSS.
   */
  listPageSize: number;
  /**
   * Events whose last occurrence is older than this are dropped, and never
   * taken in: the API server itself keeps Events for an hour (its
   * `--event-ttl`), and the events route shows the last hour.
   */
  eventTtlMs: number;
  /** How often Events past `eventTtlMs` are swept out. */
  eventSweepIntervalMs: number;
  /**
   * Newest Events kept per namespace and cluster (the oldest go first once a
   * namespace holds a tenth more). The events route answers at most 1,000
   * Events per request, newest first, so keeping each cluster's newest 1,000
   * of a namespace leaves every answer it can give whole; only a namespace
   * with a storm of distinct Events (each pod of a failing Job…) is capped.
   */
  eventsPerNamespace: number;
};

export const DEFAULT_TIMING: FleetTiming = {
  watchSilenceMs: 3 * 60_000,
  watchTimeoutSeconds: 5 * 60,
  requestTimeoutMs: 30_000,
  backoffInitialMs: 1_000,
  backoffMaxMs: 60_000,
  metricsIntervalMs: 30_000,
  listPageSize: 1000,
  eventTtlMs: 60 * 60_000,
  eventSweepIntervalMs: 60_000,
  eventsPerNamespace: 1000,
};
