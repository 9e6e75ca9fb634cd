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

import {
  LABELS,
  type Batch,
  type FleetPage,
} from '@dyploma/plugin-dyploma-common';
import os from 'node:os';
import path from 'node:path';
import { run } from './index';

/*
 * The CLI against the real Dyploma backend plugin, listening on a local port
 * (startTestBackend with the plugin's router, stores on SQLite, the API tests' catalog
 * and permission policy). The backend package is loaded by path: this package declares
 * no dependency on it, and only its tests need it. Its worker is off, so orders stay as
 * the API stored them; the test finishes them as a worker would.
 */
type CliBackend = {
  url: string;
  users: Record<'owner' | 'teammate' | 'other' | 'admin', string>;
  tokenOf(user: string): string;
  dyploma: unknown;
};

const backendDir = path.resolve(
  __dirname,
  '../../../plugins/dyploma-backend/src',
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string) => require(path.join(backendDir, file));

jest.setTimeout(60_000);

// As the backend's own setupTests does: client-node is ESM-only, Jest's require works.
jest.doMock(path.join(backendDir, 'fleet/clientNode'), () => ({
  loadClientNode: async () =>
    require(require.resolve('@kubernetes/client-node', {
      paths: [backendDir],
    })),
}));
const cliBackend = load('batch/__testUtils__/cliBackend');
// Made when the file loads: the test databases register Jest hooks.
const databases = cliBackend.cliTestDatabases();
let backend: CliBackend;
let finishOrder: (
  dyploma: unknown,
  id: string,
  status: 'succeeded' | 'failed' | 'partially-failed',
  failed?: string[],
) => Promise<void>;

beforeAll(async () => {
  backend = await cliBackend.startCliBackend(databases);
  finishOrder = load('service/__testUtils__/testBackend').finishOrder;
});

/** Runs the CLI as a user, or with another token (`{ token }`). */
async function cli(
  user: keyof CliBackend['users'] | { token: string },
  args: string[],
) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, text => (stdout += text), {
    err: text => (stderr += text),
    env: {
      DYPLOMA_URL: backend.url,
      DYPLOMA_TOKEN:
        typeof user === 'string'
          ? backend.tokenOf(backend.users[user])
          : user.token,
      HOME: os.tmpdir(),
      XDG_CONFIG_HOME: path.join(os.tmpdir(), 'dyploma-cli-test-none'),
    },
    isTTY: false,
    sleep: async () => {},
    pollMs: 0,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** What the API answers a user (the admin, who may read cost) at `route`: JSON or text. */
async function api(route: string, user: keyof CliBackend['users'] = 'admin') {
  const res = await fetch(`${backend.url}/api/dyploma${route}`, {
    headers: {
      authorization: `Bearer ${backend.tokenOf(backend.users[user])}`,
    },
  });
  expect(res.status).toBe(200);
  return res.headers.get('content-type')?.startsWith('application/json')
    ? res.json()
    : res.text();
}

describe('dyploma against the real backend', () => {
  it('services: the fleet as JSON, filtered, exit 0', async () => {
    const all = await cli('other', ['services', '--output', 'json']);
    expect(all.code).toBe(0);
    const page = all.json() as FleetPage;
    expect(page).toMatchObject({ total: 12, services: 3 });
    const mine = await cli('other', [
      'services',
      '--owner',
      'team-payments',
      '-e',
      'production',
      '--cluster',
      'dc3',
      '-o',
      'json',
    ]);
    expect(
      (mine.json() as FleetPage).items.map(r => [
        r.service.name,
        r.releaseRevision,
      ]),
    ).toEqual([
      ['broken', undefined],
      ['payments', 1],
    ]);
    const text = await cli('other', [
      'services',
      '--status',
      'unknown',
      '--limit',
      '2',
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^SERVICE\s+ENVIRONMENT\s+CLUSTER/);
    expect(text.stdout).toContain(
      'rows 1-2 of 12 (3 services); next: --offset 2',
    );
  });

  it('history --releases and a batch preview as JSON: what the API answers', async () => {
    const releases = await cli('other', [
      'history',
      'payments',
      '-e',
      'production',
      '--releases',
      '-o',
      'json',
    ]);
    expect(releases.code).toBe(0);
    expect(releases.json()).toEqual(
      await api(
        '/services/default/payments/environments/production/releases',
        'other',
      ),
    );
    expect(releases.json().items[0]).toMatchObject({
      revision: 1,
      spec: { version: '1.0.0', replicas: 3 },
    });

    // Without --yes: the preview is the one JSON document, nothing is ordered.
    const preview = await cli('owner', [
      'batch',
      'scale',
      'payments',
      '-e',
      'production',
      '--factor',
      '2',
      '--reason',
      'peak',
      '-o',
      'json',
    ]);
    expect(preview.code).toBe(0);
    expect(preview.json()).toMatchObject({
      wouldRefuse: false,
      items: [
        {
          service: 'component:default/payments',
          outcome: 'change',
          order: { kind: 'scale', replicas: 6 },
        },
      ],
    });
    expect(preview.stderr).toContain('nothing was ordered');
    expect((await api('/batches', 'owner')).items).toEqual([]);
  });

  it('exit 2 with field paths for a 400, as JSON', async () => {
    // The client cannot know that production needs a reason: the backend says so.
    const res = await cli('admin', [
      'batch',
      'restart',
      'payments',
      '-e',
      'production',
      '--yes',
      '-o',
      'json',
    ]);
    expect(res.code).toBe(2);
    expect(res.json()).toMatchObject({
      response: { statusCode: 400 },
      problems: [expect.objectContaining({ path: 'reason' })],
    });
    const bad = await cli('admin', [
      'services',
      '--status',
      'ready',
      '-o',
      'json',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.json().problems).toEqual([
      'status[0]: expected one of healthy, progressing, degraded, failed, disabled, not-deployed, unknown, got "ready": write healthy',
    ]);
  });

  it('exit 3 for a 403: an order, a batch that refuses forbidden services, cost', async () => {
    const order = await cli('owner', [
      'scale',
      'ledger',
      '-e',
      'production',
      '--replicas',
      '3',
      '--reason',
      'x',
      '-o',
      'json',
    ]);
    expect(order.code).toBe(3);
    expect(order.json()).toMatchObject({ response: { statusCode: 403 } });
    const batch = await cli('owner', [
      'batch',
      'disable',
      'payments',
      'ledger',
      '-e',
      'production',
      '--reason',
      'x',
      '--refuse-forbidden',
      '--yes',
      '-o',
      'json',
    ]);
    expect(batch.code).toBe(3);
    expect(batch.json()).toMatchObject({
      wouldRefuse: true,
      summary: { forbidden: 1 },
    });
    const cost = await cli('owner', ['cost', '--by', 'owner', '-o', 'json']);
    expect(cost.code).toBe(3);
  });

  it('exit 5 for a 404', async () => {
    const status = await cli('owner', ['status', 'nosuch', '-o', 'json']);
    expect(status.code).toBe(5);
    expect(status.json()).toMatchObject({ response: { statusCode: 404 } });
    const batch = await cli('owner', [
      'batch',
      'show',
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(batch.code).toBe(5);
    expect(batch.stderr).toContain('404: no batch');
    const logs = await cli('owner', [
      'logs',
      'payments',
      '-e',
      'production',
      '--pod',
      'payments-6d4f7-abcde',
    ]);
    expect(logs.code).toBe(5);
  });

  it('exit 4 for a 409, with the active order in the JSON', async () => {
    const first = await cli('owner', [
      'restart',
      'payments',
      '-e',
      'production',
      '--reason',
      'x',
      '-o',
      'json',
    ]);
    expect(first.code).toBe(0);
    const second = await cli('owner', [
      'disable',
      'payments',
      '-e',
      'production',
      '--reason',
      'x',
      '-o',
      'json',
    ]);
    expect(second.code).toBe(4);
    expect(second.json()).toMatchObject({
      response: { statusCode: 409 },
      activeOrder: { id: first.json().id, kind: 'restart' },
    });
    await finishOrder(backend.dyploma, first.json().id, 'succeeded');
  });

  it('batch: preview without --yes orders nothing; --yes orders, resume re-orders what failed', async () => {
    const preview = await cli('owner', [
      'batch',
      'scale',
      'payments',
      'ledger',
      '-e',
      'production',
      '--factor',
      '2',
      '--reason',
      'peak',
    ]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('component:default/ledger: forbidden');
    expect(preview.stdout).toMatch(/replicas \d → \d in dc\d/);
    expect(preview.stdout).toContain('nothing was ordered; add --yes');

    const created = await cli('admin', [
      'batch',
      'restart',
      'payments',
      'ledger',
      'broken',
      '-e',
      'production',
      '--reason',
      'kernel',
      '--yes',
      '-o',
      'json',
    ]);
    expect(created.code).toBe(0);
    const batch = created.json() as Batch;
    expect(batch.items!.map(i => i.status)).toEqual([
      'pending',
      'pending',
      'refused',
    ]);
    await finishOrder(backend.dyploma, batch.items![0].orderId!, 'succeeded');
    await finishOrder(backend.dyploma, batch.items![1].orderId!, 'failed', [
      'dc1',
      'dc2',
      'dc3',
    ]);

    const shownJson = await cli('admin', [
      'batch',
      'show',
      batch.id,
      '-o',
      'json',
    ]);
    expect(shownJson.code).toBe(1);
    expect(shownJson.json()).toEqual(await api(`/batches/${batch.id}`));
    const shown = await cli('admin', ['batch', 'show', batch.id, '--wait']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain('component:default/ledger: failed');
    expect(shown.stdout).toContain(
      `resume what failed: dyploma batch resume ${batch.id}`,
    );

    const resumed = await cli('admin', [
      'batch',
      'resume',
      batch.id,
      '-o',
      'json',
    ]);
    expect(resumed.code).toBe(0);
    const after = resumed.json() as Batch;
    expect(after.items!.map(i => [i.status, i.attempt])).toEqual([
      ['succeeded', 1],
      ['pending', 2],
      ['refused', 2],
    ]);
    await finishOrder(backend.dyploma, after.items![1].orderId!, 'succeeded');
    const list = await cli('admin', ['batch', 'list', '-o', 'json']);
    expect(list.code).toBe(0);
    expect(list.json().items[0]).toMatchObject({
      id: batch.id,
      status: 'partially-failed',
    });
  });
});

/*
 * `dyploma cost` with cost to show: an hour's sample of each production cluster, priced
 * and folded into hourly rows by the backend's own collector code, as its scheduled task
 * does, for the services the backend has deployed (payments, 3 replicas; ledger, 4).
 * Prices per hour, one node of 4 cores and 16 GiB per cluster; a pod is charged
 * max(request, usage) of each resource:
 *   dc1 0.03/core, 0.005/GiB: payments 1 core 2 GiB = 0.04, ledger 0.5 core 1 GiB = 0.02
 *   dc2 0.04/core, 0.006/GiB: payments = 0.052, ledger = 0.026
 *   dc3 0.02/core, 0.004/GiB: payments = 0.028, ledger 2 pods = 0.028
 * payments 0.12 an hour, ledger 0.074. Two such hours just before the current one, so a
 * 24h window holds payments 0.24 and ledger 0.148 (0.388); and one hour the day before,
 * payments alone in dc1 (0.04), for the trend: payments +500%.
 */
const COST_CLUSTERS = {
  dc1: {
    datacenter: 'dc1',
    pricing: { cpuCoreHour: 0.03, memoryGiBHour: 0.005 },
  },
  dc2: {
    datacenter: 'dc2',
    pricing: { cpuCoreHour: 0.04, memoryGiBHour: 0.006 },
  },
  dc3: {
    datacenter: 'dc3',
    pricing: { cpuCoreHour: 0.02, memoryGiBHour: 0.004 },
  },
};
const GIB = 2 ** 30;
const HOUR_MS = 3_600_000;
const hourNow = () => Math.floor(Date.now() / HOUR_MS);

/** A pod of a service as the renderer labels it, requesting `cores` and twice as many GiB. */
function pod(service: string, owner: string, i: number, cores: number) {
  return {
    namespace: service,
    name: `${service}-${i}`,
    labels: {
      [LABELS.name]: service,
      [LABELS.kubernetesId]: service,
      [LABELS.partOf]: service,
      [LABELS.environment]: 'production',
      [LABELS.owner]: owner,
    },
    containers: [
      {
        name: 'app',
        requests: { cpuCores: cores, memoryBytes: 2 * cores * GIB },
        usage: { cpuCores: cores / 2, memoryBytes: cores * GIB },
      },
    ],
  };
}

async function seedCost(dyploma: unknown) {
  const { foldSample } = load('cost/collector');
  const { DatabaseCostStore } = load('cost/DatabaseCostStore');
  const store = new DatabaseCostStore((dyploma as { knex: unknown }).knex);
  const payments = (i: number) => pod('payments', 'team-payments', i, 1);
  const ledger = (i: number) => pod('ledger', 'team-ledger', i, 0.5);
  const pods: Record<keyof typeof COST_CLUSTERS, unknown[]> = {
    dc1: [payments(0), ledger(0)],
    dc2: [payments(1), ledger(1)],
    dc3: [payments(2), ledger(2), ledger(3)],
  };
  const rows = [];
  const now = hourNow();
  for (const hour of [now - 26, now - 2, now - 1]) {
    for (const [name, cluster] of Object.entries(COST_CLUSTERS)) {
      const sample = {
        cluster: name,
        at: new Date(hour * HOUR_MS + 5 * 60_000),
        nodes: [
          {
            name: `${name}-a`,
            allocatable: { cpuCores: 4, memoryBytes: 16 * GIB },
          },
        ],
        pods:
          hour === now - 26
            ? (name === 'dc1' && [payments(0)]) || []
            : pods[name as keyof typeof COST_CLUSTERS],
      };
      rows.push(...foldSample([], sample, { name, ...cluster }));
    }
  }
  await store.upsert(rows);
}

describe('dyploma cost against the real backend, as a user who may read cost', () => {
  beforeAll(() => seedCost(backend.dyploma));
  /**
   * The CLI's answer and the API's for the same question, asked within one hour (named
   * windows end with the current hour: across an hour boundary both are asked again).
   */
  async function both(args: string[], route: string) {
    for (;;) {
      const hour = hourNow();
      const out = await cli('admin', args);
      const expected = await api(route);
      if (hourNow() === hour) return { ...out, expected };
    }
  }

  it('--by each dimension: the API’s report as JSON, and as a table with its total', async () => {
    for (const by of [
      'owner',
      'service',
      'system',
      'environment',
      'cluster',
      'datacenter',
    ]) {
      const json = await both(
        ['cost', '--by', by, '--window', '24h', '-o', 'json'],
        `/cost/report?groupBy=${by}&window=24h`,
      );
      expect(json.code).toBe(0);
      expect(json.stderr).toBe('');
      expect(json.json()).toEqual(json.expected);
      // Allocated cost: payments 0.24 and ledger 0.148 wherever they are grouped.
      expect(json.expected.total.cost).toBeCloseTo(0.388, 9);

      const text = await both(
        ['cost', '--by', by, '--window', '24h'],
        `/cost/report?groupBy=${by}&window=24h`,
      );
      expect(text.code).toBe(0);
      const lines = text.stdout.trimEnd().split('\n');
      // A cluster's or datacenter's idle cost is shown beside what ran there.
      const idle = by === 'cluster' || by === 'datacenter';
      expect(lines[0].split(/\s\s+/)).toEqual([
        by.toUpperCase(),
        'COST',
        ...(idle ? ['IDLE'] : []),
        'TREND',
        'CPU USED',
        'MEMORY USED',
      ]);
      expect(lines.slice(1, -1)).toHaveLength(text.expected.items.length);
      for (const [i, item] of text.expected.items.entries()) {
        expect(lines[i + 1].split(/\s+/).slice(0, idle ? 3 : 2)).toEqual([
          item.key ?? '(none)',
          item.cost.toFixed(2),
          ...(idle ? [item.idleCost.toFixed(2)] : []),
        ]);
      }
      expect(lines.at(-1)).toBe(
        `total 0.39 (idle ${text.expected.total.idleCost.toFixed(2)}) in 24h`,
      );
    }
    const owners = await cli('admin', ['cost', '--window', '24h']);
    expect(owners.stdout).toMatch(/^OWNER\s+COST/);
    expect(owners.stdout).toMatch(
      /^group:default\/team-payments\s+0\.24\s+500%\s+50%\s+50%$/m,
    );
    expect(owners.stdout).toMatch(/^group:default\/team-ledger\s+0\.15\s+-\s/m);
  });

  it('--share-idle and --csv: the API’s report with idle shared, and its CSV', async () => {
    const shared = await both(
      [
        'cost',
        '--by',
        'service',
        '--share-idle',
        '--window',
        '24h',
        '-o',
        'json',
      ],
      '/cost/report?groupBy=service&window=24h&shareIdle=true',
    );
    expect(shared.code).toBe(0);
    expect(shared.json()).toEqual(shared.expected);
    expect(shared.expected.shareIdle).toBe(true);
    expect(shared.expected.total.cost).toBeGreaterThan(0.388);
    const sharedText = await both(
      ['cost', '--by', 'service', '--share-idle', '--window', '24h'],
      '/cost/report?groupBy=service&window=24h&shareIdle=true',
    );
    expect(sharedText.stdout.split('\n')[0].split(/\s\s+/)).toEqual([
      'SERVICE',
      'COST',
      'IDLE SHARE',
      'TREND',
      'CPU USED',
      'MEMORY USED',
    ]);
    expect(sharedText.stdout.split('\n')[1].split(/\s+/).slice(0, 3)).toEqual([
      'component:default/payments',
      sharedText.expected.items[0].cost.toFixed(2),
      sharedText.expected.items[0].idleShare.toFixed(2),
    ]);
    expect(sharedText.stdout).toContain(
      `total ${sharedText.expected.total.cost.toFixed(2)} (idle 0.00) in 24h`,
    );

    const csv = await both(
      ['cost', '--by', 'cluster', '--csv', '--window', '24h'],
      '/cost/report?groupBy=cluster&window=24h&format=csv',
    );
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(csv.expected);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^cluster,cost,/);
    expect(csv.stdout).toMatch(/^dc1,0\.12\b/m);
  });

  it('one service: the API’s card as JSON, and as text', async () => {
    const json = await both(
      ['cost', 'payments', '--window', '24h', '-o', 'json'],
      '/cost/services/default/payments?window=24h',
    );
    expect(json.code).toBe(0);
    expect(json.json()).toEqual(json.expected);
    expect(json.expected.cost).toBeCloseTo(0.24, 9);
    expect(json.expected.trend).toBeCloseTo(5, 9);

    const text = await both(
      ['cost', 'component:default/payments', '--window', '24h'],
      '/cost/services/default/payments?window=24h',
    );
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'component:default/payments  0.24 in 24h (trend 500%)',
    );
    expect(lines[1]).toBe(
      `month to date ${text.expected.month.toDate.toFixed(
        2,
      )}, projected ${text.expected.month.projected.toFixed(2)}`,
    );
    expect(lines[2]).toMatch(/^ENVIRONMENT\s+COST/);
    expect(lines[3]).toMatch(/^production\s+0\.24\s+500%\s+50%\s+50%$/);
    expect(lines[4]).toMatch(/^CLUSTER\s+COST/);
    expect(lines.slice(5).map(l => l.split(/\s+/).slice(0, 2))).toEqual([
      ['dc2', '0.10'],
      ['dc1', '0.08'],
      ['dc3', '0.06'],
    ]);
  });

  it('--owner: the API’s group card as JSON, and as text', async () => {
    const json = await both(
      [
        'cost',
        '--owner',
        'group:default/team-ledger',
        '--window',
        '24h',
        '-o',
        'json',
      ],
      '/cost/owners/default/team-ledger?window=24h',
    );
    expect(json.code).toBe(0);
    expect(json.json()).toEqual(json.expected);
    expect(json.expected.cost).toBeCloseTo(0.148, 9);

    const text = await both(
      ['cost', '--owner', 'team-ledger', '--window', '24h'],
      '/cost/owners/default/team-ledger?window=24h',
    );
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'group:default/team-ledger  0.15 in 24h (own 0.15, trend -)',
    );
    expect(lines[2]).toMatch(/^SERVICE\s+COST/);
    expect(lines[3]).toMatch(/^component:default\/ledger\s+0\.15\s/);
    expect(lines).toHaveLength(4);
  });

  it('--over-provisioned: the API’s report as JSON, and as a table', async () => {
    const json = await both(
      ['cost', '--over-provisioned', '--window', '24h', '-o', 'json'],
      '/cost/over-provisioned?window=24h',
    );
    expect(json.code).toBe(0);
    expect(json.json()).toEqual(json.expected);
    const text = await both(
      ['cost', '--over-provisioned', '--window', '24h'],
      '/cost/over-provisioned?window=24h',
    );
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^SERVICE\s+OWNER\s+COST\s+CPU USED\s+MEMORY USED\s+SAVING\/MONTH$/,
    );
    expect(lines.slice(1).map(l => l.split(/\s+/).slice(0, 3))).toEqual(
      text.expected.items.map(
        (i: { serviceRef: string; ownerRef: string; cost: number }) => [
          i.serviceRef,
          i.ownerRef,
          i.cost.toFixed(2),
        ],
      ),
    );
  });

  it('exit 2 naming the flag for bad flags and options another mode ignores', async () => {
    const by = await cli('admin', ['cost', '--by', 'region']);
    expect(by.code).toBe(2);
    expect(by.stderr).toBe(
      'dyploma: by: expected one of service, owner, system, environment, cluster, datacenter, got "region"\n',
    );
    const byJson = await cli('admin', ['cost', '--by', 'region', '-o', 'json']);
    expect(byJson.code).toBe(2);
    expect(byJson.json()).toEqual({
      error: {
        name: 'UsageError',
        message:
          'by: expected one of service, owner, system, environment, cluster, datacenter, got "region"',
      },
      problems: [],
    });
    const window = await cli('admin', ['cost', '--window', '2d']);
    expect(window.code).toBe(2);
    expect(window.stderr).toContain(
      'window: expected one of 24h, 7d, 30d, got "2d"',
    );
    const unknown = await cli('admin', ['cost', '--region', 'eu']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--region'");
    const two = await cli('admin', ['cost', 'payments', '--by', 'service']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(
      'give one of: a service, --owner, --by or --over-provisioned',
    );
    for (const name of ['user:default/bob', 'component:payments', '']) {
      const owner = await cli('admin', ['cost', '--owner', name]);
      expect(owner.code).toBe(2);
      expect(owner.stderr).toContain(
        `owner: expected a group such as team-payments or group:default/team-payments, got "${name}"`,
      );
    }
    // Options of a report are refused with another mode, not ignored.
    for (const [args, message] of [
      [
        ['payments', '--csv'],
        'csv: only for a report (--by), not with a service',
      ],
      [
        ['--owner', 'team-ledger', '--share-idle'],
        'share-idle: only for a report (--by), not with --owner',
      ],
      [
        ['--over-provisioned', '--csv'],
        'csv: only for a report (--by), not with --over-provisioned',
      ],
    ]) {
      const res = await cli('admin', ['cost', ...args]);
      expect(res.code).toBe(2);
      expect(res.stderr).toBe(`dyploma: ${message}\n`);
    }
    const csvJson = await cli('admin', ['cost', '--csv', '-o', 'json']);
    expect(csvJson.code).toBe(2);
    expect(csvJson.json().error.message).toBe(
      'csv: give --csv or --output json, not both',
    );
  });

  it('exit 2 with the API’s field for a time it refuses (a 400)', async () => {
    const from = await cli('admin', [
      'cost',
      '--from',
      'yesterday',
      '-o',
      'json',
    ]);
    expect(from.code).toBe(2);
    expect(from.json()).toMatchObject({
      error: {
        message: expect.stringContaining('from: expected an ISO 8601 time'),
      },
      response: { statusCode: 400 },
    });
    const to = await cli('admin', ['cost', '--to', '2026-11-01T00:00:00Z']);
    expect(to.code).toBe(2);
    expect(to.stderr).toContain('from: expected an ISO 8601 time with to');
  });

  it('exit 3 for a 401 (no credentials, or a token the backend refuses), saying how to log in', async () => {
    // Without any Authorization header the test backend's mock auth takes the caller for
    // its default user; its "none" token is how it models a request without credentials.
    const none = require(require.resolve('@backstage/backend-test-utils', {
      paths: [backendDir],
    }))
      .mockCredentials.none.header()
      .replace(/^Bearer /, '');
    const res = await cli({ token: none }, ['cost', '--by', 'service']);
    expect(res.code).toBe(3);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'dyploma: 401: Missing credentials\nlog in with `dyploma login` or pass --token / DYPLOMA_TOKEN\n',
    );
    const bad = await cli({ token: 'expired' }, [
      'cost',
      'payments',
      '-o',
      'json',
    ]);
    expect(bad.code).toBe(3);
    expect(bad.json()).toMatchObject({
      error: { name: 'AuthenticationError' },
      response: { statusCode: 401 },
    });
  });
});
