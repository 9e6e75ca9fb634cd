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

import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type {
  FieldExtensionComponentProps,
  FieldExtensionOptions,
  TemplateParameterSchema,
} from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import {
  DyplomaModelFieldComponent,
  dyplomaModelFieldValidation,
} from './DyplomaModelField';
import {
  DyplomaOwnerPickerComponent,
  dyplomaOwnerPickerValidation,
} from './DyplomaOwnerPicker';
import {
  DyplomaServiceNameComponent,
  dyplomaServiceNameValidation,
} from './DyplomaServiceName';

/*
 * The fields inside the scaffolder's real form (the Stepper of scaffolder-react: RJSF, ajv,
 * the async field validators run on Next/Review), against a catalog holding one service and
 * two groups (catalogApiMock, an in-memory catalog).
 */

const extensions: FieldExtensionOptions<any, any>[] = [
  {
    name: 'DyplomaServiceName',
    component: DyplomaServiceNameComponent,
    validation: dyplomaServiceNameValidation,
  },
  {
    name: 'DyplomaOwnerPicker',
    component: DyplomaOwnerPickerComponent,
    validation: dyplomaOwnerPickerValidation,
  },
  {
    name: 'DyplomaModelField',
    component: DyplomaModelFieldComponent,
    validation: dyplomaModelFieldValidation,
  },
];

const manifest: TemplateParameterSchema = {
  title: 'Node.js HTTP service',
  steps: [
    {
      title: 'The service',
      schema: {
        required: ['name', 'owner'],
        properties: {
          name: {
            title: 'Name',
            type: 'string',
            'ui:field': 'DyplomaServiceName',
          },
          owner: {
            title: 'Owner',
            type: 'string',
            'ui:field': 'DyplomaOwnerPicker',
          },
          port: {
            title: 'Port',
            'ui:field': 'DyplomaModelField',
            'ui:options': { modelPath: 'ports[0].port' },
          },
          replicas: {
            title: 'Replicas',
            'ui:field': 'DyplomaModelField',
            'ui:options': { modelPath: 'replicas' },
          },
          schedule: {
            title: 'Schedule',
            type: 'string',
            'ui:field': 'DyplomaModelField',
            'ui:options': { modelPath: 'cronJobs[0].schedule' },
          },
        },
      },
    },
  ],
};

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { type: 'service', owner: 'team-payments' },
    },
    ...['team-payments', 'team-search'].map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type: 'team', children: [] },
    })),
  ],
});

async function renderForm(
  extra: FieldExtensionOptions<any, any>[] = [],
  onCreate = jest.fn(async () => {}),
) {
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <Stepper
        manifest={manifest}
        extensions={[...extensions, ...extra]}
        onCreate={onCreate}
      />
    </TestApiProvider>,
  );
  return onCreate;
}

function fill(label: RegExp, value: string) {
  // One change event with the whole value, as a paste would: the form re-renders on every
  // change, and typing key by key into it loses the caret in jsdom.
  fireEvent.change(screen.getByRole('textbox', { name: label }), {
    target: { value },
  });
}

/** The message under its field (the list at the top of the form prefixes the title). */
const shown = (message: string | RegExp) => screen.findAllByText(message);

async function review() {
  await userEvent.click(screen.getByRole('button', { name: 'Review' }));
}

describe('the Dyploma scaffolder fields', () => {
  it('stop port 70000 and replicas "two" with the backend messages', async () => {
    await renderForm();
    fill(/^Name/, 'hello-api');
    fill(/^Owner/, 'team-payments');
    fill(/^Port/, '70000');
    fill(/^Replicas/, 'two');
    await review();

    expect(
      await shown(
        'ports[0].port: expected a port number from 1 to 65535, got 70000',
      ),
    ).not.toHaveLength(0);
    expect(
      await shown('replicas: expected a whole number from 0 to 500, got "two"'),
    ).not.toHaveLength(0);
    // Still on the form: the review step is not shown.
    expect(screen.getByRole('button', { name: 'Review' })).toBeInTheDocument();
  });

  it('refuses a name Kubernetes would refuse, and a bad schedule', async () => {
    await renderForm();
    fill(/^Name/, 'Hello_API');
    fill(/^Owner/, 'team-payments');
    fill(/^Schedule/, 'every night');
    await review();
    expect(
      await shown(/^metadata\.name: .*"Hello_API".*\(e\.g\. "hello-api"\)/),
    ).not.toHaveLength(0);
    expect(
      await shown(/^cronJobs\[0\]\.schedule: expected a cron schedule/),
    ).not.toHaveLength(0);
  });

  it('refuses a name the catalog already has, and an owner it does not know', async () => {
    await renderForm();
    fill(/^Name/, 'payments');
    fill(/^Owner/, 'team-nobody');
    await review();
    expect(
      await shown(
        'name: the catalog already has component:default/payments: pick another name (names are unique per namespace, whatever the owner)',
      ),
    ).not.toHaveLength(0);
    expect(
      await shown(
        'owner: no group group:default/team-nobody in the catalog: pick an owner from the list',
      ),
    ).not.toHaveLength(0);
  });

  it('refuses an owner that is not a group or a user', async () => {
    await renderForm();
    fill(/^Name/, 'hello-api');
    fill(/^Owner/, 'component:default/payments');
    await review();
    expect(
      await shown(
        'owner: expected a group (or a user), got component:default/payments',
      ),
    ).not.toHaveLength(0);
  });

  it('lets valid values through to the review, port and replicas as numbers', async () => {
    const onCreate = await renderForm();
    fill(/^Name/, 'hello-api');
    fill(/^Owner/, 'group:default/team-search');
    fill(/^Port/, '8080');
    fill(/^Replicas/, '2');
    fill(/^Schedule/, '0 3 * * *');
    await review();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() =>
      expect(onCreate).toHaveBeenCalledWith({
        name: 'hello-api',
        owner: 'group:default/team-search',
        port: 8080,
        replicas: 2,
        schedule: '0 3 * * *',
      }),
    );
  });

  it("renders the scaffolder's OwnerPicker when the form has it", async () => {
    // A stand-in for the scaffolder's OwnerPicker (registered by @backstage/plugin-scaffolder,
    // not a dependency of this plugin): what matters is that it gets the field's props.
    const Picker = (props: FieldExtensionComponentProps<string>) => (
      <div>the picker for {props.schema.title}</div>
    );
    await renderForm([{ name: 'OwnerPicker', component: Picker }]);
    expect(screen.getByText('the picker for Owner')).toBeInTheDocument();
  });
});
