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
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { connectDatabase } from './database/migrate';
import { createRouter } from './service/router';

/**
 * The Dyploma backend plugin: the orchestrator behind the Deploy and Runtime tabs.
 *
 * @public
 */
export const dyplomaPlugin = createBackendPlugin({
  pluginId: 'dyploma',
  register(env) {
    env.registerInit({
      deps: {
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ database, httpAuth, httpRouter, logger }) {
        // Migrating at start-up means a new version's tables exist before the first
        // request; the stores that use them come with the orchestrator.
        await connectDatabase(database);
        logger.info('Dyploma database is migrated');
        httpRouter.use(await createRouter({ httpAuth }));
      },
    });
  },
});
