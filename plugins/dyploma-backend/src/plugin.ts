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
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readTopology } from './clusters/topology';
import { DatabaseOrderStore } from './database/DatabaseOrderStore';
import { DatabaseReleaseStore } from './database/DatabaseReleaseStore';
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
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        database,
        httpAuth,
        httpRouter,
        logger,
        config,
        permissions,
        auditor,
        catalog,
      }) {
        // A config mistake stops the backend here, with the key, not at the first deploy.
        const topology = readTopology(config);
        // Migrating at start-up means a new version's tables exist before the first request.
        const knex = await connectDatabase(database);
        logger.info('Dyploma database is migrated');
        const orders = new DatabaseOrderStore(knex);
        const releases = new DatabaseReleaseStore(knex);

        httpRouter.use(
          await createRouter({
            config,
            logger,
            httpAuth,
            permissions,
            auditor,
            catalog,
            orders,
            releases,
            topology,
          }),
        );
      },
    });
  },
});
