import type { Entity } from '@backstage/catalog-model';
import type { AlphaEntity } from '@backstage/catalog-model/alpha';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ModelProblem,
  validateServiceEntity,
  validationContextFromConfig,
  ValidationContext,
} from '@dyploma/plugin-dyploma-common';

/**
 * What the catalog does with an entity whose model is invalid:
 * - `reject`: emit the problems as processing errors. The catalog does not
 *   publish the entity until it is valid (an entity that breaks later keeps
 *   its last good version, with the errors shown on it), and
 *   `POST /validate-entity` answers 400.
 * - `publish`: publish the entity with the problems attached as
 *   processing-error status items, so a service whose model was never valid
 *   still shows what is wrong on its page. `/validate-entity` answers 200.
 */
export type InvalidModelMode = 'reject' | 'publish';

/** The status item type the catalog uses for processing errors. */
const PROCESSING_STATUS = 'backstage.io/catalog-processing';

export interface DyplomaModelProcessorOptions {
  context?: ValidationContext;
  invalidModels?: InvalidModelMode;
}

/**
 * Validates the Dyploma service model (`spec.dyploma`) of every entity that
 * carries one, through the catalog's own error channel. Other entities are
 * never affected by one broken model.
 */
export class DyplomaModelProcessor implements CatalogProcessor {
  static fromConfig(config: RootConfigService): DyplomaModelProcessor {
    const mode =
      config.getOptionalString('dyploma.catalog.invalidModels') ?? 'reject';
    if (mode !== 'reject' && mode !== 'publish') {
      throw new Error(
        `dyploma.catalog.invalidModels: expected one of reject, publish, got ${JSON.stringify(
          mode,
        )}`,
      );
    }
    return new DyplomaModelProcessor({
      context: validationContextFromConfig(config),
      invalidModels: mode,
    });
  }

  private readonly context: ValidationContext;
  private readonly mode: InvalidModelMode;

  constructor(options: DyplomaModelProcessorOptions = {}) {
    this.context = options.context ?? {};
    this.mode = options.invalidModels ?? 'reject';
  }

  getProcessorName(): string {
    return 'DyplomaModelProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const result = validateServiceEntity(entity, this.context);
    if (result.ok) return entity;
    if (this.mode === 'publish') return withProblems(entity, result.problems);
    for (const problem of result.problems) {
      emit(processingResult.inputError(location, problem.message));
    }
    return entity;
  }
}

// The same shape the catalog's stitcher gives processing errors, so the
// entity page's processing-errors panel shows them.
function withProblems(
  entity: AlphaEntity,
  problems: ModelProblem[],
): AlphaEntity {
  const items = problems.map(p => ({
    type: PROCESSING_STATUS,
    level: 'error' as const,
    message: `InputError: ${p.message}`,
    error: { name: 'InputError', message: p.message },
  }));
  return {
    ...entity,
    status: {
      ...entity.status,
      items: [...(entity.status?.items ?? []), ...items],
    },
  };
}
