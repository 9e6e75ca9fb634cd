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

import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import plugin from '../index';

describe('the scaffolder form fields of the dyploma plugin', () => {
  it.each([
    'scaffolder-form-field:dyploma/service-name',
    'scaffolder-form-field:dyploma/owner-picker',
    'scaffolder-form-field:dyploma/model-field',
  ] as const)('%s is part of the plugin and loads its field', async id => {
    // The app discovers the plugin (app.packages: all) and with it these extensions, which
    // attach to the scaffolder's form-fields API. getExtension throws for an unknown id.
    const load = createExtensionTester(plugin.getExtension(id)).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    const field = await load();
    expect(field.$$type).toBe('@backstage/scaffolder/FormField');
  });
});
