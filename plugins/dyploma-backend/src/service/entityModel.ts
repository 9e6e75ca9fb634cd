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

import { Entity } from '@backstage/catalog-model';
import {
  EffectiveResult,
  EntityValidationResult,
  resolveEffectiveModel,
  validateServiceEntity,
  ValidationContext,
} from '@dyploma/plugin-dyploma-common';

type Memo = {
  validation: EntityValidationResult;
  effective: Map<string, EffectiveResult | undefined>;
};

// Per validation context (one per router), per entity object. The catalog snapshot hands
// out the same object for a service until its next read, so a status read validates and
// resolves a model once per snapshot instead of every time (about 0.5 ms each); an entity
// loaded anew (a write, a read the snapshot could not answer) is a new object, a new memo.
const memos = new WeakMap<ValidationContext, WeakMap<Entity, Memo>>();

function memoOf(context: ValidationContext, entity: Entity): Memo {
  let byEntity = memos.get(context);
  if (!byEntity) {
    byEntity = new WeakMap();
    memos.set(context, byEntity);
  }
  let memo = byEntity.get(entity);
  if (!memo) {
    memo = {
      validation: validateServiceEntity(entity, context),
      effective: new Map(),
    };
    byEntity.set(entity, memo);
  }
  return memo;
}

/**
 * `validateServiceEntity` of the entity, remembered with the entity object. Treat the
 * result as read-only: later reads of the same entity share it.
 */
export function validationOf(
  context: ValidationContext,
  entity: Entity,
): EntityValidationResult {
  return memoOf(context, entity).validation;
}

/**
 * The effective model of a valid service in an environment (`resolveEffectiveModel`),
 * remembered with the entity object; undefined when the entity has no valid model.
 * Read-only, like `validationOf`.
 */
export function effectiveModelOf(
  context: ValidationContext,
  entity: Entity,
  environment: string,
): EffectiveResult | undefined {
  const memo = memoOf(context, entity);
  if (!memo.effective.has(environment)) {
    const { validation } = memo;
    memo.effective.set(
      environment,
      validation.ok && validation.hasModel
        ? resolveEffectiveModel({
            service: validation.service,
            model: validation.model,
            environment,
            defaults: context.defaults,
          })
        : undefined,
    );
  }
  return memo.effective.get(environment);
}
