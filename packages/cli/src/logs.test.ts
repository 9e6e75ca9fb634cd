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

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { run } from './index';

/*
 * `dyploma logs` against a node:http server that speaks the logs route's contract
 * (`GET .../environments/{env}/logs?pod&cluster&container&follow&previous&tailLines`,
 * text/plain, streamed while following): the real route reads pods from clusters, which
 * the CLI's tests do not start. The service status it answers has the API's shape.
 */

type Seen = { url: URL; authorization?: string };

async function startLogServer() {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push({ url, authorization: req.headers.authorization });
    if (url.pathname === '/api/dyploma/services/default/payments') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          service: {
            ref: 'component:default/payments',
            namespace: 'default',
            name: 'payments',
          },
          environments: [],
          live: [
            {
              cluster: 'dc2',
              environment: 'production',
              datacenter: 'dc2',
              namespace: 'payments',
              health: 'connected',
              pods: [
                {
                  name: 'payments-b',
                  ready: true,
                  phase: 'Running',
                  restarts: 0,
                  cpu: {},
                  memory: {},
                },
                {
                  name: 'payments-a',
                  ready: false,
                  phase: 'Pending',
                  restarts: 0,
                  cpu: {},
                  memory: {},
                },
              ],
            },
          ],
        }),
      );
      return;
    }
    if (
      url.pathname ===
      '/api/dyploma/services/default/payments/environments/production/logs'
    ) {
      if (url.searchParams.get('container') === 'nope') {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                'tailLines: expected a whole number from 1 to 100000, got "0"',
            },
            response: { statusCode: 400 },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      // Written in pieces, a line split across two, as a followed log arrives.
      res.write('{"msg":"started"}\n{"msg":"hel');
      setTimeout(() => {
        res.write('lo"}\n');
        setTimeout(() => res.end('{"msg":"bye"}\n'), 20);
      }, 20);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'no route' },
        response: { statusCode: 404 },
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

let logServer: Awaited<ReturnType<typeof startLogServer>>;
beforeAll(async () => {
  logServer = await startLogServer();
});
afterAll(() => logServer.close());

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, text => (stdout += text), {
    err: text => (stderr += text),
    env: {
      DYPLOMA_URL: logServer.url,
      DYPLOMA_TOKEN: 'tok',
      XDG_CONFIG_HOME: path.join(os.tmpdir(), 'dyploma-cli-test-none'),
    },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

describe('dyploma logs', () => {
  it('follows the ready pod when none is named, writing the log as it arrives', async () => {
    const res = await cli([
      'logs',
      'payments',
      '-e',
      'production',
      '-f',
      '--tail',
      '50',
    ]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      '{"msg":"started"}\n{"msg":"hello"}\n{"msg":"bye"}\n',
    );
    expect(res.stderr).toBe(
      'logs of pod payments-b in dc2 (one of 2; --pod chooses)\n',
    );
    const request = logServer.seen.at(-1)!;
    expect(request.url.pathname).toBe(
      '/api/dyploma/services/default/payments/environments/production/logs',
    );
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      pod: 'payments-b',
      cluster: 'dc2',
      follow: 'true',
      tailLines: '50',
    });
    expect(request.authorization).toBe('Bearer tok');
  });

  it('prints one JSON object per line while following, one document otherwise', async () => {
    const followed = await cli([
      'logs',
      'payments',
      '-e',
      'production',
      '--pod',
      'payments-a',
      '-f',
      '-o',
      'json',
    ]);
    expect(followed.code).toBe(0);
    expect(
      followed.stdout
        .trim()
        .split('\n')
        .map(l => JSON.parse(l).line),
    ).toEqual(['{"msg":"started"}', '{"msg":"hello"}', '{"msg":"bye"}']);
    const whole = await cli([
      'logs',
      'payments',
      '-e',
      'production',
      '--pod',
      'payments-a',
      '--previous',
      '-o',
      'json',
    ]);
    expect(JSON.parse(whole.stdout)).toEqual({
      pod: 'payments-a',
      lines: ['{"msg":"started"}', '{"msg":"hello"}', '{"msg":"bye"}'],
    });
    expect(logServer.seen.at(-1)!.url.searchParams.get('previous')).toBe(
      'true',
    );
  });

  it('exits 2 for a bad flag or a 400, and 5 for a 404', async () => {
    expect(
      (await cli(['logs', 'payments', '-e', 'production', '-f', '--previous']))
        .code,
    ).toBe(2);
    const bad = await cli([
      'logs',
      'payments',
      '-e',
      'production',
      '--pod',
      'payments-a',
      '--tail',
      'x',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'tail: expected a whole number of lines from 1, got "x"',
    );
    const server400 = await cli([
      'logs',
      'payments',
      '-e',
      'production',
      '--pod',
      'payments-a',
      '--container',
      'nope',
    ]);
    expect(server400.code).toBe(2);
    const missing = await cli([
      'logs',
      'ledger',
      '-e',
      'production',
      '--pod',
      'ledger-a',
    ]);
    expect(missing.code).toBe(5);
  });
});
