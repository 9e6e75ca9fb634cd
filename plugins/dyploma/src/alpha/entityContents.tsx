import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HAS_DYPLOMA_MODEL } from './filters';

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
