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

import type { Batch, FleetPage } from '@dyploma/plugin-dyploma-common';
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

async function cli(user: keyof CliBackend['users'], args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, text => (stdout += text), {
    err: text => (stderr += text),
    env: {
      DYPLOMA_URL: backend.url,
      DYPLOMA_TOKEN: backend.tokenOf(backend.users[user]),
      HOME: os.tmpdir(),
      XDG_CONFIG_HOME: path.join(os.tmpdir(), 'dyploma-cli-test-none'),
    },
    isTTY: false,
    sleep: async () => {},
    pollMs: 0,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
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
