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

import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

type Operation = { responses: Record<string, JsonObject> };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonObject>;
    responses: Record<string, JsonObject>;
  };
};

/** The OpenAPI document the plugin is described by. */
export function readOpenApiDocument(): Document {
  return parse(
    readFileSync(join(__dirname, '../../schema/openapi.yaml'), 'utf8'),
  );
}

const SCHEMA_REF = '#/components/schemas/';
const ROOT_ID = 'dyploma-openapi';

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An OpenAPI 3.0 schema as a strict JSON Schema for Ajv: `$ref`s point into one schema
 * holding every component, keywords JSON Schema lacks are dropped (`example`,
 * `discriminator`: `kind`'s enum already tells the variants apart), a 3.0 boolean
 * `exclusiveMinimum` becomes the number form, `allOf` of objects is merged into one
 * object, and an object that lists its properties allows no others unless it says
 * `additionalProperties`: a field the backend sends that the document does not describe
 * is a disagreement too (the generated types would not have it).
 */
function strict(schema: Json, components: Record<string, JsonObject>): Json {
  if (Array.isArray(schema)) return schema.map(s => strict(s, components));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    return { $ref: `${ROOT_ID}#/definitions/${refName(schema.$ref)}` };
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    return strict(
      mergeObjects([rest, ...allOf.map(s => resolve(s, components))]),
      components,
    );
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'discriminator') continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, strict(s, components)]),
      );
    } else if (key === 'exclusiveMinimum' && typeof value === 'boolean') {
      if (value) out.exclusiveMinimum = schema.minimum ?? 0;
    } else if (
      ['items', 'additionalProperties', 'oneOf', 'anyOf', 'not'].includes(key)
    ) {
      out[key] = strict(value, components);
    } else {
      out[key] = value;
    }
  }
  if (schema.exclusiveMinimum === true) delete out.minimum;
  if (
    isObject(schema.properties) &&
    schema.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function refName(ref: string): string {
  if (!ref.startsWith(SCHEMA_REF)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(SCHEMA_REF.length);
}

function resolve(schema: Json, components: Record<string, JsonObject>) {
  if (isObject(schema) && typeof schema.$ref === 'string') {
    return resolve(components[refName(schema.$ref)], components);
  }
  return schema as JsonObject;
}

function mergeObjects(parts: JsonObject[]): JsonObject {
  const merged: JsonObject = { type: 'object', properties: {}, required: [] };
  for (const part of parts) {
    Object.assign(merged.properties as JsonObject, part.properties ?? {});
    (merged.required as Json[]).push(...((part.required as Json[]) ?? []));
    if (part.description) merged.description = part.description;
  }
  return merged;
}

/** `GET /services/{namespace}/{name}`, the template a request's path matches. */
function templateOf(document: Document, method: string, path: string) {
  const parts = path.split('/');
  return Object.keys(document.paths).find(template => {
    const t = template.split('/');
    return (
      t.length === parts.length &&
      t.every((p, i) => p === parts[i] || /^\{\w+\}$/.test(p)) &&
      document.paths[template][method.toLowerCase()] !== undefined
    );
  });
}

export type CheckedResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
};

/**
 * Checks answers of the API against the document: the route and status must be
 * documented, and the body must match the schema of the content type it was sent as.
 */
export class OpenApiValidator {
  private readonly document = readOpenApiDocument();
  private readonly ajv = new Ajv({ allErrors: true, strict: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  /** `GET /fleet 200` for each operation and status checked, for the coverage test. */
  readonly checked = new Set<string>();

  constructor() {
    const components = this.document.components.schemas;
    this.ajv.addFormat('date-time', {
      type: 'string',
      validate: (text: string) =>
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(
          text,
        ) && !Number.isNaN(Date.parse(text)),
    });
    this.ajv.addFormat(
      'uuid',
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    );
    this.ajv.addSchema({
      $id: ROOT_ID,
      definitions: Object.fromEntries(
        Object.entries(components).map(([name, s]) => [
          name,
          strict(s, components),
        ]),
      ),
    } as object);
  }

  /**
   * Compiles every schema of the document (components, request and response bodies) and
   * returns what Ajv refuses: in strict mode a key that is no JSON Schema keyword (a YAML
   * flow map split by a comma in a description, a misspelt `requried`) is refused.
   */
  compileAll(): string[] {
    const errors: string[] = [];
    const compile = (where: string, schema: Json | undefined) => {
      try {
        this.ajv.compile(
          strict(schema ?? {}, this.document.components.schemas) as object,
        );
      } catch (error) {
        errors.push(`${where}: ${(error as Error).message}`);
      }
    };
    for (const name of Object.keys(this.document.components.schemas)) {
      compile(name, { $ref: `${SCHEMA_REF}${name}` });
    }
    for (const [path, item] of Object.entries(this.document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const body = (operation as { requestBody?: JsonObject }).requestBody;
        for (const [type, media] of Object.entries(
          (body?.content as JsonObject | undefined) ?? {},
        )) {
          compile(
            `${method.toUpperCase()} ${path} body ${type}`,
            (media as JsonObject).schema,
          );
        }
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const [type, media] of Object.entries(
            (response.content as JsonObject | undefined) ?? {},
          )) {
            compile(
              `${method.toUpperCase()} ${path} ${status} ${type}`,
              (media as JsonObject).schema,
            );
          }
        }
      }
    }
    return errors;
  }

  /** Every documented operation and status, `GET /fleet 200`. */
  documented(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => method !== 'parameters')
        .flatMap(([method, operation]) =>
          Object.keys(operation.responses).map(
            status => `${method.toUpperCase()} ${path} ${status}`,
          ),
        ),
    );
  }

  /**
   * The problems of one answer (empty when it matches the document). `url` is the path
   * under the plugin (`/api/dyploma/fleet?owner=x` or `/fleet`).
   */
  problems(method: string, url: string, response: CheckedResponse): string[] {
    const path = new URL(url, 'http://x').pathname.replace(
      /^\/api\/dyploma/,
      '',
    );
    const template = templateOf(this.document, method, path);
    if (!template) return [`${method} ${path} is not in the document`];
    const operation = this.document.paths[template][method.toLowerCase()];
    const name = `${method.toUpperCase()} ${template}`;
    let documented = operation.responses[String(response.status)];
    if (!documented) {
      return [
        `${name} answered ${
          response.status
        }, which the document does not list (${Object.keys(
          operation.responses,
        ).join(', ')})`,
      ];
    }
    this.checked.add(`${name} ${response.status}`);
    if (typeof documented.$ref === 'string') {
      documented =
        this.document.components.responses[documented.$ref.split('/').pop()!];
    }
    const contentType = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const content = documented.content as JsonObject | undefined;
    if (!content) {
      return contentType && response.text
        ? [
            `${name} ${response.status} has a ${contentType} body the document does not describe`,
          ]
        : [];
    }
    const media = content[contentType];
    if (!isObject(media)) {
      return [
        `${name} ${
          response.status
        } was sent as "${contentType}", the document says ${Object.keys(
          content,
        ).join(' or ')}`,
      ];
    }
    if (!contentType.endsWith('json')) return [];
    const key = `${name} ${response.status} ${contentType}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(
        strict(media.schema, this.document.components.schemas) as object,
      );
      this.compiled.set(key, validate);
    }
    if (validate(response.body)) return [];
    return (validate.errors ?? []).map(
      e => `${name} ${response.status}: ${describe(e, response.body)}`,
    );
  }
}

/** `body.items[0].summary: must have required property 'total'`, with the value when short. */
function describe(error: ErrorObject, body: unknown): string {
  const at = `body${error.instancePath
    .split('/')
    .slice(1)
    .map(p => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')}`;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (params.additionalProperty !== undefined) {
    detail = ` "${params.additionalProperty}"`;
  } else if (params.allowedValues) {
    detail = ` ${JSON.stringify(params.allowedValues)}`;
  }
  let value = body as unknown;
  for (const p of error.instancePath.split('/').slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[p];
  }
  const shown = JSON.stringify(value);
  return `${at}: ${error.message}${detail}${
    shown && shown.length <= 120 ? ` (got ${shown})` : ''
  }`;
}
