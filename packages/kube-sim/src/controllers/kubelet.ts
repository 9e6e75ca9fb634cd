import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import type { Cluster, Controller } from '../cluster/Cluster';
import { setCondition } from './podStatus';
import { failureOf, RUN_SECONDS_ANNOTATION } from './failureRules';
import { nsKey } from './WorkQueue';

const PODS = storageKey(RESOURCES.pods);
const NODES = storageKey(RESOURCES.nodes);

/** Simulated durations of the pod lifecycle (ms). */
export const TIMING = {
  pull: 1_000,
  start: 500,
  ready: 1_000,
  crash: 2_000,
  backoffBase: 10_000,
  backoffMax: 300_000,
  terminate: 1_000,
  run: 5_000,
};

const COMPONENT = 'kubelet';

/**
 * Every node's kubelet in one: drives bound pods through ContainerCreating →
 * Running → Ready (readiness after the probe's initial delay), applies the
 * failure rules (CrashLoopBackOff with growing back-off, ImagePullBackOff),
 * runs run-to-completion pods to Succeeded/Failed and finishes graceful
 * deletions. Pods on a NotReady node are left as they are, as a real
 * kubelet that lost contact would.
 */
export class Kubelet implements Controller {
  private unsubscribe = () => {};
  private readonly started = new Map<string, () => void>();
  private readonly terminating = new Set<string>();
  private podIp = 0;

  constructor(private readonly cluster: Cluster) {}

  start() {
    this.unsubscribe = this.cluster.store.subscribe(c => {
      if (c.resource === PODS) {
        if (c.type === 'DELETED') this.forget(c.object);
        else this.observe(c.object);
      }
    });
    for (const p of this.cluster.store.list(PODS)) this.observe(p);
  }

  stop() {
    this.unsubscribe();
    for (const cancel of this.started.values()) cancel();
    this.started.clear();
  }

  private forget(pod: any) {
    this.started.get(pod.metadata.uid)?.();
    this.started.delete(pod.metadata.uid);
    this.terminating.delete(pod.metadata.uid);
  }

  private nodeReady(name: string): boolean {
    const node = this.cluster.store.peek(NODES, undefined, name);
    return (node?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
  }

  private observe(pod: any) {
    const uid = pod.metadata.uid;
    if (!pod.spec.nodeName) return;
    if (pod.metadata.deletionTimestamp) {
      if (this.terminating.has(uid)) return;
      this.terminating.add(uid);
      this.started.get(uid)?.();
      if (pod.status?.phase === 'Running') {
        for (const c of pod.spec.containers) this.cluster.events.record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, COMPONENT, pod.spec.nodeName);
      }
      const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
      this.cluster.clock.after(Math.min(grace, TIMING.terminate), () => {
        this.cluster.api.removeInternal(RESOURCES.pods, pod.metadata.namespace, pod.metadata.name);
      });
      return;
    }
    if (this.started.has(uid) || pod.status?.startTime) return;
    if (!this.nodeReady(pod.spec.nodeName)) return;
    this.run(pod);
  }

  /** Applies `change` to the current pod (if it still exists and runs on a Ready node). */
  private update(key: { ns: string; name: string; uid: string }, change: (pod: any, now: string) => void) {
    const cur = this.cluster.store.peek(PODS, key.ns, key.name);
    if (!cur || cur.metadata.uid !== key.uid || cur.metadata.deletionTimestamp) return undefined;
    if (!this.nodeReady(cur.spec.nodeName)) return undefined;
    const next = structuredClone(cur);
    change(next, this.cluster.clock.nowIso());
    return this.cluster.api.writeInternal(RESOURCES.pods, next);
  }

  private after(uid: string, ms: number, fn: () => void) {
    this.started.set(uid, this.cluster.clock.after(ms, fn));
  }

  private run(pod: any) {
    const key = { ns: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
    const node = this.cluster.store.peek(NODES, undefined, pod.spec.nodeName);
    const hostIP = node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address;
    const n = this.podIp++;
    const podIP = `10.244.${(n >> 8) & 255}.${(n & 255) + 2}`;
    const names: string[] = pod.spec.containers.map((c: any) => c.name);
    const unready = `containers with unready status: [${names.join(' ')}]`;
    this.started.set(key.uid, () => {});
    this.update(key, (p, now) => {
      p.status.phase = 'Pending';
      p.status.hostIP = hostIP;
      p.status.hostIPs = [{ ip: hostIP }];
      p.status.startTime = now;
      setCondition(p.status, { type: 'PodReadyToStartContainers', status: 'False' }, now, { lastProbeTime: null as any });
      setCondition(p.status, { type: 'Initialized', status: 'True' }, now, { lastProbeTime: null as any });
      setCondition(p.status, { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: unready }, now, { lastProbeTime: null as any });
      setCondition(p.status, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: unready }, now, { lastProbeTime: null as any });
      p.status.containerStatuses = p.spec.containers.map((c: any) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
      }));
    });
    for (const c of pod.spec.containers) {
      this.cluster.events.record(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, COMPONENT, pod.spec.nodeName);
    }
    this.after(key.uid, TIMING.pull, () => this.pulled(key, pod, podIP, 0));
  }

  private pulled(key: { ns: string; name: string; uid: string }, pod: any, podIP: string, attempt: number) {
    const bad = pod.spec.containers.filter((c: any) => failureOf(pod, c) === 'badimage');
    if (bad.length) {
      const reason = attempt === 0 ? 'ErrImagePull' : 'ImagePullBackOff';
      this.update(key, p => {
        for (const cs of p.status.containerStatuses) {
          const c = bad.find((b: any) => b.name === cs.name);
          if (!c) continue;
          cs.state = { waiting: { reason, message: attempt === 0 ? `rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": not found` : `Back-off pulling image "${c.image}"` } };
        }
      });
      for (const c of bad) {
        if (attempt === 0) {
          this.cluster.events.record(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": not found`, COMPONENT, pod.spec.nodeName);
          this.cluster.events.record(pod, 'Warning', 'Failed', 'Error: ErrImagePull', COMPONENT, pod.spec.nodeName);
        } else {
          this.cluster.events.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, COMPONENT, pod.spec.nodeName);
          this.cluster.events.record(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', COMPONENT, pod.spec.nodeName);
        }
      }
      const backoff = Math.min(TIMING.backoffMax, TIMING.backoffBase * 2 ** attempt);
      this.after(key.uid, backoff, () => this.pulled(key, pod, podIP, attempt + 1));
      return;
    }
    for (const c of pod.spec.containers) {
      this.cluster.events.record(pod, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in 1s (1s including waiting). Image size: 52428800 bytes.`, COMPONENT, pod.spec.nodeName);
    }
    this.after(key.uid, TIMING.start, () => this.startContainers(key, pod, podIP, 0));
  }

  private startContainers(key: { ns: string; name: string; uid: string }, pod: any, podIP: string, restarts: number) {
    const runToCompletion = pod.spec.restartPolicy !== 'Always';
    this.update(key, (p, now) => {
      p.status.phase = 'Running';
      p.status.podIP = podIP;
      p.status.podIPs = [{ ip: podIP }];
      setCondition(p.status, { type: 'PodReadyToStartContainers', status: 'True' }, now, { lastProbeTime: null as any });
      for (const cs of p.status.containerStatuses) {
        cs.state = { running: { startedAt: now } };
        cs.started = true;
        cs.imageID = `docker.io/library/${String(cs.image).split('/').pop()}@sha256:${'0'.repeat(64)}`;
        cs.containerID = `containerd://${key.uid.replace(/-/g, '')}${restarts}`;
      }
    });
    for (const c of pod.spec.containers) {
      this.cluster.events.record(pod, 'Normal', 'Created', `Created container: ${c.name}`, COMPONENT, pod.spec.nodeName);
      this.cluster.events.record(pod, 'Normal', 'Started', `Started container ${c.name}`, COMPONENT, pod.spec.nodeName);
    }
    const failing = pod.spec.containers.find((c: any) => ['crashloop', 'oom'].includes(failureOf(pod, c) ?? ''));
    if (failing && !runToCompletion) {
      this.after(key.uid, TIMING.crash, () => this.crash(key, pod, podIP, restarts, failing));
      return;
    }
    if (runToCompletion) {
      const secs = Number(pod.metadata.annotations?.[RUN_SECONDS_ANNOTATION] ?? TIMING.run / 1000);
      this.after(key.uid, secs * 1000, () => this.complete(key, pod));
      return;
    }
    const probe = pod.spec.containers.map((c: any) => (c.readinessProbe?.initialDelaySeconds ?? 0) * 1000);
    this.after(key.uid, Math.max(TIMING.ready, ...probe), () => this.ready(key));
  }

  private ready(key: { ns: string; name: string; uid: string }) {
    this.update(key, (p, now) => {
      for (const cs of p.status.containerStatuses) cs.ready = true;
      setCondition(p.status, { type: 'ContainersReady', status: 'True' }, now, { lastProbeTime: null as any });
      setCondition(p.status, { type: 'Ready', status: 'True' }, now, { lastProbeTime: null as any });
    });
  }

  private crash(key: { ns: string; name: string; uid: string }, pod: any, podIP: string, restarts: number, container: any) {
    const oom = failureOf(pod, container) === 'oom';
    const backoff = Math.min(TIMING.backoffMax, TIMING.backoffBase * 2 ** restarts);
    this.update(key, (p, now) => {
      const cs = p.status.containerStatuses.find((c: any) => c.name === container.name);
      const startedAt = cs.state.running?.startedAt ?? now;
      cs.lastState = { terminated: { exitCode: oom ? 137 : 1, reason: oom ? 'OOMKilled' : 'Error', startedAt, finishedAt: now, containerID: cs.containerID } };
      cs.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(backoff / 1000)}s restarting failed container=${container.name} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})` } };
      cs.ready = false;
      cs.started = false;
      cs.restartCount = restarts + 1;
      const unready = `containers with unready status: [${container.name}]`;
      setCondition(p.status, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: unready }, now, { lastProbeTime: null as any });
      setCondition(p.status, { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: unready }, now, { lastProbeTime: null as any });
    });
    this.cluster.events.record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, COMPONENT, pod.spec.nodeName);
    this.after(key.uid, backoff, () => this.startContainers(key, pod, podIP, restarts + 1));
  }

  private complete(key: { ns: string; name: string; uid: string }, pod: any) {
    const failed = pod.spec.containers.some((c: any) => failureOf(pod, c) === 'fail' || failureOf(pod, c) === 'crashloop');
    this.update(key, (p, now) => {
      p.status.phase = failed ? 'Failed' : 'Succeeded';
      for (const cs of p.status.containerStatuses) {
        const startedAt = cs.state.running?.startedAt ?? now;
        cs.state = { terminated: { exitCode: failed ? 1 : 0, reason: failed ? 'Error' : 'Completed', startedAt, finishedAt: now, containerID: cs.containerID } };
        cs.ready = false;
        cs.started = false;
      }
      const reason = 'PodCompleted';
      setCondition(p.status, { type: 'Ready', status: 'False', reason }, now, { lastProbeTime: null as any });
      setCondition(p.status, { type: 'ContainersReady', status: 'False', reason }, now, { lastProbeTime: null as any });
      setCondition(p.status, { type: 'PodReadyToStartContainers', status: 'False' }, now, { lastProbeTime: null as any });
    });
    this.started.delete(key.uid);
  }

  /** Resumes pods on a node that came back (their kubelet reconnects). */
  resumeNode(node: string) {
    for (const p of this.cluster.store.list(PODS)) if (p.spec.nodeName === node) this.observe(p);
  }
}

export { nsKey };
