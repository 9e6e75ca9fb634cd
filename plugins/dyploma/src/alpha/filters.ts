/** Components with a Dyploma model get the Deploy and Runtime tabs. */
export const HAS_DYPLOMA_MODEL = {
  kind: 'component',
  'spec.dyploma': { $exists: true },
};

/**
 * Services get the Deployments card, which says how to add a model to one that
 * has none.
 */
export const IS_SERVICE = {
  $any: [HAS_DYPLOMA_MODEL, { kind: 'component', 'spec.type': 'service' }],
};

/** Groups get the Team cost card. */
export const IS_GROUP = { kind: 'group' };
