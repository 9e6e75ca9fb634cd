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

import { mockServices } from '@backstage/backend-test-utils';
import type { KubeClients } from './KubeClients';
import { MetricsPoller } from './MetricsPoller';
import { Interner } from './slim';
import { DEFAULT_TIMING } from './timing';

const quiet = mockServices.logger.mock();

jest.setTimeout(30_000);

const PODS = 30_000;

/** A PodMetricsList of PODS pods, every container's CPU `cpu`. */
const metricsList = (cpu: string) =>
  JSON.stringify({
    kind: 'PodMetricsList',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {},
    items: Array.from({ length: PODS }, (_, i) => ({
      metadata: {
        name: `pod-${i}`,
        namespace: `ns-${i % 300}`,
        labels: { app: `svc-${i % 300}` },
      },
      timestamp: '2026-11-24T08:00:00Z',
      window: '15s',
      containers: [{ name: 'app', usage: { cpu, memory: '64Mi' } }],
    })),
  });

describe('MetricsPoller', () => {
  it('lets readers run while it takes in a large poll, and shows them one whole poll or the other', async () => {
    const answers = [metricsList('100m'), metricsList('200m')];
    let answered = 0;
    const clients = {
      cluster: 'dc1',
      getText: async () => answers[Math.min(answered++, answers.length - 1)],
    } as unknown as KubeClients;
    const updates: number[] = [];
    const poller = new MetricsPoller(
      clients,
      { ...DEFAULT_TIMING, metricsIntervalMs: 1 },
      quiet,
      new Interner(),
      () => updates.push(Date.now()),
    );
    // What a reader sees between other work: how many pods, with which CPU figures.
    const seen: string[] = [];
    let reading = true;
    const read = () => {
      const metrics = [...poller.values()];
      const figures = new Set(metrics.map(m => m.containers[0].usage.cpu));
      seen.push(`${metrics.length} ${[...figures].join(',')}`);
      if (reading) setImmediate(read);
    };
    setImmediate(read);
    poller.start();
    try {
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error('two polls not taken in within 20 s')),
          20_000,
        );
        const check = setInterval(() => {
          // The second poll taken in, and a reader has seen it since.
          if (updates.length >= 2 && seen.at(-1) === `${PODS} 200m`) {
            clearTimeout(deadline);
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
    } finally {
      reading = false;
      await poller.stop();
    }
    expect(poller.status()).toMatchObject({ pods: PODS });
    expect([...poller.values('ns-7')]).toHaveLength(PODS / 300);
    // Never a part of a poll, never two polls mixed.
    const whole = ['0 ', `${PODS} 100m`, `${PODS} 200m`];
    expect(seen.filter(s => !whole.includes(s))).toEqual([]);
    expect(seen).toContain(`${PODS} 100m`);
    expect(seen).toContain(`${PODS} 200m`);
    // Readers had turns while each poll was read, not only between polls.
    const whileFirst = seen.indexOf(`${PODS} 100m`);
    expect(seen.slice(0, whileFirst).length).toBeGreaterThan(1);
  });
});
