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

import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/*
 * The Dyploma fields of the scaffolder's forms (new frontend system): they attach to the
 * scaffolder's form-fields API, so any template can use them by `ui:field` name.
 */

/** `ui:field: DyplomaServiceName`: a name Kubernetes and the catalog accept. */
export const dyplomaServiceNameFormField = FormFieldBlueprint.make({
  name: 'service-name',
  params: {
    field: () => import('./DyplomaServiceName').then(m => m.DyplomaServiceName),
  },
});

/** `ui:field: DyplomaOwnerPicker`: OwnerPicker plus "the owner exists". */
export const dyplomaOwnerPickerFormField = FormFieldBlueprint.make({
  name: 'owner-picker',
  params: {
    field: () => import('./DyplomaOwnerPicker').then(m => m.DyplomaOwnerPicker),
  },
});

/** `ui:field: DyplomaModelField`: one value of the model, checked with its schema. */
export const dyplomaModelFormField = FormFieldBlueprint.make({
  name: 'model-field',
  params: {
    field: () => import('./DyplomaModelField').then(m => m.DyplomaModelField),
  },
});
