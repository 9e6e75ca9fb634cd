export { DeploymentsCard } from './DeploymentsCard';
