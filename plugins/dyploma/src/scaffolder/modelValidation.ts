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
  serviceModelJsonSchema,
  validateServiceEntity,
  validateServiceModel,
} from '@dyploma/plugin-dyploma-common';

/**
 * Form values checked one field at a time with the backend's own validator
 * (`validateServiceModel` / `validateServiceEntity` from dyploma-common, the zod schema the
 * REST API, the catalog module and the `dyploma:service:validate` action use), so the form
 * refuses exactly what the template's first step would refuse, in the same words.
 */

/** Stands in for the image a template derives from the name: every model needs one. */
const PLACEHOLDER_IMAGE = 'registry.example.com/form-check';

type Segment = string | number;

/** `ports[0].port` → `['ports', 0, 'port']`. */
export function parseModelPath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m)
      throw new Error(`"${path}" is not a model path such as ports[0].port`);
    segments.push(m[1]);
    for (const index of m[2].match(/\d+/g) ?? []) segments.push(Number(index));
  }
  return segments;
}

function setAt(
  target: Record<string, unknown>,
  path: Segment[],
  value: unknown,
) {
  let node: any = target;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    node[segment] ??= typeof path[i + 1] === 'number' ? [] : {};
    node = node[segment];
  });
}

function isUnder(problemPath: string, path: string): boolean {
  return (
    problemPath === path ||
    problemPath.startsWith(`${path}.`) ||
    problemPath.startsWith(`${path}[`)
  );
}

let jsonSchema: Record<string, any> | undefined;

/**
 * Whether the model wants a number at this path (ports, replicas), read from the model's
 * JSON Schema: the field then turns typed digits into a number, and keeps anything else as
 * text for the validator to name ("got "two"").
 */
export function expectsNumber(path: string): boolean {
  jsonSchema ??= serviceModelJsonSchema() as Record<string, any>;
  let node: any = jsonSchema;
  for (const segment of parseModelPath(path)) {
    node =
      typeof segment === 'number' ? node?.items : node?.properties?.[segment];
  }
  return node?.type === 'integer' || node?.type === 'number';
}

/** What the user typed, as the form stores it: a number where the model wants one. */
export function toFieldValue(
  text: string,
  numeric: boolean,
): string | number | undefined {
  if (text === '') return undefined;
  if (numeric && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  return text;
}

/**
 * The problems of one value, placed at `path` in an otherwise minimal model, as
 * `path: expected ..., got ...`. Problems of other fields (those the minimal model lacks,
 * such as a cron job's command) are not this field's and are left out.
 */
export function modelFieldProblems(path: string, value: unknown): string[] {
  if (value === undefined || value === '') return [];
  const model: Record<string, unknown> =
    path === 'image' ? {} : { image: PLACEHOLDER_IMAGE };
  setAt(model, parseModelPath(path), value);
  const result = validateServiceModel(model, { pathPrefix: '' });
  if (result.ok) return [];
  return result.problems.filter(p => isUnder(p.path, path)).map(p => p.message);
}

/** Problems of a service name, as the catalog module words them (`metadata.name: ...`). */
export function serviceNameProblems(name: string): string[] {
  const result = validateServiceEntity({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', dyploma: { image: PLACEHOLDER_IMAGE } },
  });
  if (result.ok) return [];
  return result.problems
    .filter(p => p.path === 'metadata.name')
    .map(p => p.message);
}
