export { DiffDialog } from './DiffDialog';
