export { OrderProgress } from './OrderProgress';
