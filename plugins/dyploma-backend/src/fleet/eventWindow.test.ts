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
import { KubeSim, startKubeSim } from '@dyploma/kube-sim';
import { ClusterInfo, DEFAULT_PRICING } from '../clusters/topology';
import type { FleetChange } from './ClusterCache';
import { FleetCache } from './FleetCache';
import { createKubeClients, KubeClients } from './KubeClients';

jest.mock('./clientNode', () => ({
  loadClientNode: async () => require('@kubernetes/client-node'),
}));

jest.setTimeout(20_000);

const quiet = mockServices.logger.mock();

/** `ago` ms before now. */
const at = (ago: number) => new Date(Date.now() - ago);

// The window is shortened from an hour to 5 s and the cap from 1,000 to 5 Events per
// namespace; the rules are the same.
const TTL_MS = 5000;
const PER_NAMESPACE = 5;

describe('the Events the fleet cache keeps', () => {
  let sim: KubeSim;
  let clients: KubeClients;
  let fleet: FleetCache;
  const changes: FleetChange[] = [];

  // With eventTime (micro-time) rather than lastTimestamp (seconds): Events made
  // within one second have an order.
  const createEvent = (namespace: string, name: string, time: Date) =>
    clients.core.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name },
        involvedObject: { kind: 'Pod', namespace, name: name.split('.')[0] },
        reason: 'Pulled',
        message: `Container image pulled for ${name}`,
        type: 'Normal',
        eventTime: time,
        action: 'Pull',
        reportingComponent: 'kubelet',
        reportingInstance: 'dc1-node-0',
      },
    });

  const cached = (namespace: string) =>
    fleet
      .events({ namespace })
      .map(e => e.object.metadata.name)
      .sort();

  const eventsStatus = () =>
    fleet.clusterHealth('dc1')!.resources.find(r => r.resource === 'events')!;

  beforeAll(async () => {
    sim = await startKubeSim({ clusters: ['dc1'], port: 0, timeScale: 100 });
    const [c] = sim.clusters;
    const info: ClusterInfo = {
      name: c.name,
      datacenter: c.name,
      url: c.url,
      serviceAccountToken: c.token,
      caData: c.caData,
      skipTLSVerify: false,
      pricing: DEFAULT_PRICING,
    };
    clients = await createKubeClients(info);
    for (const name of ['window', 'storm']) {
      await clients.core.createNamespace({ body: { metadata: { name } } });
    }
    // Before the cache starts, so the first list meets them: one from two hours ago,
    // one current, and a storm of 12 in one namespace, 50 ms apart.
    await createEvent('window', 'old.1', at(2 * 3600_000));
    await createEvent('window', 'current.1', at(0));
    for (let i = 0; i < 12; i++) {
      await createEvent('storm', `listed-${i}.1`, at((12 - i) * 50));
    }
    fleet = new FleetCache({
      clusters: [info],
      logger: quiet,
      resources: ['events'],
      timing: {
        metricsIntervalMs: 0,
        eventTtlMs: TTL_MS,
        eventSweepIntervalMs: 100,
        eventsPerNamespace: PER_NAMESPACE,
        backoffInitialMs: 50,
      },
    });
    fleet.onChange(change => changes.push(change));
    await fleet.start();
    if (!(await fleet.waitForSync({ timeoutMs: 5000 }))) {
      throw new Error('the Events of dc1 were not listed within 5 s');
    }
  });

  afterAll(async () => {
    await fleet?.stop();
    await sim?.stop();
  });

  it('never takes in an Event that last happened before the window, listed or watched', async () => {
    expect(cached('window')).toEqual(['current.1']);
    await createEvent('window', 'old.2', at(3 * 3600_000));
    await createEvent('window', 'fresh.1', at(0));
    await fleet.waitFor(() => cached('window').includes('fresh.1'), {
      timeoutMs: 3000,
    });
    expect(cached('window')).not.toContain('old.2');
  });

  it('keeps the newest Events of a namespace, listed or watched', async () => {
    // Listed: the 5 newest of 12.
    expect(cached('storm')).toEqual(
      [7, 8, 9, 10, 11].map(i => `listed-${i}.1`).sort(),
    );
    // Watched: a namespace may grow a tenth over the cap before its oldest go.
    for (let i = 0; i < 6; i++) {
      await createEvent('storm', `watched-${i}.1`, at(0));
    }
    await fleet.waitFor(() => cached('storm').includes('watched-5.1'), {
      timeoutMs: 3000,
    });
    const kept = cached('storm');
    expect(kept.length).toBeLessThanOrEqual(PER_NAMESPACE * 1.1);
    expect(kept.filter(n => n.startsWith('listed-'))).toEqual([]);
    expect(eventsStatus().dropped).toBeGreaterThanOrEqual(1 + 7 + 6);
  });

  it('sweeps out Events as they age past the window, and says so to listeners', async () => {
    const before = changes.length;
    await fleet.waitFor(() => fleet.events().length === 0, {
      timeoutMs: TTL_MS + 2000,
    });
    const deleted = changes
      .slice(before)
      .filter(c => c.type === 'DELETED')
      .map(c => ('object' in c ? c.object.metadata.name : ''));
    expect(deleted).toEqual(expect.arrayContaining(['current.1', 'fresh.1']));
    // The API server still has them: only the cache let them go.
    const live = await clients.core.listNamespacedEvent({
      namespace: 'window',
    });
    expect(live.items.map(e => e.metadata?.name)).toContain('current.1');
  });
});
