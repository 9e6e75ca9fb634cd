export { DeployContent } from './DeployContent';
