/**
 * Test data shared with other packages: the corpus of bad models and the
 * context it is checked against.
 *
 * @packageDocumentation
 */
export {
  BAD_MODELS,
  CORPUS_CONTEXT,
  badModelEntityYaml,
  type BadModel,
} from './badModels';
export { GOOD_MODELS, type GoodModel } from './goodModels';
export { parseCatalogEntity } from './parseCatalogEntity';
