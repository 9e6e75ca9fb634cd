import type { Entity } from '@backstage/catalog-model';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  validateServiceEntity,
  validationContextFromConfig,
  ValidationContext,
} from '@dyploma/plugin-dyploma-common';

/**
 * Validates the Dyploma service model (`spec.dyploma`) of every entity that
 * carries one. Each problem is emitted as an input error, the catalog's own
 * error channel: it shows on the entity page as a processing error and in
 * the answer of `POST /api/catalog/validate-entity`. The entity keeps its
 * last good version; other entities are not affected.
 */
export class DyplomaModelProcessor implements CatalogProcessor {
  static fromConfig(config: RootConfigService): DyplomaModelProcessor {
    return new DyplomaModelProcessor(validationContextFromConfig(config));
  }

  constructor(private readonly context: ValidationContext = {}) {}

  getProcessorName(): string {
    return 'DyplomaModelProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const result = validateServiceEntity(entity, this.context);
    if (!result.ok) {
      for (const problem of result.problems) {
        emit(processingResult.inputError(location, problem.message));
      }
    }
    return entity;
  }
}
