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
import {
  ScaffolderFieldExtensions,
  TemplateParameterSchema,
  useCustomFieldExtensions,
} from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import {
  DyplomaModelFieldExtension,
  DyplomaOwnerPickerFieldExtension,
  DyplomaServiceNameFieldExtension,
} from './index';

/*
 * An app on the old frontend system registers the fields inside
 * <ScaffolderFieldExtensions> under its /create route; the scaffolder page collects them
 * with useCustomFieldExtensions and hands them to the template's form (the Stepper of
 * scaffolder-react). This test does the same, against an in-memory catalog holding one
 * service (catalogApiMock).
 */

const outlet = (
  <ScaffolderFieldExtensions>
    <DyplomaServiceNameFieldExtension />
    <DyplomaOwnerPickerFieldExtension />
    <DyplomaModelFieldExtension />
  </ScaffolderFieldExtensions>
);

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
          replicas: {
            title: 'Replicas',
            'ui:field': 'DyplomaModelField',
            'ui:options': { modelPath: 'replicas' },
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
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-payments', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
  ],
});

function LegacyTemplateForm(props: { onCreate: () => Promise<void> }) {
  const extensions = useCustomFieldExtensions(outlet);
  return (
    <>
      <output aria-label="registered fields">
        {extensions.map(e => e.name).join(', ')}
      </output>
      <Stepper
        manifest={manifest}
        extensions={extensions}
        onCreate={props.onCreate}
      />
    </>
  );
}

function fill(label: RegExp, value: string) {
  // One change event with the whole value, as a paste would (see scaffolder/fields.test).
  fireEvent.change(screen.getByRole('textbox', { name: label }), {
    target: { value },
  });
}

describe('the scaffolder fields for the old frontend system', () => {
  it('register under their ui:field names and check the form as the new ones do', async () => {
    const onCreate = jest.fn(async () => {});
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <LegacyTemplateForm onCreate={onCreate} />
      </TestApiProvider>,
    );
    expect(
      screen.getByRole('status', { name: 'registered fields' }),
    ).toHaveTextContent(
      'DyplomaServiceName, DyplomaOwnerPicker, DyplomaModelField',
    );

    fill(/^Name/, 'payments');
    fill(/^Owner/, 'team-payments');
    fill(/^Replicas/, 'two');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findAllByText(
        /^name: the catalog already has component:default\/payments/,
      ),
    ).not.toHaveLength(0);
    expect(
      await screen.findAllByText(
        'replicas: expected a whole number from 0 to 500, got "two"',
      ),
    ).not.toHaveLength(0);
    expect(onCreate).not.toHaveBeenCalled();

    fill(/^Name/, 'hello-api');
    fill(/^Replicas/, '2');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() =>
      expect(onCreate).toHaveBeenCalledWith({
        name: 'hello-api',
        owner: 'team-payments',
        replicas: 2,
      }),
    );
  });
});
