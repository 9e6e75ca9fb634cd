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

import TextField from '@material-ui/core/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * The text input of the Dyploma fields, laid out as the scaffolder's own text fields (label,
 * description below, red when the form has an error for it). `onText` gets what was typed.
 */
export function FieldTextInput(props: {
  field: FieldExtensionComponentProps<any, any>;
  onText: (text: string) => void;
  numeric?: boolean;
  defaultTitle?: string;
  defaultDescription?: string;
}) {
  const {
    required,
    schema: { title, description },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
    disabled,
  } = props.field;
  return (
    <TextField
      id={idSchema?.$id}
      label={title ?? props.defaultTitle}
      helperText={description ?? props.defaultDescription}
      required={required}
      disabled={disabled}
      value={formData ?? ''}
      onChange={e => props.onText(e.target.value)}
      margin="normal"
      error={(rawErrors?.length ?? 0) > 0}
      inputProps={{
        autoFocus: uiSchema?.['ui:autofocus'],
        inputMode: props.numeric ? 'numeric' : undefined,
      }}
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
    />
  );
}
