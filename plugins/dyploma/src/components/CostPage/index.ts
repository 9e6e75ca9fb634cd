export { CostPage } from './CostPage';
