export { CostChart } from './CostChart';
