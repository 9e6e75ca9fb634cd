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

import type { LoggerService } from '@backstage/backend-plugin-api';
import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay } from './backoff';
import { describeError, isGone } from './errors';
import type { CachedObject, FleetKind, KindSpec } from './kinds';
import type { KubeClients } from './KubeClients';
import { ObjectIndex } from './ObjectIndex';
import type { Interner } from './slim';
import type { FleetTiming } from './timing';

/** A change to one cached object, after it was applied to the cache. */
export type ResourceChange = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: CachedObject;
};

/** What one kind's cache knows about itself (health, counters). */
export type ResourceCacheStatus = {
  resource: FleetKind;
  /** Listed at least once: its objects are readable (perhaps stale). */
  synced: boolean;
  /** The last list or watch request succeeded. */
  healthy: boolean;
  lastError?: string;
  /** Last response, event or bookmark from the cluster for this kind. */
  lastSeen?: Date;
  resourceVersion?: string;
  objects: number;
  /** Full lists done (the first sync, then every relist). */
  lists: number;
  /** Watches or list pages that got 410 Expired. */
  expirations: number;
  /** Watches the watchdog ended for silence. */
  stalls: number;
  /** Objects dropped for age or over a namespace's cap (Events; see FleetTiming). */
  dropped: number;
  /** Failures since the last success (drives the backoff). */
  failures: number;
};

export type ResourceCacheOptions = {
  spec: KindSpec;
  clients: KubeClients;
  timing: FleetTiming;
  logger: LoggerService;
  /** Shares equal strings and values between the cached objects of every cluster. */
  interner: Interner;
  /** Called for every change, after the cache holds it. */
  onChange(change: ResourceChange): void;
  /** Called when `synced` or `healthy` flips. */
  onStatus(): void;
  random?: () => number;
};

type WatchEnd = 'closed' | 'expired' | 'stalled' | 'stopped';

/** The longest the Event sweep holds the event loop before it lets others run. */
const SWEEP_SLICE_MS = 2;

/**
 * One kind in one cluster, all namespaces: list, then watch from the list's
 * resourceVersion with bookmarks, resuming after the server ends a watch,
 * relisting after 410 Expired or when a watchdog finds the watch silent, and
 * backing off (capped, jittered) after errors. On failure the objects stay as
 * they were last seen: a cluster that went away still shows its last state.
 *
 * Every object is kept in its slim shape (see ./slim), made as it arrives.
 * Events are kept for `eventTtlMs` after they last happened, at most the
 * newest `eventsPerNamespace` of a namespace.
 *
 * Written on client-node's `Watch` and list calls rather than its informer,
 * which can stall silently and floods watch requests after reconnects
 * (kubernetes-client/javascript#958, #1933).
 */
export class ResourceCache {
  readonly index = new ObjectIndex();
  private readonly state: ResourceCacheStatus;
  private running?: Promise<void>;
  private abort = new AbortController();
  private endWatch?: (end: WatchEnd) => void;
  private lastActivity = 0;
  private watchdog?: NodeJS.Timeout;
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;

  constructor(private readonly options: ResourceCacheOptions) {
    this.state = {
      resource: options.spec.resource,
      synced: false,
      healthy: false,
      objects: 0,
      lists: 0,
      expirations: 0,
      stalls: 0,
      dropped: 0,
      failures: 0,
    };
  }

  get resource() {
    return this.options.spec.resource;
  }

  status(): ResourceCacheStatus {
    return { ...this.state, objects: this.index.size };
  }

  /** `status().lastSeen`, without copying the rest. */
  get lastSeen(): Date | undefined {
    return this.state.lastSeen;
  }

  start() {
    if (this.running) return;
    this.abort = new AbortController();
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
    if (this.options.spec.lastSeen) {
      this.sweeper = setInterval(
        () => void this.sweep(),
        this.options.timing.eventSweepIntervalMs,
      );
      this.sweeper.unref?.();
    }
  }

  async stop() {
    this.abort.abort();
    clearInterval(this.sweeper);
    this.endWatch?.('stopped');
    await this.running;
  }

  private get stopped() {
    return this.abort.signal.aborted;
  }

  private async run() {
    const { timing, logger, spec, clients } = this.options;
    let needList = true;
    let expiredInRow = 0;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
          expiredInRow = 0;
        }
        const started = Date.now();
        const end = await this.watchOnce();
        if (end === 'expired') {
          // The history no longer reaches our version: only a list is the truth now.
          this.state.expirations++;
          needList = true;
        } else if (end === 'stalled') {
          this.state.stalls++;
          needList = true;
          logger.warn(
            `Watch of ${spec.resource} in cluster ${clients.cluster} was silent for ${timing.watchSilenceMs} ms; relisting`,
          );
        } else if (
          end === 'closed' &&
          Date.now() - started < timing.backoffInitialMs
        ) {
          // A server that ends every watch at once must not turn this into a hot loop.
          await this.sleep(timing.backoffInitialMs);
        }
      } catch (e) {
        if (this.stopped) break;
        needList = true;
        if (isGone(e) && ++expiredInRow <= 3) {
          // A list's continue token expired between pages: list again from the start.
          this.state.expirations++;
          continue;
        }
        this.fail(e);
        await this.sleep(
          backoffDelay(
            this.state.failures,
            { initialMs: timing.backoffInitialMs, maxMs: timing.backoffMaxMs },
            this.options.random,
          ),
        );
      }
    }
  }

  private fail(e: unknown) {
    const { logger, spec, clients } = this.options;
    this.state.failures++;
    this.state.lastError = describeError(e);
    if (this.state.failures === 1) {
      logger.warn(
        `Cache of ${spec.resource} in cluster ${clients.cluster} failed: ${this.state.lastError}; retrying with backoff`,
      );
    }
    this.setHealthy(false);
  }

  private succeed() {
    const { logger, spec, clients } = this.options;
    if (this.state.failures > 0) {
      logger.info(
        `Cache of ${spec.resource} in cluster ${clients.cluster} recovered after ${this.state.failures} failures`,
      );
    }
    this.state.failures = 0;
    this.state.lastError = undefined;
    this.setHealthy(true);
  }

  private setHealthy(healthy: boolean) {
    const changed = this.state.healthy !== healthy;
    this.state.healthy = healthy;
    if (changed) this.options.onStatus();
  }

  private seen() {
    this.state.lastSeen = new Date();
    this.lastActivity = Date.now();
  }

  /** Bounds each list request in time and ends it when the cache stops. */
  private requestSignal() {
    return AbortSignal.any([
      this.abort.signal,
      AbortSignal.timeout(this.options.timing.requestTimeoutMs),
    ]);
  }

  /**
   * Lists every page, then brings the cache to exactly that state. Each page
   * is parsed once and slimmed at once: only the slim objects outlive it.
   */
  private async relist() {
    const { spec, clients, timing, interner } = this.options;
    const fresh = new ObjectIndex();
    let resourceVersion: string | undefined;
    let next: string | undefined;
    do {
      const page = await clients.getJson(
        spec.path,
        { limit: timing.listPageSize, continue: next },
        this.requestSignal(),
      );
      this.seen();
      for (const item of page?.items ?? []) {
        const object = spec.slim(item, interner);
        if (this.admits(object)) fresh.set(object);
        else this.state.dropped++;
      }
      resourceVersion = page?.metadata?.resourceVersion ?? resourceVersion;
      next = page?.metadata?.continue || undefined;
    } while (next && !this.stopped);
    if (this.stopped) return;
    for (const namespace of [...fresh.namespaces()]) {
      this.state.dropped += this.capNamespace(fresh, namespace).length;
    }

    // Applied in one synchronous step: a reader sees the old state or the new, never a mix.
    const changes: ResourceChange[] = [];
    for (const object of fresh.values()) {
      const old = this.index.set(object);
      if (!old) changes.push({ type: 'ADDED', object });
      else if (
        old.metadata?.resourceVersion !== object.metadata?.resourceVersion
      ) {
        changes.push({ type: 'MODIFIED', object });
      }
    }
    const gone = [...this.index.values()].filter(
      o => !fresh.get(o.metadata?.namespace ?? '', o.metadata?.name ?? ''),
    );
    for (const object of gone) {
      this.index.delete(
        object.metadata?.namespace ?? '',
        object.metadata?.name ?? '',
      );
      changes.push({ type: 'DELETED', object });
    }
    this.state.resourceVersion = resourceVersion;
    this.state.lists++;
    const firstSync = !this.state.synced;
    this.state.synced = true;
    this.succeed();
    if (firstSync) this.options.onStatus();
    for (const change of changes) this.options.onChange(change);
  }

  /** One watch request, from the current resourceVersion, until it ends. */
  private watchOnce(): Promise<WatchEnd> {
    const { spec, clients, timing } = this.options;
    return new Promise<WatchEnd>((resolve, reject) => {
      let settled = false;
      let controller: AbortController | undefined;
      const finish = (error: unknown, end?: WatchEnd) => {
        if (settled) return;
        settled = true;
        clearInterval(this.watchdog);
        this.endWatch = undefined;
        controller?.abort();
        if (error) reject(error);
        else resolve(end!);
      };
      this.endWatch = end => finish(undefined, end);
      this.lastActivity = Date.now();
      this.watchdog = setInterval(() => {
        if (Date.now() - this.lastActivity > timing.watchSilenceMs) {
          finish(undefined, 'stalled');
        }
      }, Math.max(20, Math.min(1000, timing.watchSilenceMs / 5)));
      this.watchdog.unref?.();

      const timeoutSeconds = Math.round(
        timing.watchTimeoutSeconds *
          (1 + (this.options.random ?? Math.random)()),
      );
      clients.watch
        .watch(
          spec.path,
          {
            allowWatchBookmarks: true,
            resourceVersion: this.state.resourceVersion,
            timeoutSeconds,
          },
          (type: string, object: any) => {
            if (settled) return;
            this.seen();
            if (type === 'ERROR') {
              if (object?.code === 410) finish(undefined, 'expired');
              else
                finish(
                  new Error(
                    `watch error ${object?.code ?? ''}: ${
                      object?.message ?? JSON.stringify(object)
                    }`,
                  ),
                );
              return;
            }
            const rv = object?.metadata?.resourceVersion;
            if (rv) this.state.resourceVersion = rv;
            if (type === 'BOOKMARK') return;
            this.apply(type, spec.slim(object, this.options.interner));
          },
          (err: any) => {
            if (!err) finish(undefined, 'closed');
            else if (isGone(err)) finish(undefined, 'expired');
            else if (err?.name === 'AbortError') finish(undefined, 'stopped');
            else finish(err);
          },
        )
        .then(
          c => {
            controller = c;
            if (settled) c.abort();
            else {
              this.seen();
              this.succeed();
            }
          },
          e => finish(e),
        );
    });
  }

  private apply(type: string, object: CachedObject) {
    const namespace = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    if (type === 'DELETED') {
      this.index.delete(namespace, name);
      this.options.onChange({ type: 'DELETED', object });
      return;
    }
    if (!this.admits(object)) {
      // An Event that last happened before the window: it was dropped or never kept.
      this.state.dropped++;
      const old = this.index.delete(namespace, name);
      if (old) this.options.onChange({ type: 'DELETED', object: old });
      return;
    }
    const old = this.index.set(object);
    this.options.onChange({ type: old ? 'MODIFIED' : 'ADDED', object });
    const { timing, spec } = this.options;
    if (
      spec.lastSeen &&
      this.index.countIn(namespace) > timing.eventsPerNamespace * 1.1
    ) {
      const dropped = this.capNamespace(this.index, namespace);
      this.state.dropped += dropped.length;
      for (const gone of dropped) {
        this.options.onChange({ type: 'DELETED', object: gone });
      }
    }
  }

  /** False for an Event that last happened longer ago than the cache keeps Events. */
  private admits(object: CachedObject): boolean {
    const { spec, timing } = this.options;
    if (!spec.lastSeen) return true;
    return !(spec.lastSeen(object) < Date.now() - timing.eventTtlMs);
  }

  /** Keeps the newest `eventsPerNamespace` Events of a namespace; returns those dropped. */
  private capNamespace(index: ObjectIndex, namespace: string): CachedObject[] {
    const { spec, timing } = this.options;
    const lastSeen = spec.lastSeen;
    if (!lastSeen || index.countIn(namespace) <= timing.eventsPerNamespace) {
      return [];
    }
    const time = (o: CachedObject) => lastSeen(o) || 0;
    const oldestFirst = [...index.values(namespace)].sort(
      (a, b) => time(a) - time(b),
    );
    const dropped = oldestFirst.slice(
      0,
      oldestFirst.length - timing.eventsPerNamespace,
    );
    for (const o of dropped) index.delete(namespace, o.metadata.name);
    return dropped;
  }

  /**
   * Drops the Events that have aged out of the window since they came in, one
   * namespace at a time: each namespace in one synchronous step (a reader of a
   * namespace sees it swept or not, never half), yielding to the event loop
   * every `SWEEP_SLICE_MS`. At the seed's scale (106,000 Events) one pass over
   * them all blocked the backend for 15–25 ms once a minute; a namespace is a
   * few hundred at most. Another namespace waiting its turn for a few ms more
   * is harmless: Events already stay up to a sweep interval past the window.
   */
  private async sweep() {
    const { spec, timing, onChange } = this.options;
    const lastSeen = spec.lastSeen;
    if (!lastSeen || this.sweeping) return;
    this.sweeping = true;
    try {
      const cutoff = Date.now() - timing.eventTtlMs;
      let sliceStart = performance.now();
      for (const namespace of [...this.index.namespaces()]) {
        if (performance.now() - sliceStart > SWEEP_SLICE_MS) {
          await new Promise(resolve => setImmediate(resolve));
          sliceStart = performance.now();
        }
        if (this.stopped) return;
        const old: CachedObject[] = [];
        for (const o of this.index.values(namespace)) {
          if (lastSeen(o) < cutoff) old.push(o);
        }
        for (const object of old) {
          this.index.delete(namespace, object.metadata.name);
          this.state.dropped++;
          onChange({ type: 'DELETED', object });
        }
      }
    } finally {
      this.sweeping = false;
    }
  }

  /** Waits, or less if the cache stops meanwhile. */
  private async sleep(ms: number) {
    await delay(ms, undefined, { signal: this.abort.signal }).catch(() => {});
  }
}
