import { strict } from './fields';
import { placementSchema } from './scaling';
import { tunableKeyHints, tunableShape } from './tunables';

/** What one environment (staging, production...) changes for the service. */
export const environmentSchema = strict(
  {
    ...tunableShape,
    placement: placementSchema.optional(),
  },
  'environment settings such as {replicas: 3}',
  {
    keyHints: {
      ...tunableKeyHints,
      image:
        'the image repository is the same in every environment; the version is chosen per release',
      cluster: 'write placement: {<cluster>: 1}',
      clusters: 'write placement: {<cluster>: 1, <other cluster>: 1}',
      weights: 'write placement: {<cluster>: <weight>}',
      ports: 'ports are the same in every environment',
    },
  },
);
