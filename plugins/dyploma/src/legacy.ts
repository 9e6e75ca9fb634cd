import { Entity } from '@backstage/catalog-model';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { DyplomaClient, dyplomaApiRef } from './api';
import { hasDyplomaModel } from './lib/entity';
import {
  DyplomaModelFieldComponent,
  dyplomaModelFieldValidation,
  DyplomaOwnerPickerComponent,
  dyplomaOwnerPickerValidation,
  DyplomaServiceNameComponent,
  dyplomaServiceNameValidation,
} from './scaffolder';

/*
 * For apps on the old frontend system: the same views as routable extensions, to
 * place in the entity page's EntityLayout.
 */

const deployRouteRef = createRouteRef({ id: 'dyploma:deploy' });
const runtimeRouteRef = createRouteRef({ id: 'dyploma:runtime' });
const fleetRouteRef = createRouteRef({ id: 'dyploma:fleet' });

/**
 * The Dyploma plugin for the old frontend system.
 *
 * @public
 */
export const dyplomaLegacyPlugin = createPlugin({
  id: 'dyploma',
  apis: [
    createApiFactory({
      api: dyplomaApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DyplomaClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    deploy: deployRouteRef,
    runtime: runtimeRouteRef,
    fleet: fleetRouteRef,
  },
});

/**
 * The Deploy tab: `<EntityLayout.Route path="/deploy" title="Deploy" if={isDyplomaAvailable}>`.
 *
 * @public
 */
export const EntityDyplomaDeployContent = dyplomaLegacyPlugin.provide(
  createRoutableExtension({
    name: 'EntityDyplomaDeployContent',
    component: () =>
      import('./components/DeployContent').then(m => m.DeployContent),
    mountPoint: deployRouteRef,
  }),
);

/**
 * The Runtime tab.
 *
 * @public
 */
export const EntityDyplomaRuntimeContent = dyplomaLegacyPlugin.provide(
  createRoutableExtension({
    name: 'EntityDyplomaRuntimeContent',
    component: () =>
      import('./components/RuntimeContent').then(m => m.RuntimeContent),
    mountPoint: runtimeRouteRef,
  }),
);

/**
 * The Deployments card of the overview.
 *
 * @public
 */
export const EntityDyplomaDeploymentsCard = dyplomaLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityDyplomaDeploymentsCard',
    component: {
      lazy: () =>
        import('./components/DeploymentsCard').then(m => m.DeploymentsCard),
    },
  }),
);

/**
 * The Fleet page: `<Route path="/dyploma-fleet" element={<DyplomaFleetPage />} />`.
 *
 * @public
 */
export const DyplomaFleetPage = dyplomaLegacyPlugin.provide(
  createRoutableExtension({
    name: 'DyplomaFleetPage',
    component: () => import('./components/FleetPage').then(m => m.FleetPage),
    mountPoint: fleetRouteRef,
  }),
);

/**
 * Whether an entity has a Dyploma model, for `EntitySwitch` and `EntityLayout.Route`.
 *
 * @public
 */
export const isDyplomaAvailable = (entity: Entity): boolean =>
  hasDyplomaModel(entity);

/*
 * The templates' form fields for the old frontend system's scaffolder: the same
 * components and checks as the FormFieldBlueprint extensions of the new one, under the
 * same `ui:field` names, placed inside `<ScaffolderFieldExtensions>`.
 */

/**
 * `ui:field: DyplomaServiceName` for an app on the old frontend system.
 *
 * @public
 */
export const DyplomaServiceNameFieldExtension = dyplomaLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DyplomaServiceName',
    component: DyplomaServiceNameComponent,
    validation: dyplomaServiceNameValidation,
  }),
);

/**
 * `ui:field: DyplomaOwnerPicker` for an app on the old frontend system.
 *
 * @public
 */
export const DyplomaOwnerPickerFieldExtension = dyplomaLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DyplomaOwnerPicker',
    component: DyplomaOwnerPickerComponent,
    validation: dyplomaOwnerPickerValidation,
  }),
);

/**
 * `ui:field: DyplomaModelField` for an app on the old frontend system.
 *
 * @public
 */
export const DyplomaModelFieldExtension = dyplomaLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DyplomaModelField',
    component: DyplomaModelFieldComponent,
    validation: dyplomaModelFieldValidation,
  }),
);
