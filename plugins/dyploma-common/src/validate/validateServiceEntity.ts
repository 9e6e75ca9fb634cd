import type { Entity } from '@backstage/catalog-model';
import type { ModelProblem } from '../errors/ModelProblem';
import { describeValue } from '../errors/describe';
import type { ServiceIdentity } from '../effective/types';
import { checkServiceName } from '../model/names';
import type { ServiceModel } from '../model/serviceModel';
import type { ValidationContext } from './context';
import { validateServiceModel } from './validateServiceModel';

/** Kubernetes caps CronJob names at 52 characters (Job names get a suffix). */
const MAX_CRONJOB_NAME = 52;

export type EntityValidationResult =
  | { ok: true; hasModel: false }
  | { ok: true; hasModel: true; model: ServiceModel; service: ServiceIdentity }
  | { ok: false; hasModel: true; problems: ModelProblem[] };

function problem(path: string, text: string): ModelProblem {
  return { path, text, message: `${path}: ${text}` };
}

/** The entity fields the service model depends on, read from the entity. */
export function serviceIdentity(entity: Entity): ServiceIdentity {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    name: entity.metadata.name,
    ...(typeof spec.owner === 'string' ? { owner: spec.owner } : {}),
    ...(typeof spec.system === 'string' ? { system: spec.system } : {}),
  };
}

/**
 * Validates the model carried by a catalog entity under `spec.dyploma`,
 * and what the model needs from the entity: a Component of type service
 * whose name Kubernetes accepts. Entities without `spec.dyploma` pass.
 */
export function validateServiceEntity(
  entity: Entity,
  ctx: ValidationContext = {},
): EntityValidationResult {
  const spec = entity.spec as Record<string, unknown> | undefined;
  if (!spec || !('dyploma' in spec)) return { ok: true, hasModel: false };

  const problems: ModelProblem[] = [];
  if (entity.kind !== 'Component') {
    problems.push(
      problem(
        'kind',
        `expected Component for an entity with spec.dyploma, got ${describeValue(
          entity.kind,
        )}`,
      ),
    );
  } else if (spec.type !== 'service') {
    problems.push(
      problem(
        'spec.type',
        `expected service for a Component with spec.dyploma, got ${describeValue(
          spec.type,
        )}`,
      ),
    );
  }
  const nameProblem = checkServiceName(entity.metadata.name);
  if (nameProblem) {
    problems.push(
      problem(
        'metadata.name',
        `expected a name Kubernetes accepts for the service's objects, got ${describeValue(
          entity.metadata.name,
        )}: ${nameProblem}`,
      ),
    );
  }

  const prefix = ctx.pathPrefix ?? 'spec.dyploma';
  const result = validateServiceModel(spec.dyploma, {
    ...ctx,
    pathPrefix: prefix,
  });
  if (!result.ok)
    return {
      ok: false,
      hasModel: true,
      problems: [...problems, ...result.problems],
    };

  result.model.cronJobs?.forEach((job, i) => {
    const full = `${entity.metadata.name}-${job.name}`;
    if (full.length > MAX_CRONJOB_NAME) {
      problems.push(
        problem(
          `${prefix}.cronJobs[${i}].name`,
          `the CronJob would be named "${full}", ${full.length} characters; Kubernetes allows ${MAX_CRONJOB_NAME}: shorten the job name`,
        ),
      );
    }
  });
  if (problems.length) return { ok: false, hasModel: true, problems };
  return {
    ok: true,
    hasModel: true,
    model: result.model,
    service: serviceIdentity(entity),
  };
}
