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
import type { ClusterInfo } from '../clusters/topology';
import { ClusterCache, FleetChange } from './ClusterCache';
import type { ClusterHealth } from './health';
import { ALL_KINDS, FleetKind, FleetObjects } from './kinds';
import type { KubeClients } from './KubeClients';
import { LabelSelector, labelMatcher } from './labelSelector';
import { Interner, SlimPodMetric } from './slim';
import { DEFAULT_TIMING, FleetTiming } from './timing';

/** Which cached objects to read; every field narrows. */
export type FleetQuery = {
  cluster?: string;
  namespace?: string;
  labelSelector?: LabelSelector;
};

/** A cached object and the cluster it lives in. */
export type FleetItem<T> = { cluster: string; object: T };

export type FleetCacheOptions = {
  clusters: Iterable<ClusterInfo>;
  logger: LoggerService;
  /** Kinds to cache; default all (see `ALL_KINDS`). */
  resources?: FleetKind[];
  timing?: Partial<FleetTiming>;
  /** For tests: the randomness behind backoff jitter and watch timeouts. */
  random?: () => number;
};

export type FleetChangeListener = (change: FleetChange) => void;

/**
 * The fleet read model: watch caches of every configured cluster. Every read
 * API of Dyploma answers from here, so a page view makes no Kubernetes API
 * call and a dead cluster costs a page nothing but a "last seen" label.
 *
 * Returned objects are the cached instances: read them, never change them.
 */
export class FleetCache {
  private readonly clusters = new Map<string, ClusterCache>();
  private readonly listeners = new Set<FleetChangeListener>();
  private readonly logger: LoggerService;

  constructor(options: FleetCacheOptions) {
    this.logger = options.logger;
    const timing = { ...DEFAULT_TIMING, ...options.timing };
    // One for all clusters: their objects share label sets, images, node shapes.
    const interner = new Interner();
    for (const cluster of options.clusters) {
      this.clusters.set(
        cluster.name,
        new ClusterCache({
          cluster,
          resources: options.resources ?? ALL_KINDS,
          timing,
          interner,
          logger: options.logger.child({ cluster: cluster.name }),
          random: options.random,
          onChange: change => this.emit(change),
        }),
      );
    }
  }

  /** Starts every cluster's caches; returns at once, syncing goes on in the background. */
  async start() {
    await Promise.all([...this.clusters.values()].map(c => c.start()));
  }

  async stop() {
    await Promise.all([...this.clusters.values()].map(c => c.stop()));
  }

  /**
   * Resolves true once every kind of every cluster has been listed, or false
   * after `timeoutMs` (a cluster that is down at start-up never syncs; its
   * caches keep retrying and callers should not wait for it forever).
   */
  async waitForSync({ timeoutMs = 30_000 }: { timeoutMs?: number } = {}) {
    const all = () => [...this.clusters.values()].every(c => c.synced);
    return this.waitFor(() => all(), { timeoutMs }).then(
      () => true,
      () => false,
    );
  }

  /** Health of every cluster (or one), from the caches: no API call. */
  clusterHealth(): ClusterHealth[];
  clusterHealth(cluster: string): ClusterHealth | undefined;
  clusterHealth(cluster?: string) {
    if (cluster !== undefined) return this.clusters.get(cluster)?.health();
    return [...this.clusters.values()].map(c => c.health());
  }

  /** A cluster's state and last-seen time, as `clusterHealth` has them, without the rest. */
  clusterSeen(
    cluster: string,
  ): Pick<ClusterHealth, 'state' | 'lastSeen'> | undefined {
    return this.clusters.get(cluster)?.seen();
  }

  /** The API clients of a cluster, for writers that want the same configuration. */
  kubeClients(cluster: string): KubeClients | undefined {
    return this.clusters.get(cluster)?.kubeClients;
  }

  /** Cached objects of one kind matching the query, cluster by cluster. */
  list<K extends FleetKind>(
    resource: K,
    query: FleetQuery = {},
  ): Array<FleetItem<FleetObjects[K]>> {
    const matches = labelMatcher(query.labelSelector);
    const items: Array<FleetItem<FleetObjects[K]>> = [];
    for (const cluster of this.selectClusters(query.cluster)) {
      for (const object of cluster.objects(resource, query.namespace)) {
        if (matches(object.metadata?.labels)) {
          items.push({ cluster: cluster.name, object });
        }
      }
    }
    return items;
  }

  /** One cached object (namespace "" for nodes). */
  get<K extends FleetKind>(
    resource: K,
    cluster: string,
    namespace: string,
    name: string,
  ): FleetObjects[K] | undefined {
    return this.clusters.get(cluster)?.get(resource, namespace, name);
  }

  deployments(query?: FleetQuery) {
    return this.list('deployments', query);
  }

  replicaSets(query?: FleetQuery) {
    return this.list('replicasets', query);
  }

  pods(query?: FleetQuery) {
    return this.list('pods', query);
  }

  horizontalPodAutoscalers(query?: FleetQuery) {
    return this.list('horizontalpodautoscalers', query);
  }

  jobs(query?: FleetQuery) {
    return this.list('jobs', query);
  }

  cronJobs(query?: FleetQuery) {
    return this.list('cronjobs', query);
  }

  nodes(query?: Omit<FleetQuery, 'namespace'>) {
    return this.list('nodes', query);
  }

  /** Events, optionally only those about one object (by kind and name). */
  events(
    query: FleetQuery & {
      involvedObject?: { kind?: string; name?: string };
    } = {},
  ) {
    const about = query.involvedObject;
    const items = this.list('events', query);
    if (!about) return items;
    return items.filter(({ object: { involvedObject: o } }) =>
      (['kind', 'name'] as const).every(
        k => about[k] === undefined || o?.[k] === about[k],
      ),
    );
  }

  /**
   * The last polled usage of pods. A label selector applies to the pods'
   * labels (from the pod cache), as `kubectl top pod -l` does.
   */
  podMetrics(query: FleetQuery = {}): Array<FleetItem<SlimPodMetric>> {
    const matches =
      query.labelSelector === undefined
        ? undefined
        : labelMatcher(query.labelSelector);
    const items: Array<FleetItem<SlimPodMetric>> = [];
    for (const cluster of this.selectClusters(query.cluster)) {
      for (const metric of cluster.podMetrics(query.namespace)) {
        if (matches) {
          const { namespace, name } = metric.metadata;
          const pod = cluster.get('pods', namespace, name);
          if (!pod || !matches(pod.metadata?.labels)) continue;
        }
        items.push({ cluster: cluster.name, object: metric });
      }
    }
    return items;
  }

  /**
   * A number that changes whenever the cached objects of a kind in one namespace of a
   * cluster change (stored, replaced or removed), or for `podmetrics` whenever a poll
   * replaces the cluster's pod metrics; the same number, the same objects. For readers
   * that keep what they make of a namespace's objects (the status read's live state).
   */
  stamp(
    resource: FleetKind | 'podmetrics',
    cluster: string,
    namespace: string,
  ): number {
    return this.clusters.get(cluster)?.stamp(resource, namespace) ?? 0;
  }

  /**
   * Calls the listener after every change the caches take in (objects,
   * health, metrics). Returns the function that unsubscribes it.
   */
  onChange(listener: FleetChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Waits until `check` returns a truthy value, evaluating it now and after
   * each change: how a rollout tracker waits on Deployments without polling
   * the cluster. Rejects after `timeoutMs` or when `signal` aborts. `when`
   * skips the check for changes that cannot matter (another cluster, another
   * kind): during a large rollout the fleet changes hundreds of times a second.
   */
  waitFor<T>(
    check: () => T | undefined | null | false,
    options: {
      timeoutMs?: number;
      signal?: AbortSignal;
      when?: (change: FleetChange) => boolean;
    } = {},
  ): Promise<T> {
    const { timeoutMs, signal, when } = options;
    return new Promise<T>((resolve, reject) => {
      const cleanups: Array<() => void> = [];
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups.splice(0)) cleanup();
        outcome();
      };
      const evaluate = () => {
        try {
          const value = check();
          if (value) settle(() => resolve(value));
        } catch (e) {
          settle(() => reject(e));
        }
      };
      cleanups.push(
        this.onChange(change => {
          if (!when || when(change)) evaluate();
        }),
      );
      if (timeoutMs !== undefined) {
        const timer = setTimeout(
          () =>
            settle(() => reject(new Error(`timed out after ${timeoutMs} ms`))),
          timeoutMs,
        );
        cleanups.push(() => clearTimeout(timer));
      }
      if (signal) {
        const onAbort = () =>
          settle(() => reject(signal.reason ?? new Error('aborted')));
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
      evaluate();
    });
  }

  private selectClusters(name?: string): ClusterCache[] {
    if (name === undefined) return [...this.clusters.values()];
    const cluster = this.clusters.get(name);
    return cluster ? [cluster] : [];
  }

  private emit(change: FleetChange) {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (e) {
        this.logger.error(`A fleet change listener failed: ${e}`);
      }
    }
  }
}
