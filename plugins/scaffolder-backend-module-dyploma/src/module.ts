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
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { validationContextFromConfig } from '@dyploma/plugin-dyploma-common';
import { createDeployAction } from './actions/deploy';
import { createPublishLocalAction } from './actions/publishLocal';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createServiceValidateAction } from './actions/validate';

/**
 * The Dyploma module for the scaffolder: actions that validate a service model and order a
 * service's first deploy (`dyploma:service:validate`, `dyploma:deploy`), and publish a new
 * service to a local bare Git repository when no Git host is reachable
 * (`dyploma:publish:local`, `dyploma:catalog:register-local`).
 *
 * @public
 */
export const scaffolderModuleDyploma = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'dyploma',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolderActions, config, discovery, auth }) {
        scaffolderActions.addActions(
          createServiceValidateAction({
            discovery,
            auth,
            validationContext: validationContextFromConfig(config),
          }),
          createDeployAction({ discovery, auth }),
          createPublishLocalAction({ config }),
          createRegisterLocalAction({ discovery, auth, config }),
        );
      },
    });
  },
});
