import type { Entity } from '@backstage/catalog-model';
import { parse } from 'yaml';
import { resolveEffectiveModel } from '../effective/resolve';
import { CORPUS_CONTEXT } from '../testUtils/badModels';
import { GOOD_MODELS } from '../testUtils/goodModels';
import { validateServiceEntity } from '../validate/validateServiceEntity';
import type { RenderInput, RenderRelease } from './types';

/** The render input for a representative service in production, cluster dc1. */
export function representativeInput(
  name: string,
  release: Partial<RenderRelease> = {},
  environment = 'production',
): RenderInput {
  const good = GOOD_MODELS.find(g => g.name === name);
  if (!good) throw new Error(`no representative service ${name}`);
  const result = validateServiceEntity(
    parse(good.entity) as Entity,
    CORPUS_CONTEXT,
  );
  if (!result.ok || !result.hasModel) {
    throw new Error(
      `representative service ${name} is invalid: ${JSON.stringify(result)}`,
    );
  }
  const { model } = resolveEffectiveModel({
    service: result.service,
    model: result.model,
    environment,
  });
  return {
    model,
    release: {
      version: '1.4.2',
      replicas: 3,
      enabled: true,
      releaseId: 'rel-42',
      orderId: 'ord-7',
      ...release,
    },
    cluster: { name: 'dc1', datacenter: 'eu-west-1' },
    environment: {
      name: environment,
      namespace: `${model.service.name}-${environment}`,
      ingress: { domain: `${environment}.example.com`, className: 'nginx' },
    },
  };
}
