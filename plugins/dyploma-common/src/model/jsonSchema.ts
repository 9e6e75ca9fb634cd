import { z } from 'zod';
import { serviceModelSchema } from './serviceModel';

/**
 * The service model as JSON Schema (draft 2020-12), for editors (YAML
 * language server) and the scaffolder's forms. It describes types, ranges and
 * known keys; the hints and cross-field checks stay in validateServiceModel.
 */
export function serviceModelJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(serviceModelSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}
