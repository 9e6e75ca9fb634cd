export * from './fixtures';
export { renderView } from './render';
