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

import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  validateServiceEntity,
  type ModelProblem,
  type ValidationContext,
} from '@dyploma/plugin-dyploma-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { BackendResponseError, callPlugin } from './backendClient';
import { byNamePath, parseRef, stringifyRef } from './entityRef';
import { examples } from './validate.examples';

/** A step failure carrying every problem, one per line, each with its field path. */
export class ServiceInputError extends Error {
  readonly problems: ModelProblem[];

  constructor(problems: ModelProblem[]) {
    super(
      `the new service is not valid; fix these and run the template again:\n${problems
        .map(p => `  ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** JSON, as form values are; what the catalog's entity type wants for a spec field. */
type JsonLike = string | number | boolean | null | JsonLike[] | JsonMap;
type JsonMap = { [key: string]: JsonLike };

function problem(path: string, text: string): ModelProblem {
  return { path, text, message: `${path}: ${text}` };
}

/**
 * Removes what a form leaves behind for fields nobody filled: empty strings, nulls, and the
 * maps that only held those. A template can then pass `${{ parameters.replicas }}` for an
 * optional field without writing a condition for each.
 */
export function dropEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(dropEmptyValues).filter(v => v !== undefined);
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, dropEmptyValues(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  if (value === '' || value === null) return undefined;
  return value;
}

async function exists(
  options: { discovery: DiscoveryService; auth: AuthService },
  credentials: BackstageCredentials,
  path: string,
): Promise<boolean> {
  try {
    await callPlugin(options, { pluginId: 'catalog', path, credentials });
    return true;
  } catch (e) {
    if (e instanceof BackendResponseError && e.status === 404) return false;
    throw e;
  }
}

/**
 * `dyploma:service:validate`: checks a new service before anything is created, with the
 * schema the backend and the catalog use, and refuses a name the catalog already has or an
 * owner it does not know.
 *
 * @public
 */
export function createServiceValidateAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  validationContext: ValidationContext;
}) {
  const { validationContext } = options;
  return createTemplateAction({
    id: 'dyploma:service:validate',
    description:
      "Validates a new service's Dyploma model (spec.dyploma) with the backend's schema, and checks that its name is free and its owner exists in the catalog",
    examples,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .min(1)
            .describe(
              'The service name (metadata.name); refused when the catalog has a component of that name',
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('Catalog namespace of the service, default "default"'),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              'Owner entity ref from OwnerPicker (group:default/team-a or team-a); must exist in the catalog',
            ),
        model: z =>
          z
            .record(z.unknown())
            .describe(
              'The spec.dyploma value built from the form; empty fields are dropped first',
            ),
        checkCatalog: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Check the name and the owner against the catalog (default true)',
            ),
      },
      output: {
        model: z =>
          z
            .record(z.unknown())
            .describe('The model without empty fields, as it was validated'),
        entityRef: z =>
          z.string().describe('The new component, component:default/<name>'),
      },
    },
    supportsDryRun: true,
    async handler(ctx) {
      const { name, owner, checkCatalog = true } = ctx.input;
      const namespace = ctx.input.namespace || 'default';
      const model = (dropEmptyValues(ctx.input.model) ?? {}) as JsonMap;
      const problems: ModelProblem[] = [];

      const ownerRef = owner ? parseRef(owner, { kind: 'group' }) : undefined;
      const result = validateServiceEntity(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name, namespace },
          spec: {
            type: 'service',
            lifecycle: 'experimental',
            ...(ownerRef && { owner: stringifyRef(ownerRef) }),
            dyploma: model,
          },
        },
        validationContext,
      );
      if (!result.ok) problems.push(...result.problems);

      const entityRef = stringifyRef({ kind: 'component', namespace, name });
      if (checkCatalog) {
        const credentials = await ctx.getInitiatorCredentials();
        const nameTaken = await exists(
          options,
          credentials,
          byNamePath({ kind: 'component', namespace, name }),
        );
        if (nameTaken) {
          problems.push(
            problem(
              'name',
              `the catalog already has ${entityRef}: pick another name (names are unique per namespace, whatever the owner)`,
            ),
          );
        }
        if (ownerRef) {
          if (ownerRef.kind !== 'group' && ownerRef.kind !== 'user') {
            problems.push(
              problem(
                'owner',
                `expected a group (or a user), got ${stringifyRef(ownerRef)}`,
              ),
            );
          } else if (
            !(await exists(options, credentials, byNamePath(ownerRef)))
          ) {
            problems.push(
              problem(
                'owner',
                `no ${ownerRef.kind} ${stringifyRef(
                  ownerRef,
                )} in the catalog: pick an owner from the list`,
              ),
            );
          }
        }
      }

      if (problems.length) throw new ServiceInputError(problems);
      ctx.logger.info(
        `${entityRef}: the model is valid${
          checkCatalog ? ', the name is free and the owner exists' : ''
        }`,
      );
      ctx.output('model', model);
      ctx.output('entityRef', entityRef);
    },
  });
}
