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

import { ConfigReader } from '@backstage/config';
import { DEFAULT_PRICING, namespaceFor, readTopology } from './topology';

const kubernetesPlugin = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'dc1',
            url: 'https://10.0.1.1:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'tok-1',
            skipTLSVerify: true,
          },
          {
            name: 'dc2',
            url: 'https://10.0.2.1:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'tok-2',
          },
        ],
      },
    ],
  },
};

describe('readTopology', () => {
  it('takes URL and credentials from the Kubernetes plugin config, so they are written once', () => {
    const topology = readTopology(
      new ConfigReader({
        ...kubernetesPlugin,
        dyploma: {
          clusters: [
            {
              name: 'dc1',
              datacenter: 'frankfurt',
              pricing: { cpuCoreHour: 0.05 },
            },
            { name: 'dc2' },
          ],
          environments: {
            production: {
              clusters: ['dc1', { name: 'dc2', weight: 2 }],
              waves: true,
            },
            staging: { clusters: ['dc2'], namespace: 'staging-{service}' },
          },
        },
      }),
    );
    expect(topology.clusters.get('dc1')).toEqual({
      name: 'dc1',
      datacenter: 'frankfurt',
      url: 'https://10.0.1.1:6443',
      serviceAccountToken: 'tok-1',
      caData: undefined,
      skipTLSVerify: true,
      pricing: {
        cpuCoreHour: 0.05,
        memoryGiBHour: DEFAULT_PRICING.memoryGiBHour,
      },
    });
    expect(topology.clusters.get('dc2')?.datacenter).toBe('dc2');
    const production = topology.environments.get('production')!;
    expect(production).toMatchObject({
      clusters: [
        { name: 'dc1', weight: 1 },
        { name: 'dc2', weight: 2 },
      ],
      placement: 'weighted',
      waves: true,
      requireReason: true,
      autoRollback: true,
    });
    expect(topology.environments.get('staging')?.requireReason).toBe(false);
    expect(namespaceFor(production, 'payments')).toBe('payments');
    expect(
      namespaceFor(topology.environments.get('staging')!, 'payments'),
    ).toBe('staging-payments');
  });

  it('uses every Kubernetes plugin cluster when dyploma.clusters is absent', () => {
    const topology = readTopology(new ConfigReader(kubernetesPlugin));
    expect([...topology.clusters.keys()]).toEqual(['dc1', 'dc2']);
  });

  it('names every mistake with its config key and what is expected', () => {
    const read = () =>
      readTopology(
        new ConfigReader({
          dyploma: {
            clusters: [
              { name: 'dc1', url: 'https://a', pricing: { cpuCoreHour: -1 } },
              { name: 'DC_2' },
            ],
            environments: {
              production: {
                clusters: ['dc1', { name: 'dc4', weight: 'x' }],
                placement: 'random',
              },
              staging: { clusters: [] },
            },
          },
        }),
      );
    expect(read).toThrow(
      [
        'Invalid Dyploma configuration:',
        '  dyploma.clusters[0].pricing.cpuCoreHour: expected a price of 0 or more, got -1',
        '  dyploma.clusters[1].name: expected a DNS label (a-z, 0-9, -), got "DC_2"',
        '  dyploma.clusters[1].url: missing; give the API server URL here or configure a cluster named "DC_2" for the Kubernetes plugin',
        '  dyploma.environments.production.clusters[1]: no cluster named "dc4"; configured clusters: dc1',
        '  dyploma.environments.production.clusters[1].weight: expected a number of 0 or more, got "x"',
        '  dyploma.environments.production.placement: expected weighted or every-cluster, got "random"',
        '  dyploma.environments.staging.clusters: expected a list of one or more cluster names',
      ].join('\n'),
    );
  });
});
