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

import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import { readTopology } from '../clusters/topology';
import { migrationsDir } from '../database/migrate';
import type { FleetCache } from '../fleet';
import { costClusters } from './costClusters';
import { DatabaseCostStore } from './DatabaseCostStore';
import { demoServicesFromEntities } from './demoCatalog';
import { runDemoBackfill } from './demoStartup';
import { GIB, hourOf } from './types';

jest.setTimeout(60_000);

const config = new ConfigReader({
  dyploma: {
    clusters: [
      {
        name: 'dc1',
        url: 'https://10.0.1.1',
        pricing: {
          nodeTypes: [
            {
              instanceType: 'sim.large',
              cpuCoreHour: 0.1,
              memoryGiBHour: 0.01,
            },
          ],
        },
      },
      {
        name: 'dc2',
        url: 'https://10.0.2.1',
        pricing: { cpuCoreHour: 0.042, memoryGiBHour: 0.0055 },
      },
    ],
    environments: {
      dev: { clusters: ['dc1'] },
      production: { clusters: ['dc1', 'dc2'] },
    },
  },
});
const topology = readTopology(config);

const service = (name: string, dyploma: JsonObject): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-checkout',
    system: 'commerce',
    dyploma,
  },
});
const entities = [
  // The built-in defaults: 1 replica of 100m / 256Mi in each environment.
  service('cart', { image: 'registry.example.com/checkout/cart' }),
  service('checkout', {
    image: 'registry.example.com/checkout/checkout',
    resources: { requests: { cpu: '200m', memory: '256Mi' } },
    environments: {
      production: { replicas: 3, placement: { dc1: 2, dc2: 1 } },
    },
  }),
  // Refused by validation, so never deployed, so never billed.
  service('fraud-scoring', {
    image: 'registry.example.com/payments/fraud-scoring',
    environments: { production: { replicas: 'r12345' } },
  }),
];

describe('demo backfill from the catalog', () => {
  it('deploys each valid service to every environment as a first deploy would', () => {
    const services = demoServicesFromEntities(
      entities,
      topology.environments,
      {},
    );
    expect(services.map(s => s.serviceRef)).toEqual([
      'component:default/cart',
      'component:default/checkout',
    ]);
    const small = { cpuCores: 0.1, memoryBytes: 0.25 * GIB };
    expect(services[0]).toEqual({
      serviceRef: 'component:default/cart',
      ownerRef: 'group:default/team-checkout',
      systemRef: 'system:default/commerce',
      deployments: [
        { environment: 'dev', cluster: 'dc1', replicas: 1, requests: small },
        // 1 replica over two clusters of weight 1: the tie goes to the first name.
        {
          environment: 'production',
          cluster: 'dc1',
          replicas: 1,
          requests: small,
        },
      ],
    });
    const checkout = { cpuCores: 0.2, memoryBytes: 0.25 * GIB };
    expect(services[1].deployments).toEqual([
      { environment: 'dev', cluster: 'dc1', replicas: 1, requests: checkout },
      {
        environment: 'production',
        cluster: 'dc1',
        replicas: 2,
        requests: checkout,
      },
      {
        environment: 'production',
        cluster: 'dc2',
        replicas: 1,
        requests: checkout,
      },
    ]);
  });

  const databases = createStoreTestDatabases();
  // The fleet cache's read surface, as fleetSamples.test.ts stands it in: dc1 has one node,
  // of a type with its own prices.
  const fleet = {
    waitForSync: async () => true,
    clusterHealth: () => [
      { cluster: 'dc1', state: 'connected' },
      { cluster: 'dc2', state: 'connected' },
    ],
    podMetrics: () => [],
    pods: () => [],
    nodes: ({ cluster }: { cluster: string }) =>
      cluster === 'dc1'
        ? [
            {
              cluster,
              object: {
                metadata: {
                  name: 'dc1-node-1',
                  labels: { 'node.kubernetes.io/instance-type': 'sim.large' },
                },
                status: { allocatable: { cpu: '8', memory: '32Gi' } },
              },
            },
          ]
        : [],
  } as unknown as FleetCache;

  it.each(databases.eachSupportedId())(
    'writes a week of demo rows at start-up, and nothing on a restart, on %p',
    async (databaseId: TestDatabaseId) => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = new DatabaseCostStore(knex);
      const now = new Date('2026-11-24T10:30:00Z');
      const deps = {
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        context: {},
        environments: topology.environments,
        fleet,
        store,
        clusters: costClusters(config, topology.clusters),
        logger: mockServices.logger.mock(),
        now,
        pollMs: 1,
      };
      const first = await runDemoBackfill(deps);
      // Per hour: dc1 cart dev + cart production + checkout dev + checkout production +
      // idle; dc2 checkout production + idle (0: no node seen there).
      expect(first).toEqual({ rows: 168 * 7, hours: 168, services: 2 });
      expect(await runDemoBackfill(deps)).toEqual({
        rows: 0,
        hours: 0,
        services: 2,
      });
      const rows = await knex('dyploma_cost_hourly')
        .where({ hour: hourOf(now) - 1, cluster: 'dc2' })
        .whereNot({ service_ref: '__idle__' })
        .select('service_ref', 'cost', 'demo', 'owner_ref');
      // checkout: 1 replica of 0.2 core × 0.042 + 0.25 GiB × 0.0055 (usage under requests)
      expect(rows).toHaveLength(1);
      expect(rows[0].service_ref).toBe('component:default/checkout');
      // dc1's pods run on its sim.large node: 0.1 per core-hour, 0.01 per GiB-hour. Allocated
      // there: cart dev + production and checkout dev, 1 replica each, checkout production 2:
      // CPU 0.1 + 0.1 + 0.2 + 0.4 = 0.8 cores → 0.08, memory 5 × 0.25 GiB → 0.0125.
      // Idle: the node's 8 × 0.1 + 32 × 0.01 = 1.12 − 0.0925 = 1.0275.
      const dc1 = await knex('dyploma_cost_hourly')
        .where({ hour: hourOf(now) - 1, cluster: 'dc1' })
        .select('service_ref', 'environment', 'cost');
      const costOf = (serviceRef: string, env: string) =>
        Number(
          dc1.find(r => r.service_ref === serviceRef && r.environment === env)
            ?.cost,
        );
      expect(costOf('component:default/cart', 'dev')).toBeCloseTo(
        0.1 * 0.1 + 0.25 * 0.01,
        12,
      );
      expect(costOf('component:default/checkout', 'production')).toBeCloseTo(
        2 * (0.2 * 0.1 + 0.25 * 0.01),
        12,
      );
      expect(costOf('__idle__', '')).toBeCloseTo(1.0275, 12);

      // An empty catalog (ingestion not done in time) writes nothing, not idle-only hours.
      const empty = await runDemoBackfill({
        ...deps,
        catalog: catalogServiceMock({ entities: [] }),
        now: new Date('2026-12-24T10:30:00Z'),
        catalogTimeoutMs: 10,
      });
      expect(empty).toEqual({ rows: 0, hours: 0, services: 0 });
      expect(rows[0].owner_ref).toBe('group:default/team-checkout');
      expect(Boolean(rows[0].demo)).toBe(true);
      expect(Number(rows[0].cost)).toBeCloseTo(0.2 * 0.042 + 0.25 * 0.0055, 12);
    },
  );
});
