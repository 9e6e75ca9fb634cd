/**
 * events.k8s.io/v1 Events are another view of core/v1 Events (one storage,
 * two shapes), as in `pkg/apis/events/v1` conversion.
 */
export function coreToEventsV1(e: any): any {
  const out: any = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    reason: e.reason,
    note: e.message,
    type: e.type,
    regarding: e.involvedObject,
    reportingController: e.reportingComponent ?? e.source?.component ?? '',
    reportingInstance: e.reportingInstance ?? e.source?.host ?? '',
    action: e.action,
  };
  if (e.related) out.related = e.related;
  if (e.source) out.deprecatedSource = e.source;
  if (e.firstTimestamp) out.deprecatedFirstTimestamp = e.firstTimestamp;
  if (e.lastTimestamp) out.deprecatedLastTimestamp = e.lastTimestamp;
  if (e.count) out.deprecatedCount = e.count;
  if (e.series) out.series = e.series;
  return out;
}

export function eventsV1ToCore(e: any): any {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    type: e.type,
    eventTime: e.eventTime,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
    action: e.action,
    related: e.related,
    source: e.deprecatedSource ?? { component: e.reportingController },
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    series: e.series,
  };
}
