export { dyplomaApiRef } from './DyplomaApi';
export type { DyplomaApi, LogsQuery, ServiceName } from './DyplomaApi';
export { DyplomaClient } from './DyplomaClient';
export { problemsOf, activeOrderOf, errorMessage, statusOf } from './errors';
