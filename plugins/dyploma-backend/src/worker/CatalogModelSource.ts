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

import type { AuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EffectiveModel,
  PlatformDefaults,
  resolveEffectiveModel,
  validateServiceEntity,
  ValidationContext,
} from '@dyploma/plugin-dyploma-common';
import { withTransientRetry } from './transientRetry';
import type { ModelSource } from './types';

/**
 * Reads a service's model from the catalog at the moment a deploy runs, so the release is
 * made from the model as it is reviewed in git now, validated again on the way.
 */
export class CatalogModelSource implements ModelSource {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      context: ValidationContext;
      defaults?: PlatformDefaults;
    },
  ) {}

  async effectiveModel(
    serviceRef: string,
    environment: string,
  ): Promise<EffectiveModel> {
    const { catalog, auth, context, defaults } = this.deps;
    // A reset connection to the catalog is retried: it must not fail the order.
    const entity = await withTransientRetry(async () =>
      catalog.getEntityByRef(serviceRef, {
        credentials: await auth.getOwnServiceCredentials(),
      }),
    );
    if (!entity) throw new NotFoundError(`${serviceRef} is not in the catalog`);
    const result = validateServiceEntity(entity, context);
    if (!result.ok) {
      throw new InputError(
        `${serviceRef} has an invalid model: ${result.problems
          .map(p => p.message)
          .join('; ')}`,
      );
    }
    if (!result.hasModel) {
      throw new InputError(`${serviceRef} has no spec.dyploma`);
    }
    return resolveEffectiveModel({
      service: result.service,
      model: result.model,
      environment,
      defaults: defaults ?? context.defaults,
    }).model;
  }
}
