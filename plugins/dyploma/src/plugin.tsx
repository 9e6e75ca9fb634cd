import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/dyploma',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const dyplomaPlugin = createFrontendPlugin({
  pluginId: 'dyploma',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
