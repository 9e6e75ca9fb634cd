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

import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeBackend } from '../__testUtils__/FakeBackend';
import {
  configFileLocations,
  createRegisterLocalAction,
  globCovers,
} from './registerLocal';
import { examples } from './registerLocal.examples';

/* The catalog is a fake on a real HTTP port (FakeBackend, node:http). */
describe('dyploma:catalog:register-local', () => {
  const backend = new FakeBackend();
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(() => {
    backend.requests.length = 0;
    backend.entities.clear();
    backend.locations.length = 0;
    backend.refreshed.length = 0;
    backend.appearOnRefresh.length = 0;
  });

  const action = () =>
    createRegisterLocalAction({
      discovery: backend.discovery(),
      auth: mockServices.auth(),
      pollIntervalMs: 1,
    });
  const input = {
    catalogInfoFile: '/repo/.data/git/checkouts/hello-api/catalog-info.yaml',
    entityRef: 'component:default/hello-api',
  };

  it('refreshes the file location covering the checkout and waits for the component', async () => {
    backend.locations.push(
      {
        metadata: { name: 'generated-org', namespace: 'default' },
        spec: { type: 'file', target: '/repo/examples/org.yaml' },
      },
      {
        metadata: { name: 'generated-checkouts', namespace: 'default' },
        spec: {
          type: 'file',
          target: '/repo/.data/git/checkouts/*/catalog-info.yaml',
        },
      },
    );
    backend.appearOnRefresh.push('component:default/hello-api');
    const ctx = createMockActionContext({ input });
    await action().handler(ctx);
    expect(backend.refreshed).toEqual(['location:default/generated-checkouts']);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/hello-api',
    );
  });

  it("finds app-config's file location before the catalog lists it (no checkout existed yet)", async () => {
    // The catalog lists a config location only once a file matched its glob; the action
    // names it as the catalog's config provider does and refreshes it by that name.
    const config = mockServices.rootConfig({
      data: {
        catalog: {
          locations: [
            { type: 'url', target: 'https://example.com/org.yaml' },
            { type: 'file', target: '/repo/examples/org.yaml' },
            {
              type: 'file',
              target: '/repo/.data/git/checkouts/*/catalog-info.yaml',
            },
          ],
        },
      },
    });
    backend.appearOnRefresh.push('component:default/hello-api');
    const ctx = createMockActionContext({ input });
    await createRegisterLocalAction({
      discovery: backend.discovery(),
      auth: mockServices.auth(),
      config,
      pollIntervalMs: 1,
    }).handler(ctx);
    // sha1("file:/repo/.data/git/checkouts/*/catalog-info.yaml"), by sha1sum.
    expect(backend.refreshed).toEqual([
      'location:default/generated-3b2b7b2d7dcfc2004654d257ab87a0ab492721b3',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/hello-api',
    );
  });

  it('names config locations as the catalog does, relative targets resolved', () => {
    const [location] = configFileLocations(
      mockServices.rootConfig({
        data: {
          catalog: { locations: [{ type: 'file', target: '../x/*.yaml' }] },
        },
      }),
    );
    expect(location.spec?.target).toBe(resolve('../x/*.yaml'));
    expect(location.metadata.name).toMatch(/^generated-[0-9a-f]{40}$/);
  });

  it('says what to add to app-config when no location covers the file', async () => {
    const ctx = createMockActionContext({ input });
    await expect(action().handler(ctx)).rejects.toThrow(
      'no catalog location reads /repo/.data/git/checkouts/hello-api/catalog-info.yaml: add a file location covering the checkouts to app-config, e.g. catalog.locations: [{type: file, target: /repo/.data/git/checkouts/*/catalog-info.yaml}]',
    );
  });

  it('gives up when the component does not appear', async () => {
    backend.locations.push({
      metadata: { name: 'generated-checkouts', namespace: 'default' },
      spec: {
        type: 'file',
        target: '/repo/.data/git/checkouts/*/catalog-info.yaml',
      },
    });
    const ctx = createMockActionContext({
      input: { ...input, timeoutSeconds: 1 },
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      "component:default/hello-api did not appear in the catalog in time; /repo/.data/git/checkouts/hello-api/catalog-info.yaml is read by location:default/generated-checkouts: look at that location's errors in the catalog",
    );
  });

  it.each([
    [
      '/a/checkouts/*/catalog-info.yaml',
      '/a/checkouts/x/catalog-info.yaml',
      true,
    ],
    [
      '/a/checkouts/*/catalog-info.yaml',
      '/a/checkouts/x/y/catalog-info.yaml',
      false,
    ],
    ['/a/**/catalog-info.yaml', '/a/checkouts/x/catalog-info.yaml', true],
    ['/a/x.yaml', '/a/x.yaml', true],
    ['/a/x.yaml', '/a/xxyaml', false],
  ])('glob %s covers %s: %s', (target, file, expected) => {
    expect(globCovers(target, file)).toBe(expected);
  });

  it('has examples', () => {
    for (const e of examples)
      expect(e.example).toContain('action: dyploma:catalog:register-local');
  });
});
