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

import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeBackend } from '../__testUtils__/FakeBackend';
import { createServiceValidateAction, dropEmptyValues } from './validate';
import { examples } from './validate.examples';

/*
 * The catalog is a fake on a real HTTP port (FakeBackend, node:http) answering
 * `GET /entities/by-name/...` for the entities a test puts in it.
 */
describe('dyploma:service:validate', () => {
  const backend = new FakeBackend();
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(() => {
    backend.requests.length = 0;
    backend.entities.clear();
    backend.entities.add('group:default/team-payments');
    backend.entities.add('component:default/payments');
  });

  const action = (environments = { dev: { clusters: ['dc1'] } }) =>
    createServiceValidateAction({
      discovery: backend.discovery(),
      auth: mockServices.auth(),
      validationContext: { environments },
    });

  const run = async (input: Record<string, unknown>) => {
    const ctx = createMockActionContext({ input: input as any });
    await action().handler(ctx);
    return ctx;
  };

  const valid = {
    name: 'hello-api',
    owner: 'group:default/team-payments',
    model: { image: 'registry.example.com/hello-api' },
  };

  it('passes a valid new service and outputs its model and entity ref', async () => {
    const ctx = await run(valid);
    expect(ctx.output).toHaveBeenCalledWith('model', {
      image: 'registry.example.com/hello-api',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/hello-api',
    );
    // Asked the catalog as the user: the name, then the owner.
    expect(backend.requests.map(r => r.path)).toEqual([
      '/api/catalog/entities/by-name/component/default/hello-api',
      '/api/catalog/entities/by-name/group/default/team-payments',
    ]);
    expect(backend.requests[0].authorization).toContain('"target":"catalog"');
  });

  it('drops the fields the form left empty before validating', async () => {
    const ctx = await run({
      ...valid,
      model: {
        image: 'registry.example.com/hello-api',
        replicas: '',
        ports: [{ port: 3000, name: '' }],
        resources: { requests: { cpu: '', memory: null } },
      },
    });
    expect(ctx.output).toHaveBeenCalledWith('model', {
      image: 'registry.example.com/hello-api',
      ports: [{ port: 3000 }],
    });
  });

  it('fails with every problem, each with its field path, as the backend words them', async () => {
    await expect(
      run({
        ...valid,
        model: {
          image: 'registry.example.com/hello-api',
          ports: [{ port: 70000 }],
          replicas: 'two',
          cronJobs: [
            { name: 'nightly', schedule: 'every night', command: ['run'] },
          ],
        },
      }),
    ).rejects.toThrow(
      /^the new service is not valid; fix these and run the template again:\n {2}spec\.dyploma\.[^]*ports\[0\]\.port: [^]*replicas: expected a whole number from 0 to 500, got "two"/,
    );
  });

  it('checks environments against the platform (app-config)', async () => {
    await expect(
      run({
        ...valid,
        model: {
          image: 'registry.example.com/hello-api',
          environments: { staging: { replicas: 2 } },
        },
      }),
    ).rejects.toThrow(/spec\.dyploma\.environments\.staging/);
  });

  it('refuses a name Kubernetes would refuse', async () => {
    await expect(run({ ...valid, name: 'Hello_API' })).rejects.toThrow(
      /metadata\.name: .*"Hello_API".*\(e\.g\. "hello-api"\)/,
    );
  });

  it('refuses a name the catalog already has', async () => {
    await expect(run({ ...valid, name: 'payments' })).rejects.toThrow(
      'name: the catalog already has component:default/payments: pick another name',
    );
  });

  it('refuses an owner the catalog does not know', async () => {
    await expect(run({ ...valid, owner: 'team-nobody' })).rejects.toThrow(
      'owner: no group group:default/team-nobody in the catalog: pick an owner from the list',
    );
  });

  it('refuses an owner that is neither a group nor a user', async () => {
    await expect(
      run({ ...valid, owner: 'component:default/payments' }),
    ).rejects.toThrow(
      'owner: expected a group (or a user), got component:default/payments',
    );
  });

  it('asks the catalog nothing when told not to', async () => {
    await run({ ...valid, name: 'payments', checkCatalog: false });
    expect(backend.requests).toHaveLength(0);
  });

  it('declares name and model as required inputs', () => {
    const schema = action().schema?.input as { required: string[] };
    expect(schema.required.sort()).toEqual(['model', 'name']);
  });

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples)
      expect(e.example).toContain('action: dyploma:service:validate');
  });

  describe('dropEmptyValues', () => {
    it('keeps zeros and false, drops empty text, null and emptied maps', () => {
      expect(
        dropEmptyValues({
          replicas: 0,
          metrics: { enabled: false },
          a: { b: '' },
          c: null,
          list: [],
        }),
      ).toEqual({ replicas: 0, metrics: { enabled: false }, list: [] });
    });
  });
});
