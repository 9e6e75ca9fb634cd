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
  validateServiceModel,
} from '@dyploma/plugin-dyploma-common';
import { dropEmptyValues } from '../actions/validate';

/*
 * The templates under templates/ at the repository root: their form agrees with the model's
 * schema (what the form lets through, the backend accepts, and the reverse for the samples
 * below), their steps are the actions this module registers, and each skeleton, rendered by
 * the real fetch:template, yields a catalog-info.yaml whose entity the catalog module accepts.
 */
const TEMPLATES = resolve(__dirname, '../../../../templates');
const names = readdirSync(TEMPLATES).filter(n =>
  readdirSync(join(TEMPLATES, n)).includes('template.yaml'),
);

type Field = {
  type?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  errorMessage?: Record<string, string>;
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
const portSchema = modelSchema.properties.ports.items.properties.port;
const replicasSchema = modelSchema.properties.replicas;

const accepts = (field: Field, value: string) =>
  new RegExp(field.pattern!).test(value);

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
      expect(first.properties.owner['ui:field']).toBe('OwnerPicker');
      expect(first.properties.owner['ui:options'].catalogFilter).toEqual({
        kind: 'Group',
      });
      const options = template.spec.parameters[1];
      expect(Object.keys(options.properties)).toEqual(['advanced']);
      expect(options.properties.advanced.default).toBe(false);
      expect(form.replicas).toBeDefined();
    });

    it("bounds numbers as the model's schema does, with the backend's words", () => {
      expect(form.replicas).toMatchObject({
        type: replicasSchema.type,
        minimum: replicasSchema.minimum,
        maximum: replicasSchema.maximum,
      });
      expect(form.replicas.errorMessage?.type).toBe(
        'replicas: expected a whole number from 0 to 500',
      );
      // Templates without a port field take no port from the form (a worker's is fixed).
      const port = form.port ?? {
        ...portSchema,
        errorMessage: { maximum: 'expected a port number from 1 to 65535' },
      };
      expect(port).toMatchObject({
        type: portSchema.type,
        minimum: portSchema.minimum,
        maximum: portSchema.maximum,
      });
      expect(port.errorMessage?.maximum).toContain(
        'expected a port number from 1 to 65535',
      );
    });

    it('lets through what the model accepts, and stops what it refuses', () => {
      const model = (extra: object) =>
        validateServiceModel({ image: 'registry.example.com/x', ...extra }).ok;
      const entityOk = (entityName: string) =>
        validateServiceEntity({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: entityName },
          spec: { type: 'service', dyploma: { image: 'r/x' } },
        }).ok;
      // [field, value, the form lets it through, the model accepts it]
      const checks: Array<[string, string, boolean, boolean]> = [
        ...['100m', '2', '0.5', '2 cores', 'm100'].map(
          cpu =>
            [
              'cpu',
              cpu,
              accepts(form.cpu, cpu),
              model({ resources: { requests: { cpu } } }),
            ] as [string, string, boolean, boolean],
        ),
        ...['256Mi', '1Gi', '512M', '2GB', '1.5Gi'].map(
          memory =>
            [
              'memory',
              memory,
              accepts(form.memory, memory),
              model({ resources: { limits: { memory } } }),
            ] as [string, string, boolean, boolean],
        ),
        ...['hello-api', 'Hello_API', '1st', 'a-'].map(
          n =>
            ['name', n, accepts(form.name, n), entityOk(n)] as [
              string,
              string,
              boolean,
              boolean,
            ],
        ),
        ...(form.schedule
          ? ['0 3 * * *', '*/5 * * * *', 'every night']
          : []
        ).map(
          schedule =>
            [
              'schedule',
              schedule,
              accepts(form.schedule, schedule),
              model({
                cronJobs: [{ name: 'run', schedule, command: ['run'] }],
              }),
            ] as [string, string, boolean, boolean],
        ),
      ];
      expect(checks.filter(([, , form_, model_]) => form_ !== model_)).toEqual(
        [],
      );
      // Both sides refuse something, so the comparison means something.
      expect(checks.some(([, , f]) => !f)).toBe(true);
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
