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

import { startKubeSim } from '@dyploma/kube-sim';
import { renderManifests } from '@dyploma/plugin-dyploma-common';
import tls from 'node:tls';
import { corpusModel } from './__testUtils__/corpusModel';
import { DEFAULT_PRICING } from '../clusters/topology';
import { ServerSideApplier } from './ServerSideApplier';

// client-node is ESM-only; Jest runs CommonJS without VM modules (see fleet/clientNode.ts).
jest.mock('../fleet/clientNode', () => ({
  loadClientNode: async () => require('@kubernetes/client-node'),
}));

/*
 * client-node 1.x opens a new connection (TCP and TLS handshake) for every request. An
 * apply is 5 to 9 requests per cluster, so the worker keeps its connections alive; this
 * is most of a one-click deploy's latency (bench/deploy).
 */
// Starting kube-sim and loading client-node take a few seconds on a busy machine (a CI
// run on 2 cores timed out at Jest's default 5 s); the assertions are about requests, not time.
jest.setTimeout(30_000);

describe('ServerSideApplier', () => {
  it('applies release after release to a cluster over one kept-alive connection', async () => {
    const sim = await startKubeSim({ clusters: ['dc1'], port: 0 });
    const connect = jest.spyOn(tls, 'connect');
    try {
      const [c] = sim.clusters;
      const cluster = {
        name: c.name,
        datacenter: c.name,
        url: c.url,
        serviceAccountToken: c.token,
        caData: c.caData,
        skipTLSVerify: false,
        pricing: DEFAULT_PRICING,
      };
      const applier = new ServerSideApplier({ timeoutMs: 5_000 });
      const generations = [];
      for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
        const objects = renderManifests({
          model: corpusModel(),
          release: { version, replicas: 1, enabled: true },
          cluster: { name: 'dc1', datacenter: 'dc1' },
          environment: { name: 'production', namespace: 'keepalive' },
        });
        generations.push(
          (await applier.apply(cluster, objects)).deploymentGeneration,
        );
      }
      expect(generations).toEqual([1, 2, 3]);
      expect(sim.cluster('dc1').requests.get('apply', 'deployments')).toBe(3);
      expect(connect).toHaveBeenCalledTimes(1);
    } finally {
      connect.mockRestore();
      await sim.stop();
    }
  });
});
