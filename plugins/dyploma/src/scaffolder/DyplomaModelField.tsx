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
import { FieldTextInput } from './FieldTextInput';
import {
  expectsNumber,
  modelFieldProblems,
  toFieldValue,
} from './modelValidation';

/**
 * `ui:options` of a `DyplomaModelField`. A type, not an interface: the old frontend
 * system's `createScaffolderFieldExtension` wants options with an index signature.
 */
export type DyplomaModelFieldOptions = {
  /** Where the value goes in the service model, e.g. `ports[0].port`, `replicas`. */
  modelPath: string;
};

type Value = string | number | undefined;

function modelPathOf(
  uiSchema: { 'ui:options'?: Partial<DyplomaModelFieldOptions> } | undefined,
) {
  const path = uiSchema?.['ui:options']?.modelPath;
  if (!path) {
    throw new Error(
      "DyplomaModelField needs ui:options.modelPath, the field's place in the model (e.g. replicas)",
    );
  }
  return path;
}

/**
 * A text field for one value of the service model. What is typed is kept as typed (digits
 * become a number where the model wants one), so a wrong value reaches the validator and
 * is named in the message instead of being swallowed by a number input.
 */
export const DyplomaModelFieldComponent = (
  props: FieldExtensionComponentProps<Value, DyplomaModelFieldOptions>,
) => {
  const numeric = expectsNumber(modelPathOf(props.uiSchema));
  return (
    <FieldTextInput
      field={props}
      numeric={numeric}
      onText={text => props.onChange(toFieldValue(text, numeric))}
    />
  );
};

/** Refuses what the backend would refuse, with its message (`replicas: expected ...`). */
export const dyplomaModelFieldValidation: CustomFieldValidator<
  Value,
  DyplomaModelFieldOptions
> = (value, validation, context) => {
  for (const message of modelFieldProblems(
    modelPathOf(context.uiSchema),
    value,
  )) {
    validation.addError(message);
  }
};

/** `ui:field: DyplomaModelField`, with `ui:options.modelPath`. */
export const DyplomaModelField = createFormField({
  name: 'DyplomaModelField',
  component: DyplomaModelFieldComponent,
  validation: dyplomaModelFieldValidation,
});
