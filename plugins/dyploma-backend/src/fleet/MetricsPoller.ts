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
import { describeError } from './errors';
import type { KubeClients } from './KubeClients';
import { forEachListItem } from './listItems';
import { Interner, SlimPodMetric, slimPodMetric } from './slim';
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
  /** By namespace: a service's page reads one namespace of thousands. */
  private byNamespace = new Map<string, SlimPodMetric[]>();
  /** How many polls have replaced the metrics so far. */
  polls = 0;
  private readonly state: PodMetricsStatus = { pods: 0 };
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private abort = new AbortController();

  constructor(
    private readonly clients: KubeClients,
    private readonly timing: FleetTiming,
    private readonly logger: LoggerService,
    private readonly interner: Interner,
    private readonly onUpdate: () => void,
  ) {}

  start() {
    if (!this.stopped || this.timing.metricsIntervalMs <= 0) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.tick();
  }

  /** Stops polling and ends a poll in flight. */
  async stop() {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
  }

  status(): PodMetricsStatus {
    return { ...this.state };
  }

  values(namespace?: string): Iterable<SlimPodMetric> {
    if (namespace === undefined) return [...this.byNamespace.values()].flat();
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
    try {
      const text = await this.clients.getText(
        '/apis/metrics.k8s.io/v1beta1/pods',
        {},
        AbortSignal.any([
          this.abort.signal,
          AbortSignal.timeout(this.timing.requestTimeoutMs),
        ]),
      );
      if (this.stopped) return;
      // Parsed and slimmed a few hundred pods at a time (one JSON.parse of the seed's
      // 2,500 pods of a cluster blocked the backend), into a map of its own: readers see
      // the last poll's figures until this one is whole, then this one's, all at once.
      const byNamespace = new Map<string, SlimPodMetric[]>();
      let pods = 0;
      await forEachListItem(
        text,
        item => {
          const m = slimPodMetric(item, this.interner);
          const inNamespace = byNamespace.get(m.metadata.namespace);
          if (inNamespace) inNamespace.push(m);
          else byNamespace.set(m.metadata.namespace, [m]);
          pods++;
        },
        this.abort.signal,
      );
      if (this.stopped) return;
      this.byNamespace = byNamespace;
      this.polls++;
      this.state.pods = pods;
      this.state.lastPolled = new Date();
      this.state.lastError = undefined;
      this.onUpdate();
    } catch (e) {
      if (this.stopped) return;
      const message = describeError(e);
      if (this.state.lastError === undefined) {
        this.logger.warn(
          `Pod metrics of cluster ${this.clients.cluster} unavailable: ${message}`,
        );
      }
      this.state.lastError = message;
    }
  }
}
