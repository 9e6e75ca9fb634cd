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

import { mockCredentials } from '@backstage/backend-test-utils';
import { createStoreTestDatabases } from '@dyploma/plugin-dyploma-node/testUtils';
import { get as httpGet, IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import {
  Dyploma,
  seedRelease,
  startDyploma,
  USERS,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const SERVICE = '/api/dyploma/services/default/payments';
const OWNER = mockCredentials.user.header(USERS.owner);

const databases = createStoreTestDatabases();

describe.each(databases.eachSupportedId())('status read on %p', databaseId => {
  let dyploma: Dyploma;

  beforeAll(async () => {
    dyploma = await startDyploma(databases, databaseId);
    await seedRelease(dyploma, 'payments', 'production', '1.4.2');
  });

  afterAll(async () => {
    await dyploma?.server.stop?.();
  });

  /** The response with its body's bytes as sent (supertest and fetch would decode gzip). */
  function get(acceptEncoding?: string, ifNoneMatch?: string) {
    return new Promise<{
      status: number;
      headers: IncomingHttpHeaders;
      body: Buffer;
    }>((resolve, reject) => {
      const req = httpGet(
        {
          host: '127.0.0.1',
          port: dyploma.server.port(),
          path: SERVICE,
          headers: {
            authorization: OWNER,
            ...(acceptEncoding !== undefined && {
              'accept-encoding': acceptEncoding,
            }),
            ...(ifNoneMatch !== undefined && { 'if-none-match': ifNoneMatch }),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
  }

  /** The status as a client that takes gzip reads it. */
  async function status() {
    const res = await get('gzip, deflate, br');
    expect(res.status).toBe(200);
    return JSON.parse(gunzipSync(res.body).toString('utf8'));
  }

  it('sends gzip to a client that takes it, the same JSON as it is to one that does not', async () => {
    const gzipped = await get('gzip, deflate, br');
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
    const text = gunzipSync(gzipped.body).toString('utf8');
    // Several times smaller than the text.
    expect(gzipped.body.length * 3).toBeLessThan(text.length);

    // No gzip for a client that does not take it (a backend's compression() may still
    // deflate or brotli it for one that takes those, as it does any body; the test
    // backend has none).
    for (const acceptEncoding of [
      undefined,
      'identity',
      'gzip;q=0, deflate',
      'br',
    ]) {
      const plain = await get(acceptEncoding);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      expect(plain.body.toString('utf8')).toBe(text);
    }
    const body = JSON.parse(text);
    expect(body.service.ref).toBe('component:default/payments');
    expect(body.environments[0]).toMatchObject({
      name: 'production',
      release: { revision: 1, spec: { version: '1.4.2' } },
    });
  });

  it('sends the same bytes and ETag while the body stays the same, and new ones once it changes', async () => {
    const first = await get('gzip');
    const again = await get('gzip');
    expect(first.headers.etag).toEqual(expect.any(String));
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.body.equals(first.body)).toBe(true);
    // A client that has it gets a 304 without a body.
    const notModified = await get('gzip', first.headers.etag);
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);

    await seedRelease(dyploma, 'payments', 'staging', '2.0.0');
    const changed = await get('gzip', first.headers.etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    const staging = JSON.parse(
      gunzipSync(changed.body).toString('utf8'),
    ).environments.find((e: { name: string }) => e.name === 'staging');
    expect(staging.release.spec.version).toBe('2.0.0');
    // The plain text's ETag is its own.
    const plain = await get('identity');
    expect(plain.headers.etag).toEqual(expect.any(String));
    expect(plain.headers.etag).not.toBe(changed.headers.etag);
  });

  it('shows the releases and orders another replica wrote in the very next read', async () => {
    // `dyploma.releases` and `dyploma.orders` are stores of their own on the same
    // database: what another backend replica would write.
    expect((await status()).environments[0].release.revision).toBe(1);
    await seedRelease(dyploma, 'payments', 'production', '1.5.0');
    expect((await status()).environments[0].release).toMatchObject({
      revision: 2,
      spec: { version: '1.5.0' },
    });

    const { order } = await dyploma.orders.create({
      serviceRef: 'component:default/payments',
      environment: 'staging',
      kind: 'deploy',
      params: { version: '2.0.0' },
      author: USERS.owner,
      clusters: ['stg1'],
    });
    const staging = async () =>
      (await status()).environments.find(
        (e: { name: string }) => e.name === 'staging',
      );
    expect((await staging()).activeOrder).toMatchObject({
      id: order.id,
      status: 'pending',
    });
    const claimed = await dyploma.orders.claim('other-replica', 60_000);
    expect(claimed?.id).toBe(order.id);
    await dyploma.orders.start(order.id, 'other-replica');
    await dyploma.orders.updateTarget(order.id, 'other-replica', 'stg1', {
      status: 'progressing',
      desired: 2,
      ready: 1,
    });
    expect((await staging()).activeOrder).toMatchObject({
      status: 'running',
      targets: [
        { cluster: 'stg1', status: 'progressing', desired: 2, ready: 1 },
      ],
    });
    await dyploma.orders.updateTarget(order.id, 'other-replica', 'stg1', {
      status: 'succeeded',
      ready: 2,
    });
    await dyploma.orders.finish(order.id, 'other-replica', {
      status: 'succeeded',
    });
    expect((await staging()).activeOrder).toBeUndefined();
  });
});
