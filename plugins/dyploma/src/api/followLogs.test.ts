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

import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DyplomaClient } from './DyplomaClient';

const baseUrl = 'http://localhost:7007/api/dyploma';
const service = { namespace: 'default', name: 'payments' };
const LOGS = `${baseUrl}/services/default/payments/environments/production/logs`;

describe('DyplomaClient.followLogs', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new DyplomaClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (...args) => fetch(...args) },
  });

  it('asks for a followed log and hands over the text as it arrives', async () => {
    let url = '';
    server.use(
      http.get(LOGS, ({ request }) => {
        url = request.url;
        const encoder = new TextEncoder();
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(encoder.encode('{"seq":1}\n'));
            controller.enqueue(encoder.encode('{"seq":2}\n'));
            controller.close();
          },
        });
        return new HttpResponse(body, {
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        });
      }),
    );
    const pieces: string[] = [];
    await client.followLogs(
      service,
      {
        environment: 'production',
        cluster: 'dc1',
        pod: 'payments-1',
        tailLines: 10,
      },
      text => pieces.push(text),
      new AbortController().signal,
    );
    expect(pieces.join('')).toBe('{"seq":1}\n{"seq":2}\n');
    expect(new URL(url).searchParams.toString()).toBe(
      'cluster=dc1&pod=payments-1&tailLines=10&follow=true',
    );
  });

  it('throws the backend’s error, e.g. a down cluster', async () => {
    server.use(
      http.get(LOGS, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'cluster dc2 (dc2) is unreachable',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await expect(
      client.followLogs(
        service,
        { environment: 'production', pod: 'payments-1' },
        () => {},
        new AbortController().signal,
      ),
    ).rejects.toBeInstanceOf(ResponseError);
  });
});
