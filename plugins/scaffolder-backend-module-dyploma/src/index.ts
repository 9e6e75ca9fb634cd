/***/
/**
 * The dyploma module for @backstage/plugin-scaffolder-backend.
 *
 * @packageDocumentation
 */

export { scaffolderModuleDyploma as default } from './module';
