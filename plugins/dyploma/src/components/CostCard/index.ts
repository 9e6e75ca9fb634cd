export { CostCard, Figure } from './CostCard';
