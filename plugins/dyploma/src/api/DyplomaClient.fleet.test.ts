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
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DyplomaClient } from './DyplomaClient';

const baseUrl = 'http://localhost:7007/api/dyploma';
const id = 'b0000000-0000-4000-8000-000000000001';

describe('DyplomaClient: fleet and batches', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new DyplomaClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (...args) => fetch(...args) },
  });

  it('sends several values of a filter as repeated keys and leaves empty ones out', async () => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/fleet`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [], total: 0 });
      }),
    );
    await client.getFleet({
      owner: ['group:default/team-a', 'group:default/team-b'],
      status: ['degraded'],
      q: '',
      sort: 'cost',
      order: 'desc',
      offset: 50,
    });
    expect(new URL(url).search).toBe(
      '?owner=group%3Adefault%2Fteam-a&owner=group%3Adefault%2Fteam-b&status=degraded&sort=cost&order=desc&offset=50',
    );
  });

  it('previews and creates a batch with the same JSON body', async () => {
    const bodies: Record<string, unknown> = {};
    server.use(
      http.post(`${baseUrl}/batches/preview`, async ({ request }) => {
        bodies.preview = await request.json();
        return HttpResponse.json({ items: [], wouldRefuse: false });
      }),
      http.post(`${baseUrl}/batches`, async ({ request }) => {
        bodies.create = await request.json();
        return HttpResponse.json({ id, status: 'running' }, { status: 201 });
      }),
    );
    const request = {
      environment: 'production',
      action: { kind: 'scale' as const, factor: 2 },
      select: { refs: ['component:default/payments'] },
      reason: 'sale',
    };
    await client.previewBatch(request);
    const batch = await client.createBatch({
      ...request,
      idempotencyKey: 'k1',
    });
    expect(batch.id).toBe(id);
    expect(bodies.preview).toEqual(request);
    expect(bodies.create).toEqual({ ...request, idempotencyKey: 'k1' });
  });

  it('reads, lists and resumes batches', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${baseUrl}/batches/${id}`, () => {
        seen.push('get');
        return HttpResponse.json({ id, status: 'failed' });
      }),
      http.get(`${baseUrl}/batches`, ({ request }) => {
        seen.push(`list ${new URL(request.url).search}`);
        return HttpResponse.json({ items: [], total: 0, limit: 5, offset: 0 });
      }),
      http.post(`${baseUrl}/batches/${id}/resume`, () => {
        seen.push('resume');
        return HttpResponse.json({ id, status: 'running' });
      }),
    );
    expect((await client.getBatch(id)).status).toBe('failed');
    await client.listBatches({ limit: 5 });
    expect((await client.resumeBatch(id)).status).toBe('running');
    expect(seen).toEqual(['get', 'list ?limit=5', 'resume']);
  });

  it('throws the server answer of a refused batch', async () => {
    server.use(
      http.post(`${baseUrl}/batches`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'user:default/guest may not restart 1 of the 2 services',
            },
          },
          { status: 403 },
        ),
      ),
    );
    await expect(
      client.createBatch({
        environment: 'production',
        action: { kind: 'restart' },
        select: { refs: ['payments'] },
        onForbidden: 'refuse',
      }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });
});
