import { formatIssues } from '../errors/formatIssues';
import {
  ModelProblem,
  ServiceModelError,
  toProblem,
} from '../errors/ModelProblem';
import { serviceModelSchema, ServiceModel } from '../model/serviceModel';
import type { ValidationContext } from './context';
import { checkEffective } from './effectiveChecks';
import { checkStructure } from './structure';

export type ValidationResult =
  | { ok: true; model: ServiceModel; problems: [] }
  | { ok: false; problems: ModelProblem[] };

/**
 * Checks a service model (the value of `spec.dyploma`) in three passes:
 * the schema (types, ranges, unknown keys, YAML traps), then fields across
 * the model (unique names, registries, environments, Kubernetes overrides),
 * then the merged model per environment (requests vs limits, port
 * references). A pass runs only when the one before found nothing, so each
 * message is about a value the user actually wrote.
 */
export function validateServiceModel(
  input: unknown,
  ctx: ValidationContext = {},
): ValidationResult {
  const prefix = ctx.pathPrefix ?? 'spec.dyploma';
  const parsed = serviceModelSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: formatIssues(parsed.error.issues).map(p =>
        toProblem(p, prefix),
      ),
    };
  }
  const model = parsed.data;
  const structural = checkStructure(model, ctx);
  if (structural.length) return { ok: false, problems: structural };
  const effective = checkEffective(model, ctx);
  if (effective.length) return { ok: false, problems: effective };
  return { ok: true, model, problems: [] };
}

/** Like validateServiceModel, but throws a ServiceModelError with every problem. */
export function parseServiceModel(
  input: unknown,
  ctx: ValidationContext = {},
): ServiceModel {
  const result = validateServiceModel(input, ctx);
  if (!result.ok) throw new ServiceModelError(result.problems);
  return result.model;
}
