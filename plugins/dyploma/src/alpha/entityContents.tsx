import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HAS_DYPLOMA_MODEL, IS_GROUP, IS_SERVICE } from './filters';

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

/** The Cost card of a service: this month, trend, split, efficiency. */
export const entityDyplomaCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: HAS_DYPLOMA_MODEL,
    loader: () => import('../components/CostCard').then(m => <m.CostCard />),
  },
});

/** The Team cost card of a group: its services ranked by cost, sub-groups included. */
export const entityDyplomaTeamCostCard = EntityCardBlueprint.make({
  name: 'team-cost',
  params: {
    filter: IS_GROUP,
    loader: () =>
      import('../components/TeamCostCard').then(m => <m.TeamCostCard />),
  },
});
