export { LogsView } from './LogsView';
