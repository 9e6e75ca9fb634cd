import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HAS_DYPLOMA_MODEL, IS_SERVICE } from './filters';

/** The Deploy tab: releases, orders and their progress, history. */
export const entityDyplomaDeployContent = EntityContentBlueprint.make({
  name: 'deploy',
  params: {
    path: '/deploy',
    title: 'Deploy',
    group: 'deployment',
    filter: HAS_DYPLOMA_MODEL,
    loader: () =>
      import('../components/DeployContent').then(m => <m.DeployContent />),
  },
});

/** The Runtime tab: what runs where, events, logs, the effective model. */
export const entityDyplomaRuntimeContent = EntityContentBlueprint.make({
  name: 'runtime',
  params: {
    path: '/runtime',
    title: 'Runtime',
    group: 'deployment',
    filter: HAS_DYPLOMA_MODEL,
    loader: () =>
      import('../components/RuntimeContent').then(m => <m.RuntimeContent />),
  },
});

/** The Deployments card of the overview: version and health per environment. */
export const entityDyplomaDeploymentsCard = EntityCardBlueprint.make({
  name: 'deployments',
  params: {
    filter: IS_SERVICE,
    loader: () =>
      import('../components/DeploymentsCard').then(m => <m.DeploymentsCard />),
  },
});
