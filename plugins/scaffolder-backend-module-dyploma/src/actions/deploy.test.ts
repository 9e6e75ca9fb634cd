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
import { FakeBackend, target } from '../__testUtils__/FakeBackend';
import { createDeployAction, describeTarget } from './deploy';
import { examples } from './deploy.examples';

/*
 * The Dyploma backend is a fake on a real HTTP port (FakeBackend, node:http): the action's
 * requests, tokens and JSON go over the wire; the orders and their progress are scripted.
 */
describe('dyploma:deploy', () => {
  const backend = new FakeBackend();
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(() => {
    backend.requests.length = 0;
    backend.orders.clear();
    backend.serviceMissingFor = 0;
    backend.refuseOrders = undefined;
    backend.script = [{ status: 'succeeded', targets: [] }];
  });

  const action = () =>
    createDeployAction({
      discovery: backend.discovery(),
      auth: mockServices.auth(),
      pollIntervalMs: 1,
      catalogWaitMs: 5_000,
    });

  const input = {
    entityRef: 'component:default/hello-api',
    environment: 'dev',
    version: '0.1.0',
  };

  function context(overrides: Record<string, unknown> = {}) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: { ...input, ...overrides },
      logger,
      task: { id: 'a6f2c1d0-6b7e-4d7e-9d5a-1f2e3d4c5b6a' },
    });
    const logged = () =>
      logger.info.mock.calls.map(call => String(call[0])).join('\n');
    return { ctx, logged };
  }

  it('orders a deploy as the user who runs the template and follows it to the end', async () => {
    backend.script = [
      {
        status: 'running',
        targets: [
          target('dc1', 'applying', { desired: 2, updated: 0, ready: 0 }),
        ],
      },
      {
        status: 'running',
        targets: [
          target('dc1', 'progressing', { desired: 2, updated: 2, ready: 1 }),
        ],
      },
      {
        status: 'succeeded',
        targets: [
          target('dc1', 'succeeded', { desired: 2, updated: 2, ready: 2 }),
        ],
      },
    ];
    const { ctx, logged } = context();
    await action().handler(ctx);

    const [post] = backend.orderPosts();
    expect(post.path).toBe('/api/dyploma/services/default/hello-api/orders');
    expect(post.body).toEqual({
      kind: 'deploy',
      environment: 'dev',
      version: '0.1.0',
      reason: 'first deploy of a new service from template scaffolder',
      idempotencyKey: 'a6f2c1d0-6b7e-4d7e-9d5a-1f2e3d4c5b6a:dev',
    });
    // A token issued on behalf of the user (mockServices.auth encodes who and for whom).
    expect(post.authorization).toMatch(/^Bearer /);
    expect(post.authorization).toContain('"target":"dyploma"');
    expect(post.authorization).toContain('"obo":"user:default/mock"');

    expect(ctx.output).toHaveBeenCalledWith('orderId', expect.any(String));
    expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
    // Progress per cluster in the task log, each change once.
    const log = logged();
    expect(log).toContain('dc1: applying, 0/2 updated, 0/2 ready');
    expect(log).toContain('dc1: progressing, 2/2 updated, 1/2 ready');
    expect(log).toContain('dc1: succeeded, 2/2 updated, 2/2 ready');
    expect(log).toContain('component:default/hello-api 0.1.0 runs in dev');
  });

  it('run twice (a resumed task) makes one order: the checkpoint keeps its id', async () => {
    // The runner's checkpoint store, as NunjucksWorkflowRunner keeps it across a resume.
    const checkpoints = new Map<string, unknown>();
    const checkpoint = async ({ key, fn }: { key: string; fn: () => any }) => {
      if (!checkpoints.has(key)) checkpoints.set(key, await fn());
      return checkpoints.get(key) as any;
    };
    for (let run = 0; run < 2; run++) {
      const { ctx } = context();
      await action().handler({ ...ctx, checkpoint } as typeof ctx);
    }
    expect(backend.orderPosts()).toHaveLength(1);
    expect(backend.orders.size).toBe(1);
  });

  it('run twice without a saved checkpoint still makes one order: the idempotency key is the task id', async () => {
    const first = context();
    await action().handler(first.ctx);
    const second = context();
    await action().handler(second.ctx);

    expect(backend.orderPosts()).toHaveLength(2);
    expect(backend.orders.size).toBe(1);
    const [orderId] = backend.orders.keys();
    expect(first.ctx.output).toHaveBeenCalledWith('orderId', orderId);
    expect(second.ctx.output).toHaveBeenCalledWith('orderId', orderId);
    expect(second.logged()).toContain('the order exists already');
  });

  it('waits for the catalog to process a component registered a moment ago', async () => {
    backend.serviceMissingFor = 2;
    const { ctx, logged } = context();
    await action().handler(ctx);
    expect(backend.orderPosts()).toHaveLength(3);
    expect(backend.orders.size).toBe(1);
    expect(logged()).toContain(
      'waiting for the catalog to process component:default/hello-api',
    );
  });

  it('a failed deploy fails the step, says the component stays and how to retry', async () => {
    backend.script = [
      {
        status: 'failed',
        error: 'no cluster finished the rollout',
        targets: [
          target(
            'dc1',
            'failed',
            { desired: 1, updated: 1, ready: 0 },
            'ImagePullBackOff: registry.example.com/hello-api:0.1.0 not found',
          ),
        ],
      },
    ];
    const { ctx } = context();
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error.message).toBe(
      [
        `the deploy of 0.1.0 to dev ended failed (order ${
          [...backend.orders.keys()][0]
        }): no cluster finished the rollout`,
        '  dc1: failed, 1/1 updated, 0/1 ready, ImagePullBackOff: registry.example.com/hello-api:0.1.0 not found',
        "component:default/hello-api was created and registered in the catalog, and stays: retry the deploy from the service's Deploy tab, or with the CLI: dyploma deploy default/hello-api --environment dev --version 0.1.0",
      ].join('\n'),
    );
    expect(ctx.output).toHaveBeenCalledWith('status', 'failed');
  });

  it('an order the backend refuses fails the step with its field-pathed problems', async () => {
    backend.refuseOrders = {
      status: 400,
      body: {
        error: { name: 'InputError', message: 'the order is not valid' },
        response: { statusCode: 400 },
        problems: [
          {
            path: 'environment',
            text: 'no environment "dev"; known: production',
            message: 'environment: no environment "dev"; known: production',
          },
        ],
      },
    };
    const { ctx } = context();
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error.message).toContain(
      'could not order the deploy of component:default/hello-api to dev: environment: no environment "dev"; known: production',
    );
    expect(error.message).toContain('retry the deploy');
  });

  it('gives up waiting for the catalog after a while, with the reason', async () => {
    const { ctx } = context({ entityRef: 'component:default/unknown' });
    backend.serviceMissingFor = 1_000;
    const error = await createDeployAction({
      discovery: backend.discovery(),
      auth: mockServices.auth(),
      pollIntervalMs: 1,
      catalogWaitMs: 0,
    })
      .handler(ctx)
      .catch(e => e);
    expect(error.message).toContain(
      'could not order the deploy of component:default/unknown to dev: no service component:default/unknown in the catalog',
    );
    expect(error.message).toContain('retry the deploy');
  });

  describe('input validation', () => {
    it.each([
      [
        { version: 'latest build' },
        /^the new service is not valid[^]*\n {2}version: /,
      ],
      [{ environment: 'Dev Env' }, /\n {2}environment: /],
      [
        { replicas: 501 },
        /\n {2}replicas: expected a whole number from 0 to 500, got 501/,
      ],
      [
        { entityRef: 'group:default/team-a' },
        /entityRef: expected a component, got group:default\/team-a/,
      ],
    ])('refuses %j before anything is sent', async (overrides, message) => {
      const { ctx } = context(overrides);
      await expect(action().handler(ctx)).rejects.toThrow(message);
      expect(backend.requests).toHaveLength(0);
    });

    it('declares its inputs, required and optional, as JSON Schema', () => {
      const schema = action().schema?.input as {
        required: string[];
        properties: Record<string, unknown>;
      };
      expect(schema.required.sort()).toEqual(
        ['entityRef', 'environment', 'version'].sort(),
      );
      expect(Object.keys(schema.properties)).toEqual(
        expect.arrayContaining(['replicas', 'reason', 'timeoutSeconds']),
      );
    });
  });

  it('describes a cluster without counts by its status', () => {
    expect(describeTarget(target('dc2', 'pending'))).toBe('dc2: pending');
  });

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples)
      expect(e.example).toContain('action: dyploma:deploy');
  });
});
