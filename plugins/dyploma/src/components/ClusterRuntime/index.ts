export { ClusterRuntime } from './ClusterRuntime';
