import type { Entity } from '@backstage/catalog-model';
import { parse } from 'yaml';
import { CORPUS_CONTEXT, GOOD_MODELS } from '../testUtils';
import { validateServiceEntity } from './validateServiceEntity';
import { parseServiceModel } from './validateServiceModel';
import { ServiceModelError } from '../errors/ModelProblem';

describe('good models', () => {
  it.each(GOOD_MODELS.map(g => [g.name, g] as const))(
    'accepts the %s service',
    (_n, good) => {
      const result = validateServiceEntity(
        parse(good.entity) as Entity,
        CORPUS_CONTEXT,
      );
      expect(result.ok ? [] : result.problems.map(p => p.message)).toEqual([]);
    },
  );

  it('passes entities without a model', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'x' },
      spec: {},
    };
    expect(validateServiceEntity(entity)).toEqual({
      ok: true,
      hasModel: false,
    });
  });

  it('throws every problem at once from parseServiceModel', () => {
    const bad = {
      image: 'registry.example.com/x',
      replicas: 'r1',
      ports: [{ port: '80' }],
    };
    let thrown: unknown;
    try {
      parseServiceModel(bad);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ServiceModelError);
    expect((thrown as ServiceModelError).problems.map(p => p.path)).toEqual([
      'spec.dyploma.ports[0].port',
      'spec.dyploma.replicas',
    ]);
  });

  it('uses the path prefix it is given', () => {
    expect(() =>
      parseServiceModel({ image: 1 }, { pathPrefix: 'model' }),
    ).toThrow(
      'model.image: expected an image repository such as registry.example.com/payments, got 1: quote it ("1") to keep it as text',
    );
  });
});
