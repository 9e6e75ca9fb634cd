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

import type {
  Batch,
  BatchItem,
  BatchPreview,
  BatchPreviewItem,
  FleetPage,
  FleetRow,
} from '@dyploma/plugin-dyploma-common';

/* Fleet and batch answers for the fleet page's tests. */

export function fleetRow(overrides: Partial<FleetRow> = {}): FleetRow {
  return {
    service: {
      ref: 'component:default/payments',
      namespace: 'default',
      name: 'payments',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      tags: ['java'],
    },
    environment: 'production',
    cluster: 'dc1',
    datacenter: 'fra',
    clusterHealth: 'connected',
    status: 'healthy',
    version: '1.4.1',
    replicas: { desired: 2, ready: 2, updated: 2 },
    autoscaled: false,
    releaseRevision: 3,
    lastOrder: {
      id: 'o-1',
      kind: 'deploy',
      status: 'succeeded',
      author: 'user:default/jane',
      createdAt: '2026-11-23T21:00:00.000Z',
      finishedAt: '2026-11-23T21:02:00.000Z',
    },
    monthlyCost: { toDate: 12.5, projected: 25 },
    ...overrides,
  };
}

function serviceOf(name: string, owner = 'team-payments') {
  return {
    ref: `component:default/${name}`,
    namespace: 'default',
    name,
    owner: `group:default/${owner}`,
    system: 'system:default/commerce',
    tags: ['java'],
  };
}

export function fleetPage(overrides: Partial<FleetPage> = {}): FleetPage {
  const items = [
    fleetRow(),
    fleetRow({
      service: serviceOf('ledger'),
      cluster: 'dc2',
      datacenter: 'ams',
      status: 'degraded',
      version: '2.0.0',
      replicas: { desired: 3, ready: 1, updated: 3 },
      lastOrder: undefined,
      monthlyCost: undefined,
    }),
    fleetRow({
      service: serviceOf('search', 'team-search'),
      status: 'not-deployed',
      version: undefined,
      replicas: { desired: 0, ready: 0, updated: 0 },
      lastOrder: undefined,
      monthlyCost: undefined,
    }),
  ];
  return {
    items,
    total: 3,
    limit: 50,
    offset: 0,
    services: 3,
    facets: {
      owner: [
        { value: 'group:default/team-payments', count: 2 },
        { value: 'group:default/team-search', count: 1 },
      ],
      system: [{ value: 'system:default/commerce', count: 3 }],
      tag: [{ value: 'java', count: 3 }],
      environment: [
        { value: 'dev', count: 1 },
        { value: 'production', count: 3 },
      ],
      cluster: [
        { value: 'dc1', count: 2 },
        { value: 'dc2', count: 1 },
      ],
      datacenter: [
        { value: 'ams', count: 1 },
        { value: 'fra', count: 2 },
      ],
      status: [
        { value: 'healthy', count: 1 },
        { value: 'degraded', count: 1 },
        { value: 'not-deployed', count: 1 },
      ],
    },
    clusters: [
      { name: 'dc1', datacenter: 'fra', health: 'connected' },
      { name: 'dc2', datacenter: 'ams', health: 'connected' },
    ],
    environments: [
      {
        name: 'dev',
        requireReason: false,
        clusters: [{ name: 'dc1', datacenter: 'fra' }],
      },
      {
        name: 'production',
        requireReason: true,
        clusters: [
          { name: 'dc1', datacenter: 'fra' },
          { name: 'dc2', datacenter: 'ams' },
        ],
      },
    ],
    costMonth: '2026-11',
    generatedAt: '2026-11-23T22:00:00.000Z',
    ...overrides,
  };
}

export function previewItem(
  overrides: Partial<BatchPreviewItem> = {},
): BatchPreviewItem {
  return {
    service: 'component:default/payments',
    outcome: 'change',
    order: { kind: 'restart', environment: 'production' },
    changes: [{ cluster: 'dc1', field: 'pods', text: 'pods replaced in dc1' }],
    ...overrides,
  };
}

export function batchPreview(
  overrides: Partial<BatchPreview> = {},
): BatchPreview {
  const items = overrides.items ?? [
    previewItem(),
    previewItem({
      service: 'component:default/ledger',
      outcome: 'forbidden',
      order: undefined,
      changes: [],
      message:
        'forbidden: user:default/guest may not deploy component:default/ledger (permission dyploma.service.deploy)',
    }),
  ];
  const summary = {
    total: items.length,
    change: 0,
    'no-change': 0,
    forbidden: 0,
    invalid: 0,
  };
  for (const item of items) summary[item.outcome]++;
  return {
    environment: 'production',
    action: { kind: 'restart' },
    onForbidden: 'skip',
    items,
    summary,
    wouldRefuse: false,
    ...overrides,
  };
}

export function batchItem(overrides: Partial<BatchItem> = {}): BatchItem {
  return {
    service: 'component:default/payments',
    status: 'succeeded',
    orderKind: 'restart',
    orderId: 'o-10',
    attempt: 1,
    changes: [],
    updatedAt: '2026-11-23T22:01:00.000Z',
    ...overrides,
  };
}

export function batch(overrides: Partial<Batch> = {}): Batch {
  return {
    id: 'b0000000-0000-4000-8000-000000000001',
    environment: 'production',
    action: { kind: 'restart' },
    select: {
      refs: ['component:default/payments', 'component:default/ledger'],
    },
    onForbidden: 'skip',
    reason: 'weekly restart',
    author: 'user:default/guest',
    status: 'succeeded',
    summary: {
      total: 2,
      skipped: 1,
      notStarted: 0,
      refused: 0,
      active: 0,
      succeeded: 1,
      failed: 0,
    },
    createdAt: '2026-11-23T22:00:00.000Z',
    finishedAt: '2026-11-23T22:01:00.000Z',
    items: [
      batchItem(),
      batchItem({
        service: 'component:default/ledger',
        status: 'skipped',
        orderId: undefined,
        error: 'forbidden',
        errorStatus: 403,
      }),
    ],
    ...overrides,
  };
}
