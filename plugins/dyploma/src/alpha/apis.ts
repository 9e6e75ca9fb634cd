import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { DyplomaClient, dyplomaApiRef } from '../api';

/** The Dyploma REST client, for the tabs and cards. */
export const dyplomaApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: dyplomaApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DyplomaClient({ discoveryApi, fetchApi }),
    }),
});
