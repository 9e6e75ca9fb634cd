import { randomBytes } from 'node:crypto';
import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import { ResourceApi } from './ResourceApi';

/**
 * Records core/v1 Events as the real controllers do (client-go's event
 * recorder): one Event per object, reason and message; a repeat bumps
 * `count` and `lastTimestamp` instead of creating a new object.
 */
export class EventRecorder {
  /** uid|reason|message → event name, so repeats are found without a scan. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly api: ResourceApi, private readonly enabled = () => true) {}

  record(obj: any, type: 'Normal' | 'Warning', reason: string, message: string, component: string, host?: string) {
    if (!this.enabled()) return;
    const md = obj.metadata;
    const ns = md.namespace ?? 'default';
    const key = storageKey(RESOURCES.events);
    const now = this.api.clock.nowIso();
    const dedupKey = `${md.uid}|${reason}|${message}`;
    const seenName = this.seen.get(dedupKey);
    const existing = seenName ? this.api.store.peek(key, ns, seenName) : undefined;
    if (existing) {
      const next = structuredClone(existing);
      next.count = (next.count ?? 1) + 1;
      next.lastTimestamp = now;
      this.api.writeInternal(RESOURCES.events, next);
      return;
    }
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${md.name}.${randomBytes(8).toString('hex')}`, namespace: ns },
      involvedObject: {
        kind: obj.kind,
        namespace: md.namespace,
        name: md.name,
        uid: md.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: md.resourceVersion,
        ...(obj.kind === 'Pod' && reason !== 'Scheduled' && reason !== 'FailedScheduling' && obj.spec?.containers?.[0]
          ? { fieldPath: `spec.containers{${obj.spec.containers[0].name}}` }
          : {}),
      },
      reason,
      message,
      source: { component, ...(host ? { host } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
    try {
      this.api.create(RESOURCES.events, ns, event);
      this.seen.set(dedupKey, event.metadata.name);
    } catch {
      // The namespace may be going away; a lost event is what a real cluster does too.
    }
  }
}
