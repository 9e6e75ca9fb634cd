import { CronExpressionParser } from 'cron-parser';
import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import type { Cluster, Controller } from '../cluster/Cluster';
import { controllerOf, ownerRef } from './WorkQueue';

const CRONJOBS = storageKey(RESOURCES.cronjobs);
const JOBS = storageKey(RESOURCES.jobs);
const COMPONENT = 'cronjob-controller';

const finishedAs = (job: any): 'Complete' | 'Failed' | undefined =>
  (job.status?.conditions ?? []).find((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;

/**
 * The CronJob controller: on every simulated 10 s it creates the Job of a
 * due schedule (in simulated time, so `*\/1 * * * *` fires every simulated
 * minute), honours suspend and concurrencyPolicy (Allow, Forbid, Replace),
 * tracks active jobs and prunes history beyond the limits.
 */
export class CronJobController implements Controller {
  private stopTicker = () => {};
  private unsubscribe = () => {};

  constructor(private readonly cluster: Cluster) {}

  start() {
    this.stopTicker = this.cluster.clock.every(10_000, () => this.tick());
    this.unsubscribe = this.cluster.store.subscribe(c => {
      if (c.resource === JOBS && c.type !== 'ADDED' && controllerOf(c.object)?.kind === 'CronJob') setImmediate(() => this.tick());
    });
  }

  stop() {
    this.stopTicker();
    this.unsubscribe();
  }

  tick() {
    for (const cj of this.cluster.store.list(CRONJOBS)) {
      try {
        this.sync(cj);
      } catch {
        // A bad schedule is reported by validation; nothing to do here.
      }
    }
  }

  private sync(cj: any) {
    const ns = cj.metadata.namespace;
    const jobs = this.cluster.store.list(JOBS, ns).filter(j => controllerOf(j)?.uid === cj.metadata.uid);
    const next = structuredClone(cj);
    const status = (next.status ??= {});
    const active = jobs.filter(j => !finishedAs(j) && !j.metadata.deletionTimestamp);
    for (const j of jobs) {
      const done = finishedAs(j);
      if (done && (status.active ?? []).some((a: any) => a.uid === j.metadata.uid)) {
        this.cluster.events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${done}`, COMPONENT);
        if (done === 'Complete') status.lastSuccessfulTime = j.status.completionTime;
      }
    }
    const now = this.cluster.clock.simNow();
    if (!cj.spec.suspend) {
      const since = status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : Date.parse(cj.metadata.creationTimestamp);
      const expr = CronExpressionParser.parse(cj.spec.schedule, { currentDate: new Date(since), tz: cj.spec.timeZone });
      const due = expr.next().getTime();
      if (due <= now) {
        const policy = cj.spec.concurrencyPolicy ?? 'Allow';
        if (policy === 'Forbid' && active.length) {
          // Skip this run; the next schedule is computed from now.
        } else {
          if (policy === 'Replace') {
            for (const j of active) {
              this.cluster.api.delete(RESOURCES.jobs, ns, j.metadata.name, { propagationPolicy: 'Background' });
              this.cluster.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, COMPONENT);
            }
          }
          const name = `${cj.metadata.name}-${Math.floor(due / 60_000)}`;
          if (!this.cluster.store.peek(JOBS, ns, name)) {
            const tpl = cj.spec.jobTemplate ?? {};
            const job = this.cluster.api.create(RESOURCES.jobs, ns, {
              metadata: {
                name,
                labels: { ...(tpl.metadata?.labels ?? {}) },
                annotations: { ...(tpl.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(due).toISOString() },
                ownerReferences: [ownerRef(cj)],
              },
              spec: structuredClone(tpl.spec),
            });
            this.cluster.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`, COMPONENT);
            active.push(job);
          }
        }
        status.lastScheduleTime = new Date(due).toISOString().replace(/\.\d{3}Z$/, 'Z');
      }
    }
    const live = active.filter(j => this.cluster.store.peek(JOBS, ns, j.metadata.name));
    if (live.length) status.active = live.map(j => ({ kind: 'Job', namespace: ns, name: j.metadata.name, uid: j.metadata.uid, apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion }));
    else delete status.active;
    this.prune(cj, jobs.filter(j => finishedAs(j) === 'Complete'), cj.spec.successfulJobsHistoryLimit ?? 3);
    this.prune(cj, jobs.filter(j => finishedAs(j) === 'Failed'), cj.spec.failedJobsHistoryLimit ?? 1);
    if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) this.cluster.api.writeInternal(RESOURCES.cronjobs, next);
  }

  private prune(cj: any, finished: any[], limit: number) {
    const old = [...finished].sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || a.metadata.name.localeCompare(b.metadata.name));
    for (const j of old.slice(0, Math.max(0, old.length - limit))) {
      this.cluster.api.delete(RESOURCES.jobs, j.metadata.namespace, j.metadata.name, { propagationPolicy: 'Background' });
      this.cluster.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, COMPONENT);
    }
  }
}
