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

import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Order } from '@dyploma/plugin-dyploma-common';
import { run } from './index';

/*
 * These tests run the CLI against a real HTTP server: a tiny node:http fake of
 * /api/dyploma (the real plugin's test backend lives in another package whose
 * dependencies this one does not declare). The fake answers with the shapes of the
 * OpenAPI document and Backstage's error bodies.
 */

const TOKEN = 'tok-alice';
const GUEST = 'tok-guest';

function order(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o-1',
    service: 'component:default/payments',
    environment: 'staging',
    kind: 'deploy',
    params: { version: '1.4.2' },
    author: 'user:default/alice',
    status: 'pending',
    attempts: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    targets: [
      {
        cluster: 'stg1',
        status: 'pending',
        attempts: 0,
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

type Fake = {
  url: string;
  requests: Array<{ method: string; url: string; body?: unknown }>;
  /** Answers of GET /orders/o-1, one per poll. */
  polls: Order[];
  active?: Order;
  close(): Promise<void>;
};

function errorBody(status: number, name: string, message: string) {
  return { error: { name, message }, response: { statusCode: status } };
}

async function startFake(): Promise<Fake> {
  const fake = { requests: [], polls: [] } as unknown as Fake;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', chunk => (raw += chunk));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      fake.requests.push({ method: req.method!, url: req.url!, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/api/auth/guest/refresh' && req.method === 'POST') {
        send(200, { backstageIdentity: { token: GUEST } });
        return;
      }
      const auth = req.headers.authorization;
      if (auth !== `Bearer ${TOKEN}` && auth !== `Bearer ${GUEST}`) {
        send(401, errorBody(401, 'AuthenticationError', 'Missing credentials'));
        return;
      }
      const url = new URL(req.url!, 'http://x');
      const p = url.pathname;
      if (p === '/api/dyploma/health') {
        send(200, { status: 'ok' });
      } else if (p === '/api/dyploma/services/default/payments') {
        send(200, {
          service: {
            ref: 'component:default/payments',
            namespace: 'default',
            name: 'payments',
            owner: 'group:default/team-payments',
          },
          environments: [
            {
              name: 'staging',
              namespace: 'payments',
              clusters: [{ name: 'stg1', datacenter: 'dc1', weight: 1 }],
              placement: 'weighted',
              requireReason: false,
            },
          ],
          live: [],
        });
      } else if (
        p === '/api/dyploma/services/default/ledger/orders' &&
        req.method === 'POST'
      ) {
        send(
          403,
          errorBody(
            403,
            'NotAllowedError',
            'user:default/alice may not deploy component:default/ledger',
          ),
        );
      } else if (
        p === '/api/dyploma/services/default/payments/orders' &&
        req.method === 'POST'
      ) {
        if (fake.active) {
          send(409, {
            ...errorBody(
              409,
              'ConflictError',
              'another order is active for component:default/payments in staging',
            ),
            activeOrder: fake.active,
          });
        } else {
          send(201, order({ kind: body.kind, params: { ...body } }));
        }
      } else if (p === '/api/dyploma/services/default/payments/orders') {
        send(200, { items: [order()], total: 1, limit: 20, offset: 0 });
      } else if (p === '/api/dyploma/orders/o-1') {
        send(200, fake.polls.shift() ?? order({ status: 'succeeded' }));
      } else {
        send(404, errorBody(404, 'NotFoundError', `no ${p}`));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>(resolve => server.close(() => resolve()));
  return fake;
}

describe('dyploma CLI', () => {
  let fake: Fake;
  let home: string;

  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.requests = [];
    fake.polls = [];
    fake.active = undefined;
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'dyploma-cli-'));
  });
  afterEach(() => fs.rm(home, { recursive: true, force: true }));

  /** Runs the CLI; stdout and stderr are kept apart. */
  async function cli(
    args: string[],
    env: Record<string, string | undefined> = {
      DYPLOMA_URL: fake.url,
      DYPLOMA_TOKEN: TOKEN,
    },
    isTTY = false,
  ) {
    let stdout = '';
    let stderr = '';
    const code = await run(args, t => (stdout += t), {
      err: t => (stderr += t),
      env: { HOME: home, XDG_CONFIG_HOME: undefined, ...env },
      isTTY,
      sleep: async () => {},
      pollMs: 0,
    });
    return { code, stdout, stderr };
  }

  it('prints its usage and exits 0 on --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: dyploma <command>');
  });

  it('names an unknown command and exits 2, the usage-error code', async () => {
    const { code, stderr } = await cli(['deplyo']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'unknown command "deplyo"; did you mean "deploy"?',
    );
  });

  it('prints the status as JSON with --output json and exits 0', async () => {
    const { code, stdout } = await cli(['status', 'payments', '-o', 'json']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.service.ref).toBe('component:default/payments');
    expect(status.environments[0].name).toBe('staging');
  });

  it('prints the status as text', async () => {
    const { code, stdout } = await cli(['status', 'default/payments']);
    expect(code).toBe(0);
    expect(stdout).toContain('component:default/payments');
    expect(stdout).toContain('never deployed');
  });

  it('deploys: sends a checked body and prints the order as JSON', async () => {
    const { code, stdout } = await cli([
      'deploy',
      'payments',
      '--environment',
      'staging',
      '--version',
      '1.4.2',
      '--replicas',
      '3',
      '--reason',
      'refund fix',
      '--output',
      'json',
    ]);
    expect(code).toBe(0);
    expect(fake.requests.at(-1)).toEqual({
      method: 'POST',
      url: '/api/dyploma/services/default/payments/orders',
      body: {
        kind: 'deploy',
        environment: 'staging',
        version: '1.4.2',
        replicas: 3,
        reason: 'refund fix',
      },
    });
    expect(JSON.parse(stdout)).toMatchObject({ id: 'o-1', status: 'pending' });
  });

  it('refuses --replicas r12345 with a field-pathed message, exit 2, nothing sent', async () => {
    const { code, stderr } = await cli([
      'scale',
      'payments',
      '--environment',
      'staging',
      '--replicas',
      'r12345',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'replicas: expected a whole number from 0 to 500, got "r12345"',
    );
    expect(fake.requests).toEqual([]);
  });

  it('reports usage errors as JSON too', async () => {
    const { code, stdout } = await cli([
      'deploy',
      'payments',
      '-e',
      'staging',
      '-o',
      'json',
    ]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).problems).toEqual([
      'version: required: expected an image tag such as 1.4.2 or a digest such as sha256:<64 hex digits>',
    ]);
  });

  it('exits 2 on an unknown flag', async () => {
    const { code, stderr } = await cli([
      'restart',
      'payments',
      '--replcias',
      '3',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--replcias'");
  });

  it('exits 3 without a valid token (401) and when not allowed (403)', async () => {
    const unauthenticated = await cli(['status', 'payments'], {
      DYPLOMA_URL: fake.url,
      DYPLOMA_TOKEN: 'wrong',
    });
    expect(unauthenticated.code).toBe(3);
    expect(unauthenticated.stderr).toContain('401: Missing credentials');

    const forbidden = await cli([
      'restart',
      'ledger',
      '-e',
      'staging',
      '-o',
      'json',
    ]);
    expect(forbidden.code).toBe(3);
    expect(JSON.parse(forbidden.stdout).error.name).toBe('NotAllowedError');
  });

  it('exits 4 on a conflict and prints the active order', async () => {
    fake.active = order({ id: 'o-active', kind: 'scale', status: 'running' });
    const { code, stderr } = await cli([
      'restart',
      'payments',
      '--environment',
      'staging',
    ]);
    expect(code).toBe(4);
    expect(stderr).toContain('another order is active');
    expect(stderr).toContain('order o-active  scale');
    const json = await cli([
      'restart',
      'payments',
      '-e',
      'staging',
      '-o',
      'json',
    ]);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout).activeOrder.id).toBe('o-active');
  });

  it('--wait prints one line per cluster change and exits 1 when the order fails', async () => {
    const target = (status: string, ready: number, message?: string) => ({
      cluster: 'stg1',
      status: status as Order['targets'][0]['status'],
      desired: 3,
      ready,
      message,
      attempts: 1,
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    fake.polls = [
      order({ status: 'running', targets: [target('progressing', 1)] }),
      order({ status: 'running', targets: [target('progressing', 1)] }),
      order({
        status: 'failed',
        error: 'stg1 failed',
        targets: [target('failed', 1, 'ImagePullBackOff')],
      }),
    ];
    const { code, stdout } = await cli([
      'deploy',
      'payments',
      '-e',
      'staging',
      '--version',
      '9.9.9',
      '--wait',
    ]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(
      lines.filter(l => l === '  stg1: progressing 1/3 ready'),
    ).toHaveLength(1);
    expect(stdout).toContain('  stg1: failed 1/3 ready  ImagePullBackOff');
    expect(stdout).not.toContain('[');
  });

  it('--wait -o json prints only the finished order on stdout, the changes on stderr', async () => {
    fake.polls = [
      order({ status: 'running' }),
      order({ status: 'failed', error: 'stg1 failed' }),
    ];
    const { code, stdout, stderr } = await cli([
      'scale',
      'payments',
      '-e',
      'staging',
      '--replicas',
      '2',
      '--wait',
      '-o',
      'json',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual(
      order({ status: 'failed', error: 'stg1 failed' }),
    );
    expect(stderr).toContain('order o-1: running');
    expect(stderr).toContain('order o-1: failed');
  });

  it('--wait draws progress bars on a terminal and exits 0 on success', async () => {
    fake.polls = [
      order({
        status: 'succeeded',
        targets: [
          {
            cluster: 'stg1',
            status: 'succeeded',
            desired: 2,
            ready: 2,
            attempts: 1,
            updatedAt: '2026-01-01T00:00:01.000Z',
          },
        ],
      }),
    ];
    const { code, stdout } = await cli(
      ['rollback', 'payments', '-e', 'staging', '--to', '2', '--wait'],
      undefined,
      true,
    );
    expect(code).toBe(0);
    expect(stdout).toContain(`stg1: succeeded [${'#'.repeat(20)}] 2/2 ready`);
    expect(fake.requests[0].body).toEqual({
      kind: 'rollback',
      environment: 'staging',
      toRevision: 2,
    });
  });

  it('lists the history as JSON', async () => {
    const { code, stdout } = await cli([
      'history',
      'payments',
      '-e',
      'staging',
      '--output=json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).total).toBe(1);
    expect(fake.requests[0].url).toBe(
      '/api/dyploma/services/default/payments/orders?environment=staging',
    );
  });

  it('logs in as a guest, stores the URL and token, and uses them', async () => {
    const login = await cli(['login', '--url', fake.url, '--guest'], {});
    expect(login.code).toBe(0);
    const file = path.join(home, '.config', 'dyploma', 'config.json');
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({
      url: fake.url,
      token: GUEST,
    });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

    const status = await cli(['status', 'payments', '-o', 'json'], {});
    expect(status.code).toBe(0);
    // The stored token is not sent to another backend.
    const elsewhere = await cli(
      ['status', 'payments', '--url', `${fake.url}/api/dyploma/../other`],
      {},
    );
    expect(elsewhere.code).not.toBe(0);
  });

  it('login -o json prints where it stored the URL', async () => {
    const { code, stdout } = await cli(
      ['login', '--url', `${fake.url}/api/dyploma/`, '--guest', '-o', 'json'],
      {},
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      url: fake.url,
      configFile: path.join(home, '.config', 'dyploma', 'config.json'),
    });
  });

  it('says where to get a URL when none is known', async () => {
    const { code, stderr } = await cli(['status', 'payments'], {});
    expect(code).toBe(2);
    expect(stderr).toContain('no backend URL');
  });
});
