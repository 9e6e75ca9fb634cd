export * from './fixtures';
export * from './fleetFixtures';
export { renderView } from './render';
