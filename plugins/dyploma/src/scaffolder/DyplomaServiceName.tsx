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
import { nameTakenProblem } from './catalogChecks';
import { serviceNameProblems } from './modelValidation';

/** `ui:options` of a `DyplomaServiceName`. */
export interface DyplomaServiceNameOptions {
  /** Catalog namespace the new component goes to (default `default`). */
  namespace?: string;
}

/** The new service's name: a text field. */
export const DyplomaServiceNameComponent = (
  props: FieldExtensionComponentProps<string, DyplomaServiceNameOptions>,
) => (
  <FieldTextInput
    field={props}
    defaultTitle="Name"
    onText={text => props.onChange(text || undefined)}
  />
);

/**
 * A name Kubernetes accepts for the service's objects (the catalog module's rule), and one
 * the catalog does not have yet: a second component of the same name would be refused by
 * the catalog after the repository was already made.
 */
export const dyplomaServiceNameValidation: CustomFieldValidator<
  string,
  DyplomaServiceNameOptions
> = async (value, validation, context) => {
  if (!value) return;
  const problems = serviceNameProblems(value);
  if (!problems.length) {
    const taken = await nameTakenProblem(
      context.apiHolder.get(catalogApiRef)!,
      value,
      context.uiSchema?.['ui:options']?.namespace,
    );
    if (taken) problems.push(taken);
  }
  for (const message of problems) validation.addError(message);
};

/** `ui:field: DyplomaServiceName` */
export const DyplomaServiceName = createFormField({
  name: 'DyplomaServiceName',
  component: DyplomaServiceNameComponent,
  validation: dyplomaServiceNameValidation,
});
