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
import { readTopology } from '../clusters/topology';
import { costClusters } from './costClusters';

const config = (dc1Pricing: object) =>
  new ConfigReader({
    dyploma: {
      clusters: [
        { name: 'dc1', url: 'https://10.0.1.1', pricing: dc1Pricing },
        { name: 'dc2', url: 'https://10.0.2.1', datacenter: 'paris' },
      ],
    },
  });

describe('costClusters', () => {
  it('adds node-type prices to the cluster prices, a missing one being the cluster’s', () => {
    const c = config({
      cpuCoreHour: 0.03,
      nodeTypes: [
        { instanceType: 'm5.large', cpuCoreHour: 0.05, memoryGiBHour: 0.01 },
        { instanceType: 'gpu.xl', cpuCoreHour: 0.2 },
      ],
    });
    const clusters = costClusters(c, readTopology(c).clusters);
    expect(clusters.get('dc1')).toEqual({
      name: 'dc1',
      datacenter: 'dc1',
      pricing: {
        cpuCoreHour: 0.03,
        memoryGiBHour: 0.004,
        nodeTypes: {
          'm5.large': { cpuCoreHour: 0.05, memoryGiBHour: 0.01 },
          'gpu.xl': { cpuCoreHour: 0.2, memoryGiBHour: 0.004 },
        },
      },
    });
    expect(clusters.get('dc2')).toEqual({
      name: 'dc2',
      datacenter: 'paris',
      pricing: { cpuCoreHour: 0.031, memoryGiBHour: 0.004 },
    });
  });

  it('names the key of a bad node-type price', () => {
    const c = config({
      nodeTypes: [
        { instanceType: 'm5.large', cpuCoreHour: -1 },
        { cpuCoreHour: 0.1 },
        { instanceType: 'm5.large' },
      ],
    });
    expect(() => costClusters(c, readTopology(c).clusters)).toThrow(
      [
        'Invalid Dyploma cost configuration:',
        '  dyploma.clusters[0].pricing.nodeTypes[0].cpuCoreHour: expected a price of 0 or more, got -1',
        "  dyploma.clusters[0].pricing.nodeTypes[1].instanceType: expected the node label node.kubernetes.io/instance-type's value, e.g. m5.large",
        '  dyploma.clusters[0].pricing.nodeTypes[2].instanceType: "m5.large" is priced twice in cluster dc1',
      ].join('\n'),
    );
  });
});
