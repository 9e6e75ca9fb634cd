export { dyplomaApiRef } from './DyplomaApi';
export type { DyplomaApi, LogsQuery, ServiceName } from './DyplomaApi';
export { DyplomaClient } from './DyplomaClient';
export { problemsOf, activeOrderOf, errorMessage, statusOf } from './errors';
export type {
  CostAllocation,
  CostDimension,
  CostLine,
  CostMonth,
  CostReport,
  CostSeries,
  CostSeriesQuery,
  CostWindow,
  CostWindowName,
  CostWindowQuery,
  OverProvisionedReport,
  OwnerCost,
  ServiceCost,
} from '@dyploma/plugin-dyploma-common';
