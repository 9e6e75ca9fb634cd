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
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { validationContextFromConfig } from '@dyploma/plugin-dyploma-common';
import { hostname } from 'node:os';
import { DatabaseBatchStore } from './batch/DatabaseBatchStore';
import { FleetRecords } from './batch/FleetRecords';
import { readTopology } from './clusters/topology';
import { DatabaseOrderStore } from './database/DatabaseOrderStore';
import { DatabaseReleaseStore } from './database/DatabaseReleaseStore';
import { StatusRecords } from './database/StatusRecords';
import { connectDatabase } from './database/migrate';
import {
  catalogGroupParents,
  costClusters,
  createCostCollector,
  createCostRouter,
  DatabaseCostStore,
  fleetCostSamples,
  runDemoBackfill,
} from './cost';
import { FleetCache } from './fleet';
import {
  allNotifiers,
  OrderFailureNotifier,
  OrderSignals,
  withNotifier,
} from './notify';
import { readDecisionCache } from './service/readAccess/DecisionCache';
import { createRouter } from './service/router';
import { CatalogModelSource } from './worker/CatalogModelSource';
import { FleetRolloutObserver } from './worker/FleetRolloutObserver';
import { OrderExecutor } from './worker/OrderExecutor';
import { OrderWorker } from './worker/OrderWorker';
import { ServerSideApplier } from './worker/ServerSideApplier';

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
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init({
        database,
        auth,
        httpAuth,
        httpRouter,
        logger,
        config,
        permissions,
        auditor,
        lifecycle,
        scheduler,
        catalog,
        signals,
        notifications,
      }) {
        // A config mistake stops the backend here, with the key, not at the first deploy.
        const topology = readTopology(config);
        // Migrating at start-up means a new version's tables exist before the first request.
        const knex = await connectDatabase(database);
        logger.info('Dyploma database is migrated');
        // Every order write (API and worker) is followed by a signal to the browsers on
        // the service's channel, and a failed order's end by a notification to its owners.
        const orderSignals = new OrderSignals({ signals, logger });
        const orders = withNotifier(
          new DatabaseOrderStore(knex),
          allNotifiers(
            orderSignals,
            new OrderFailureNotifier({ notifications, catalog, auth, logger }),
          ),
          logger,
        );
        const releases = new DatabaseReleaseStore(knex);

        // The fleet read model: every read API answers from these caches. Starting returns
        // at once; a cluster that is down at start-up never holds up the backend.
        const fleet = new FleetCache({
          clusters: topology.clusters.values(),
          logger: logger.child({ component: 'fleet' }),
        });
        await fleet.start();

        let worker: OrderWorker | undefined;
        if (config.getOptionalBoolean('dyploma.worker.enabled') !== false) {
          const executor = new OrderExecutor({
            orders,
            releases,
            topology,
            models: new CatalogModelSource({
              catalog,
              auth,
              context: validationContextFromConfig(config),
            }),
            applier: new ServerSideApplier(),
            observer: new FleetRolloutObserver(fleet),
            logger: logger.child({ component: 'worker' }),
            timing: {
              rolloutTimeoutMs:
                (config.getOptionalNumber(
                  'dyploma.worker.rolloutTimeoutSeconds',
                ) ?? 900) * 1000,
            },
          });
          worker = new OrderWorker({
            id: `${hostname()}-${process.pid}`,
            orders,
            executor,
            logger: logger.child({ component: 'worker' }),
            concurrency: config.getOptionalNumber('dyploma.worker.concurrency'),
            leaseMs:
              (config.getOptionalNumber('dyploma.worker.leaseSeconds') ?? 30) *
              1000,
          });
        }
        // Orders start once the whole backend is up (the catalog answers the model lookups).
        lifecycle.addStartupHook(() => worker?.start());
        lifecycle.addShutdownHook(async () => {
          await worker?.stop();
          orderSignals.flush();
          await fleet.stop();
        });

        // Cost: a sample of the caches every 5 minutes (one replica at a time) folded into
        // hourly rows; reports read only those rows, never the clusters.
        const costs = new DatabaseCostStore(knex);
        // Node-type prices are read here so a mistake in them stops the start-up too.
        const costClusterMap = costClusters(config, topology.clusters);
        await scheduler.scheduleTask({
          id: 'dyploma-cost-collector',
          scope: 'global',
          frequency: { minutes: 5 },
          timeout: { minutes: 4 },
          initialDelay: { seconds: 30 },
          fn: createCostCollector({
            source: fleetCostSamples(fleet),
            store: costs,
            clusters: costClusterMap,
            retentionDays: config.getOptionalNumber(
              'dyploma.cost.retentionDays',
            ),
            logger: logger.child({ component: 'cost' }),
          }),
        });
        if (config.getOptionalBoolean('dyploma.cost.demoBackfill')) {
          // In the background: the catalog answers only once the backend is up, and the
          // start-up must not wait for a week of rows.
          lifecycle.addStartupHook(() => {
            runDemoBackfill({
              catalog,
              auth,
              context: validationContextFromConfig(config),
              environments: topology.environments,
              fleet,
              store: costs,
              clusters: costClusterMap,
              logger: logger.child({ component: 'cost' }),
            }).catch(error =>
              logger.warn(`Cost demo backfill failed: ${error}`),
            );
          });
        }
        // One per-caller decision cache for the read routes and cost: both show only
        // what the catalog shows the caller.
        const readDecisions = readDecisionCache(config, permissions);
        httpRouter.use(
          createCostRouter({
            store: costs,
            permissions,
            httpAuth,
            catalog,
            readDecisions,
            groupParents: catalogGroupParents(catalog, auth),
          }),
        );

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
            statusRecords: new StatusRecords(knex, orders),
            topology,
            fleet,
            onOrderCreated: () => worker?.nudge(),
            auth,
            batches: new DatabaseBatchStore(knex),
            fleetRecords: new FleetRecords(knex, costs),
            readDecisions,
          }),
        );
      },
    });
  },
});
