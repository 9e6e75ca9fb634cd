import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { DyplomaModelProcessor } from './processor/DyplomaModelProcessor';

/**
 * Adds the Dyploma model check to the catalog. Reads `dyploma.defaults`,
 * `dyploma.allowedRegistries` and, when present, the environment and cluster
 * names of `dyploma.environments`; bad defaults stop the backend at start-up.
 */
export const catalogModuleDyploma = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'dyploma',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        catalog.addProcessor(DyplomaModelProcessor.fromConfig(config));
      },
    });
  },
});
