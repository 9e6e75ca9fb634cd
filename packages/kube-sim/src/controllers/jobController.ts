import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import { randomSuffix } from '../api/defaults';
import type { Cluster, Controller } from '../cluster/Cluster';
import { isPodReady, setCondition } from './podStatus';
import { WorkQueue, controllerOf, nsKey, ownerRef, splitKey } from './WorkQueue';

const JOBS = storageKey(RESOURCES.jobs);
const PODS = storageKey(RESOURCES.pods);
const COMPONENT = 'job-controller';

/**
 * The Job controller: runs up to `parallelism` pods until `completions`
 * succeeded, replaces failed pods until `backoffLimit` is exceeded, then sets
 * the Complete or Failed condition (after SuccessCriteriaMet / FailureTarget,
 * as 1.31+ controllers do). Pods that fail are not restarted in place, even
 * for restartPolicy OnFailure (a simplification).
 */
export class JobController implements Controller {
  private readonly queue: WorkQueue;
  private unsubscribe = () => {};

  constructor(private readonly cluster: Cluster) {
    this.queue = new WorkQueue(key => this.sync(key));
  }

  start() {
    this.unsubscribe = this.cluster.store.subscribe(c => {
      if (c.resource === JOBS && c.type !== 'DELETED') this.queue.add(nsKey(c.object));
      else if (c.resource === PODS) {
        const owner = controllerOf(c.object);
        if (owner?.kind === 'Job') this.queue.add(`${c.object.metadata.namespace}/${owner.name}`);
      }
    });
    for (const j of this.cluster.store.list(JOBS)) this.queue.add(nsKey(j));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private sync(key: string) {
    const [ns, name] = splitKey(key);
    const job = this.cluster.store.peek(JOBS, ns, name);
    if (!job || job.metadata.deletionTimestamp || job.spec.suspend) return;
    const finished = (job.status?.conditions ?? []).some((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    if (finished) return;
    const pods = this.cluster.store.list(PODS, ns).filter(p => controllerOf(p)?.uid === job.metadata.uid);
    const active = pods.filter(p => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const succeeded = pods.filter(p => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter(p => p.status?.phase === 'Failed').length;
    const completions = job.spec.completions ?? 1;
    const now = this.cluster.clock.nowIso();
    const next = structuredClone(job);
    const status = (next.status ??= {});
    status.startTime ??= now;
    if (succeeded >= completions) {
      setCondition(status, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }, now, { lastProbeTime: now });
      setCondition(status, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }, now, { lastProbeTime: now });
      status.completionTime = now;
      this.cluster.events.record(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
    } else if (failed > (job.spec.backoffLimit ?? 6)) {
      for (const p of active) this.cluster.api.delete(RESOURCES.pods, ns, p.metadata.name, {});
      setCondition(status, { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }, now, { lastProbeTime: now });
      setCondition(status, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }, now, { lastProbeTime: now });
      this.cluster.events.record(job, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', COMPONENT);
    } else {
      const want = Math.min(job.spec.parallelism ?? 1, completions - succeeded) - active.length;
      for (let i = 0; i < want; i++) this.createPod(job);
    }
    const live = this.cluster.store.list(PODS, ns).filter(p => controllerOf(p)?.uid === job.metadata.uid);
    const activeNow = live.filter(p => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const set = (k: string, v: number) => {
      if (v) status[k] = v;
      else delete status[k];
    };
    set('active', activeNow.length);
    set('succeeded', succeeded);
    set('failed', failed);
    status.ready = activeNow.filter(isPodReady).length;
    status.terminating = live.filter(p => p.metadata.deletionTimestamp).length;
    status.uncountedTerminatedPods = {};
    if (JSON.stringify(status) !== JSON.stringify(job.status ?? {})) this.cluster.api.writeInternal(RESOURCES.jobs, next);
  }

  private createPod(job: any) {
    const tpl = job.spec.template ?? {};
    const pod = this.cluster.api.create(RESOURCES.pods, job.metadata.namespace, {
      metadata: {
        name: `${job.metadata.name}-${randomSuffix(5)}`,
        generateName: `${job.metadata.name}-`,
        labels: { ...(tpl.metadata?.labels ?? {}) },
        annotations: tpl.metadata?.annotations ? { ...tpl.metadata.annotations } : undefined,
        ownerReferences: [ownerRef(job)],
        finalizers: undefined,
      },
      spec: structuredClone(tpl.spec),
    });
    this.cluster.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
  }
}
