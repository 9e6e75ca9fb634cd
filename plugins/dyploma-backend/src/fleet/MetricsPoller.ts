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
import type { PodMetric } from '@kubernetes/client-node';
import type { KubeClients } from './KubeClients';
import type { FleetTiming } from './timing';

/** The last pod metrics of one cluster (metrics.k8s.io has no watch). */
export type PodMetricsStatus = {
  /** When the last poll succeeded. */
  lastPolled?: Date;
  lastError?: string;
  pods: number;
};

/**
 * Polls `metrics.k8s.io/v1beta1` PodMetricsList for all namespaces every
 * `metricsIntervalMs`. A failed poll keeps the previous figures: usage that
 * is a minute old is more useful on a page than none. A cluster without
 * metrics-server only sets `lastError`; it does not count against health.
 */
export class MetricsPoller {
  private byPod = new Map<string, PodMetric>();
  /** The same metrics by namespace: a service's page reads one namespace of thousands. */
  private byNamespace = new Map<string, PodMetric[]>();
  private readonly state: PodMetricsStatus = { pods: 0 };
  private timer?: NodeJS.Timeout;
  private stopped = true;

  constructor(
    private readonly clients: KubeClients,
    private readonly timing: FleetTiming,
    private readonly logger: LoggerService,
    private readonly onUpdate: () => void,
  ) {}

  start() {
    if (!this.stopped || this.timing.metricsIntervalMs <= 0) return;
    this.stopped = false;
    this.tick();
  }

  /** Stops polling; a poll in flight is not waited for (its result is dropped). */
  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  status(): PodMetricsStatus {
    return { ...this.state };
  }

  get(namespace: string, name: string): PodMetric | undefined {
    return this.byPod.get(`${namespace}/${name}`);
  }

  values(namespace?: string): Iterable<PodMetric> {
    if (namespace === undefined) return this.byPod.values();
    return this.byNamespace.get(namespace) ?? [];
  }

  private tick() {
    this.poll().finally(() => {
      if (this.stopped) return;
      this.timer = setTimeout(() => this.tick(), this.timing.metricsIntervalMs);
      this.timer.unref?.();
    });
  }

  private async poll() {
    let timeout: NodeJS.Timeout | undefined;
    try {
      // Metrics takes no signal: bound the wait, the request itself ends on its own.
      const list = await Promise.race([
        this.clients.metrics.getPodMetrics(),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(
            () => reject(new Error('pod metrics request timed out')),
            this.timing.requestTimeoutMs,
          );
        }),
      ]);
      if (this.stopped) return;
      const next = new Map<string, PodMetric>();
      const byNamespace = new Map<string, PodMetric[]>();
      for (const m of list.items) {
        next.set(`${m.metadata.namespace}/${m.metadata.name}`, m);
        const inNamespace = byNamespace.get(m.metadata.namespace);
        if (inNamespace) inNamespace.push(m);
        else byNamespace.set(m.metadata.namespace, [m]);
      }
      this.byPod = next;
      this.byNamespace = byNamespace;
      this.state.pods = next.size;
      this.state.lastPolled = new Date();
      this.state.lastError = undefined;
      this.onUpdate();
    } catch (e) {
      const message = String((e as Error)?.message ?? e).slice(0, 500);
      if (this.state.lastError === undefined) {
        this.logger.warn(
          `Pod metrics of cluster ${this.clients.cluster} unavailable: ${message}`,
        );
      }
      this.state.lastError = message;
    } finally {
      if (timeout) clearTimeout(timeout);
    }
  }
}
