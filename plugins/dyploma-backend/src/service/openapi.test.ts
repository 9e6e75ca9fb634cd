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
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { parse } from 'yaml';
import { OpenApiValidator } from './__testUtils__/openApiValidator';
import { Dyploma, startDyploma, USERS } from './__testUtils__/testBackend';
import { createCostRouter, CostRouterOptions } from '../cost';
import { resourceRouters } from './router';
import { RouteContext } from './types';

jest.setTimeout(60_000);

type OpenApi = {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};

const document: OpenApi = parse(
  readFileSync(join(__dirname, '../schema/openapi.yaml'), 'utf8'),
);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function documented(): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter(m => METHODS.includes(m))
      .map(m => `${m.toUpperCase()} ${path}`),
  );
}

type Layer = { route?: { path: string; methods: Record<string, boolean> } };

/** The routes the router serves, read from the resource routers themselves. */
function served(): string[] {
  // The cost router is mounted beside the others (plugin.ts), at the plugin's root.
  const cost = {
    path: '/',
    router: createCostRouter({} as CostRouterOptions),
  };
  return [...resourceRouters({} as RouteContext), cost].flatMap(
    ({ path, router }) =>
      ((router as unknown as { stack: Layer[] }).stack ?? [])
        .filter(layer => layer.route)
        .flatMap(layer => {
          const full = `${path === '/' ? '' : path}${
            layer.route!.path === '/' ? '' : layer.route!.path
          }`.replace(/:(\w+)/g, '{$1}');
          return Object.keys(layer.route!.methods).map(
            m => `${m.toUpperCase()} ${full}`,
          );
        }),
  );
}

describe('the OpenAPI document', () => {
  it('documents every route the router serves, and nothing more', () => {
    expect(served().length).toBeGreaterThanOrEqual(11);
    expect(documented().sort()).toEqual(served().sort());
  });

  it('documents 401 for every operation and the codes of the order routes', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        expect([path, method, Object.keys(operation.responses)]).toEqual([
          path,
          method,
          expect.arrayContaining(['401']),
        ]);
      }
    }
    expect(
      Object.keys(
        document.paths['/services/{namespace}/{name}/orders'].post.responses,
      ),
    ).toEqual(
      expect.arrayContaining(['200', '201', '400', '403', '404', '409']),
    );
  });

  it('has only JSON Schema keywords in its schemas, and no key split off a description', () => {
    // In a YAML flow map a comma ends the value: `{ type: integer, description: Rows
    // matching the filters, over all pages. }` makes a key "over all pages." without a
    // value. Nothing in the document is legitimately null.
    const nulls: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (value === null) nulls.push(at);
      else if (typeof value === 'object') {
        for (const [key, v] of Object.entries(value as object)) {
          walk(v, `${at}/${key}`);
        }
      }
    };
    walk(document, '');
    expect(nulls).toEqual([]);
    expect(new OpenApiValidator().compileAll()).toEqual([]);
  });

  it('is what the committed types of @dyploma/plugin-dyploma-common were generated from', async () => {
    // The generator itself, in check mode: it fails, naming the command to run, when
    // openapi.yaml changed without `yarn openapi:generate` (or the file was edited by hand).
    const script = join(
      __dirname,
      '../../../dyploma-common/scripts/generate-openapi-types.js',
    );
    const result = await promisify(execFile)(process.execPath, [
      script,
      '--check',
    ]).catch((error: { code?: number; stdout: string; stderr: string }) => {
      throw new Error(error.stderr || error.stdout || String(error));
    });
    expect(result.stdout).toMatch(/openapi\.generated\.ts is up to date/);
  });

  describe.each(createStoreTestDatabases().eachSupportedId().slice(0, 1))(
    'against the running plugin (%p)',
    databaseId => {
      const databases = createStoreTestDatabases();
      let dyploma: Dyploma;
      beforeAll(async () => {
        dyploma = await startDyploma(databases, databaseId);
      });

      it('tells a served route from an unknown one', async () => {
        const res = await request(dyploma.server)
          .get('/api/dyploma/services/default/payments/nope')
          .set('Authorization', mockCredentials.user.header(USERS.owner));
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toBeUndefined();
      });

      it.each(documented())(
        '%s is served, and refuses callers without credentials',
        async operation => {
          const [method, template] = operation.split(' ');
          const path = template
            .replace('{namespace}', 'default')
            .replace('{name}', 'payments')
            .replace('{environment}', 'production')
            .replace('{revision}', '1')
            .replace('{other}', '2')
            .replace('{id}', '00000000-0000-4000-8000-000000000000');
          const send = (authorization: string) =>
            request(dyploma.server)
              [method.toLowerCase() as 'get' | 'post'](`/api/dyploma${path}`)
              .set('Authorization', authorization);
          expect((await send(mockCredentials.none.header())).status).toBe(401);
          // Served: answered by a route (JSON, even a 404 for a missing order), never by
          // the root's empty not-found.
          const res = await send(mockCredentials.user.header(USERS.owner));
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          expect(res.status).not.toBe(500);
        },
      );
    },
  );
});
