/**
 * Validates the Dyploma service model (`spec.dyploma`) on catalog entities.
 *
 * @packageDocumentation
 */

export { catalogModuleDyploma as default } from './module';
export { DyplomaModelProcessor } from './processor/DyplomaModelProcessor';
