import { Entity } from '@backstage/catalog-model';
import type { ServiceName } from '../api';

/** Does the entity carry a Dyploma model (`spec.dyploma`)? */
export function hasDyplomaModel(entity: Entity): boolean {
  const spec = entity.spec as Record<string, unknown> | undefined;
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    spec?.dyploma !== undefined &&
    spec?.dyploma !== null
  );
}

/** The service's name in the API's URLs. */
export function serviceNameOf(entity: Entity): ServiceName {
  return {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}
