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

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  serviceModelJsonSchema,
  validateServiceEntity,
} from '@dyploma/plugin-dyploma-common';
import { dropEmptyValues } from '../actions/validate';

/*
 * The templates under templates/ at the repository root: each model value of their form is
 * checked by a Dyploma field with the model's own schema, at the place the first step puts
 * it (the fields themselves are tested in plugins/dyploma/src/scaffolder), their steps are
 * the actions this module registers, and each skeleton, rendered by the real fetch:template,
 * yields a catalog-info.yaml whose entity the catalog module accepts.
 */
const TEMPLATES = resolve(__dirname, '../../../../templates');
const names = readdirSync(TEMPLATES).filter(n =>
  readdirSync(join(TEMPLATES, n)).includes('template.yaml'),
);

type Field = {
  type?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  errorMessage?: Record<string, string>;
  'ui:field'?: string;
  'ui:options'?: { modelPath?: string; catalogFilter?: unknown };
};

function load(name: string) {
  return parse(readFileSync(join(TEMPLATES, name, 'template.yaml'), 'utf8'));
}

/** Every field of the form, the advanced ones included. */
function fields(template: any): Record<string, Field> {
  const out: Record<string, Field> = {};
  for (const page of template.spec.parameters) {
    Object.assign(out, page.properties);
    for (const dep of Object.values<any>(page.dependencies ?? {})) {
      for (const branch of dep.oneOf ?? [])
        Object.assign(out, branch.properties);
    }
  }
  return out;
}

const modelSchema = serviceModelJsonSchema() as any;

/** `ports[0].port` → the model's JSON Schema there, or undefined. */
function schemaAt(path: string): unknown {
  let node = modelSchema;
  for (const part of path.split('.')) {
    const [, key, indexes] = /^([^[]+)((?:\[\d+\])*)$/.exec(part)!;
    node = node?.properties?.[key];
    for (let i = 0; i < (indexes.match(/\[/g) ?? []).length; i++)
      node = node?.items;
  }
  return node;
}

/** Where in the validate step's model each form parameter lands: `port` → `ports[0].port`. */
function parameterPaths(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') {
    return [...value.matchAll(/parameters\.(\w+)/g)].map(m => [m[1], path]);
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => parameterPaths(v, `${path}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      parameterPaths(v, path ? `${path}.${k}` : k),
    );
  }
  return [];
}

describe('templates', () => {
  it('has the four templates of the issue', () => {
    expect(names.map(n => load(n).metadata.title).sort()).toEqual([
      'Java (Spring Boot) service',
      'Node.js HTTP service',
      'Python worker',
      'Scheduled job',
    ]);
  });

  describe.each(names)('%s', name => {
    const template = load(name);
    const form = fields(template);

    it('asks for the minimum by default and the rest behind "advanced"', () => {
      const first = template.spec.parameters[0];
      expect(first.required).toEqual(expect.arrayContaining(['name', 'owner']));
      expect(first.properties.name['ui:field']).toBe('DyplomaServiceName');
      // The scaffolder's OwnerPicker (groups from the catalog) plus "the owner exists".
      expect(first.properties.owner['ui:field']).toBe('DyplomaOwnerPicker');
      expect(first.properties.owner['ui:options'].catalogFilter).toEqual({
        kind: 'Group',
      });
      const options = template.spec.parameters[1];
      expect(Object.keys(options.properties)).toEqual(['advanced']);
      expect(options.properties.advanced.default).toBe(false);
      expect(form.replicas).toBeDefined();
    });

    it("checks each model value in the form with the model's schema, at the place the first step puts it", () => {
      const placed = parameterPaths(template.spec.steps[0].input.model);
      const modelFields = Object.entries(form).filter(
        ([, f]) => f['ui:field'] === 'DyplomaModelField',
      );
      expect(modelFields.map(([key]) => key)).toEqual(
        expect.arrayContaining(['replicas', 'cpu', 'memory', 'image']),
      );
      for (const [key, field] of modelFields) {
        const modelPath = field['ui:options']?.modelPath;
        expect({ key, known: !!modelPath && !!schemaAt(modelPath) }).toEqual({
          key,
          known: true,
        });
        expect(placed).toContainEqual([key, modelPath]);
        // The field applies the model's rules; the form repeats none of them, so the two
        // cannot drift apart (the form's old bounds and patterns did).
        expect(field).not.toHaveProperty('minimum');
        expect(field).not.toHaveProperty('maximum');
        expect(field).not.toHaveProperty('pattern');
        expect(field).not.toHaveProperty('errorMessage');
      }
      // Every value the first step takes from the form into the model is checked in the form.
      const checked = new Set(modelFields.map(([key]) => key));
      const unchecked = placed
        .filter(([key]) => key !== 'name' && !checked.has(key))
        .map(([key]) => key);
      expect(unchecked).toEqual([]);
      const pathOf = (key: string) => form[key]?.['ui:options']?.modelPath;
      expect([pathOf('port'), pathOf('schedule')]).toEqual([
        form.port && 'ports[0].port',
        form.schedule && 'cronJobs[0].schedule',
      ]);
    });

    it('names the service as the catalog module wants it', () => {
      const entityOk = (entityName: string) =>
        validateServiceEntity({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: entityName },
          spec: { type: 'service', dyploma: { image: 'r/x' } },
        }).ok;
      // The form's extra limit (jobs are named <service>-<job>) leaves room for the job name.
      const longest = 'a'.repeat(form.name.maxLength!);
      expect(entityOk(longest)).toBe(true);
      expect(form.name.errorMessage?.maxLength).toMatch(/^name: at most 40/);
    });

    it('validates, writes, publishes, registers and deploys to dev, in that order', () => {
      const steps = template.spec.steps.map((s: any) => s.action);
      expect(steps).toEqual([
        'dyploma:service:validate',
        'fetch:template',
        'publish:github',
        'catalog:register',
        'dyploma:publish:local',
        'dyploma:catalog:register-local',
        'dyploma:deploy',
      ]);
      const deploy = template.spec.steps.at(-1);
      expect(deploy.input.environment).toBe('dev');
      // The Git host steps run only when app-config asks for them.
      for (const s of template.spec.steps.filter((x: any) =>
        x.id.endsWith('-github'),
      )) {
        expect(s.if).toBe(
          "${{ environment.parameters.publishTo == 'github' }}",
        );
      }
    });

    it('renders a skeleton whose catalog-info.yaml the catalog module accepts', async () => {
      const workspace = createMockDirectory();
      const action = createFetchTemplateAction({
        reader: mockServices.urlReader.mock(),
        integrations: {} as any,
      });
      // What the validate step outputs for a form with every advanced option filled in.
      const validateInput = template.spec.steps[0].input.model;
      const model = dropEmptyValues(
        JSON.parse(
          JSON.stringify(validateInput)
            .replace(
              /"\$\{\{ parameters\.image or [^}]*\}\}"/,
              '"registry.example.com/hello-api"',
            )
            .replace(/"\$\{\{ parameters\.port or (\d+) \}\}"/, '8080')
            .replace('"${{ parameters.replicas }}"', '2')
            .replace('"${{ parameters.cpu }}"', '"250m"')
            .replace(/"\$\{\{ parameters\.memory \}\}"/g, '"512Mi"')
            .replace('"${{ parameters.schedule }}"', '"0 3 * * *"')
            .replace('"${{ parameters.timeZone }}"', '"Europe/Warsaw"'),
        ),
      ) as Record<string, unknown>;
      expect(JSON.stringify(model)).not.toContain('${{');

      const ctx = createMockActionContext({
        workspacePath: workspace.path,
        templateInfo: {
          entityRef: `template:default/${name}`,
          baseUrl: pathToFileURL(join(TEMPLATES, name, 'template.yaml')).href,
        },
        input: {
          url: './skeleton',
          values: {
            name: 'hello-api',
            description: 'Says "hello"',
            owner: 'group:default/team-payments',
            model: model as any,
          },
        },
      });
      await action.handler(ctx as any);

      const entity = parse(
        readFileSync(join(workspace.path, 'catalog-info.yaml'), 'utf8'),
      );
      expect(entity.metadata).toMatchObject({
        name: 'hello-api',
        description: 'Says "hello"',
      });
      expect(entity.spec.owner).toBe('group:default/team-payments');
      expect(entity.spec.dyploma).toEqual(model);
      const result = validateServiceEntity(entity, {
        environments: { dev: { clusters: ['dc1'] } },
      });
      expect(result.ok ? [] : result.problems).toEqual([]);

      const files = readdirSync(workspace.path);
      expect(files).toEqual(
        expect.arrayContaining([
          'Dockerfile',
          'README.md',
          'catalog-info.yaml',
        ]),
      );
      const readme = readFileSync(join(workspace.path, 'README.md'), 'utf8');
      expect(readme).toMatch(/^# hello-api\n/);
      expect(readme).not.toContain('${{');
    });
  });
});
