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
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldTextInput } from './FieldTextInput';
import { ownerProblem } from './catalogChecks';

/**
 * The owner of the new service. It is the scaffolder's own `OwnerPicker` (groups from the
 * catalog, filtered by `ui:options.catalogFilter`, e.g. `{kind: Group}`), which the form
 * registers under that name, plus a check that the chosen owner exists: a value can also
 * arrive from the URL (`?formData=`) or be typed when arbitrary values are allowed.
 * Without the scaffolder's picker (an app that leaves it out) it is a text field.
 */
export const DyplomaOwnerPickerComponent = (
  props: FieldExtensionComponentProps<string, Record<string, unknown>>,
) => {
  const Picker = props.registry?.fields?.OwnerPicker;
  if (Picker) return <Picker {...props} />;
  return (
    <FieldTextInput
      field={props}
      defaultTitle="Owner"
      defaultDescription="A group from the catalog, e.g. group:default/team-payments"
      onText={text => props.onChange(text || undefined)}
    />
  );
};

/** Refuses an owner the catalog does not have, or one that is not a group or a user. */
export const dyplomaOwnerPickerValidation: CustomFieldValidator<
  string
> = async (value, validation, context) => {
  if (!value) return;
  const problem = await ownerProblem(
    context.apiHolder.get(catalogApiRef)!,
    value,
  );
  if (problem) validation.addError(problem);
};

/** `ui:field: DyplomaOwnerPicker`, with the `ui:options` of `OwnerPicker`. */
export const DyplomaOwnerPicker = createFormField({
  name: 'DyplomaOwnerPicker',
  component: DyplomaOwnerPickerComponent,
  validation: dyplomaOwnerPickerValidation,
});
