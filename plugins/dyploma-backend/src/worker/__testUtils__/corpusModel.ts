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

import {
  EffectiveModel,
  resolveEffectiveModel,
  validateServiceEntity,
} from '@dyploma/plugin-dyploma-common';
import {
  CORPUS_CONTEXT,
  GOOD_MODELS,
  parseCatalogEntity,
} from '@dyploma/plugin-dyploma-common/testUtils';

/**
 * A service of the model corpus ("minimal" is `ledger`, an image only) resolved for an
 * environment: what the catalog would give the worker for it.
 */
export function corpusModel(
  name = 'minimal',
  environment = 'production',
): EffectiveModel {
  const good = GOOD_MODELS.find(g => g.name === name);
  if (!good) throw new Error(`no model ${name} in the corpus`);
  const result = validateServiceEntity(
    parseCatalogEntity(good.entity),
    CORPUS_CONTEXT,
  );
  if (!result.ok || !result.hasModel) throw new Error(`${name} is invalid`);
  return resolveEffectiveModel({
    service: result.service,
    model: result.model,
    environment,
  }).model;
}
