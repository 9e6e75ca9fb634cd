export { ReleaseDiffTable } from './ReleaseDiffTable';
