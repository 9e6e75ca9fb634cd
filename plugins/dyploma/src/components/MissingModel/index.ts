export { MissingModel } from './MissingModel';
