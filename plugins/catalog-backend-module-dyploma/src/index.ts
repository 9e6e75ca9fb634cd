/***/
/**
 * The dyploma backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleDyploma as default } from './module';
