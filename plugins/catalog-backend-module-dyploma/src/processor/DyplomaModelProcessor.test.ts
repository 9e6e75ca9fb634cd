import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import type { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { DyplomaModelProcessor } from './DyplomaModelProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

function component(name: string, dyploma?: unknown): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: {
      type: 'service',
      owner: 'team-payments',
      lifecycle: 'production',
      ...(dyploma === undefined ? {} : { dyploma }),
    },
  };
}

async function run(processor: DyplomaModelProcessor, entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const out = await processor.postProcessEntity(entity, location, r =>
    emitted.push(r),
  );
  return { out, emitted };
}

describe('DyplomaModelProcessor', () => {
  const processor = DyplomaModelProcessor.fromConfig(
    mockServices.rootConfig({
      data: { dyploma: { allowedRegistries: ['registry.example.com'] } },
    }),
  );

  it('emits one input error per problem, at the entity location', async () => {
    const { out, emitted } = await run(
      processor,
      component('payments', {
        image: 'docker.io/payments',
        replicas: 'r12345',
      }),
    );
    expect(out.metadata.name).toBe('payments');
    expect(emitted).toEqual([
      {
        type: 'error',
        location,
        error: expect.objectContaining({
          name: 'InputError',
          message:
            'spec.dyploma.replicas: expected a whole number from 0 to 500, got "r12345"',
        }),
      },
    ]);
  });

  it('applies the config: registries', async () => {
    const { emitted } = await run(
      processor,
      component('payments', { image: 'docker.io/payments' }),
    );
    expect(emitted.map(e => (e as { error: Error }).error.message)).toEqual([
      'spec.dyploma.image: expected an image in an allowed registry (registry.example.com), got "docker.io/payments"',
    ]);
  });

  it('emits nothing for a good model or an entity without one', async () => {
    expect(
      (
        await run(
          processor,
          component('payments', { image: 'registry.example.com/payments' }),
        )
      ).emitted,
    ).toEqual([]);
    expect((await run(processor, component('website'))).emitted).toEqual([]);
  });

  it('in publish mode, attaches the problems as processing-error status instead', async () => {
    const publishing = DyplomaModelProcessor.fromConfig(
      mockServices.rootConfig({
        data: { dyploma: { catalog: { invalidModels: 'publish' } } },
      }),
    );
    const { out, emitted } = await run(
      publishing,
      component('payments', {
        image: 'registry.example.com/payments',
        replicas: 'r12345',
      }),
    );
    expect(emitted).toEqual([]);
    expect((out as any).status.items).toEqual([
      {
        type: 'backstage.io/catalog-processing',
        level: 'error',
        message:
          'InputError: spec.dyploma.replicas: expected a whole number from 0 to 500, got "r12345"',
        error: {
          name: 'InputError',
          message:
            'spec.dyploma.replicas: expected a whole number from 0 to 500, got "r12345"',
        },
      },
    ]);
  });

  it('refuses to start on bad platform defaults', () => {
    expect(() =>
      DyplomaModelProcessor.fromConfig(
        mockServices.rootConfig({
          data: { dyploma: { defaults: { replicas: -1 } } },
        }),
      ),
    ).toThrow(
      'dyploma.defaults.replicas: expected a whole number from 0 to 500, got -1',
    );
  });
});
