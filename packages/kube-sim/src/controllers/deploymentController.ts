import { createHash } from 'node:crypto';
import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import type { Cluster, Controller } from '../cluster/Cluster';
import { setCondition } from './podStatus';
import { WorkQueue, controllerOf, nsKey, ownerRef, splitKey } from './WorkQueue';
import { podsOf } from './replicaSetController';
import { canonicalJson } from '../util/canonical';

const DEPLOY = storageKey(RESOURCES.deployments);
const RS = storageKey(RESOURCES.replicasets);
const REVISION = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';
const COMPONENT = 'deployment-controller';

/** pod-template-hash: a stable hash of the template, in the safe alphabet. */
export function templateHash(template: any): string {
  const h = createHash('sha256').update(canonicalJson(template ?? {})).digest().readUInt32BE(0);
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let n = h;
  let s = '';
  while (n > 0) {
    s += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length);
  }
  return s || 'b';
}

/** Resolves maxSurge/maxUnavailable (int or percent) against replicas. */
export function resolveIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? '0'));
  if (!m) return 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

const revisionOf = (rs: any) => Number(rs.metadata.annotations?.[REVISION] ?? 0);

function templateWithoutHash(t: any) {
  const copy = structuredClone(t ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH];
  return canonicalJson(copy);
}

/**
 * The Deployment controller (`pkg/controller/deployment`): one ReplicaSet per
 * pod template, rolling updates within maxSurge/maxUnavailable, Recreate,
 * pause, revision history and the Progressing/Available conditions.
 */
export class DeploymentController implements Controller {
  private readonly queue: WorkQueue;
  private unsubscribe = () => {};

  constructor(private readonly cluster: Cluster) {
    this.queue = new WorkQueue(key => this.sync(key));
  }

  start() {
    this.unsubscribe = this.cluster.store.subscribe(c => {
      if (c.resource === DEPLOY) this.queue.add(nsKey(c.object));
      else if (c.resource === RS) {
        const owner = controllerOf(c.object);
        if (owner?.kind === 'Deployment') this.queue.add(`${c.object.metadata.namespace}/${owner.name}`);
      }
    });
    for (const d of this.cluster.store.list(DEPLOY)) this.queue.add(nsKey(d));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private event(d: any, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal') {
    this.cluster.events.record(d, type, reason, message, COMPONENT);
  }

  private scaleRS(d: any, rs: any, replicas: number) {
    const from = rs.spec.replicas ?? 0;
    if (from === replicas) return rs;
    const next = structuredClone(rs);
    next.spec.replicas = replicas;
    next.metadata.annotations = {
      ...next.metadata.annotations,
      'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
      'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + this.maxSurge(d)),
    };
    next.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    const stored = this.cluster.api.writeInternal(RESOURCES.replicasets, next);
    this.event(d, 'ScalingReplicaSet', `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`);
    return stored;
  }

  private maxSurge(d: any) {
    if (d.spec.strategy?.type !== 'RollingUpdate') return 0;
    return resolveIntOrPercent(d.spec.strategy.rollingUpdate?.maxSurge ?? '25%', d.spec.replicas, true);
  }

  private maxUnavailable(d: any) {
    if (d.spec.strategy?.type !== 'RollingUpdate') return 0;
    const mu = resolveIntOrPercent(d.spec.strategy.rollingUpdate?.maxUnavailable ?? '25%', d.spec.replicas, false);
    // Both zero is rejected by validation; a surge of 0 with 0% rounding still lets one go.
    return mu === 0 && this.maxSurge(d) === 0 ? 1 : Math.min(mu, d.spec.replicas);
  }

  private sync(key: string) {
    const [ns, name] = splitKey(key);
    const d0 = this.cluster.store.peek(DEPLOY, ns, name);
    if (!d0 || d0.metadata.deletionTimestamp) return;
    const d = structuredClone(d0);
    const owned = this.cluster.store.list(RS, ns).filter(rs => controllerOf(rs)?.uid === d.metadata.uid);
    const hashless = templateWithoutHash(d.spec.template);
    let newRS = owned.find(rs => templateWithoutHash(rs.spec.template) === hashless);
    const oldRSs = owned.filter(rs => rs !== newRS);
    const maxOldRevision = Math.max(0, ...oldRSs.map(revisionOf));
    let progressReason: { reason: string; message: string } | undefined;

    if (d.spec.paused) {
      this.syncStatus(d, newRS, owned, undefined);
      return;
    }

    if (!newRS) {
      const hash = templateHash(d.spec.template);
      const template = structuredClone(d.spec.template);
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH]: hash } };
      const initial = d.spec.strategy?.type === 'Recreate' ? 0 : this.initialNewReplicas(d, owned);
      newRS = this.cluster.api.create(RESOURCES.replicasets, ns, {
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          labels: { ...template.metadata.labels },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
            'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + this.maxSurge(d)),
            [REVISION]: String(maxOldRevision + 1),
          },
          ownerReferences: [ownerRef(d)],
        },
        spec: {
          replicas: initial,
          minReadySeconds: d.spec.minReadySeconds,
          selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector?.matchLabels, [HASH]: hash } },
          template,
        },
      });
      if (initial > 0) this.event(d, 'ScalingReplicaSet', `Scaled up replica set ${newRS.metadata.name} from 0 to ${initial}`);
      progressReason = { reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.metadata.name}"` };
      owned.push(newRS);
    } else if (revisionOf(newRS) <= maxOldRevision) {
      // A rollback: the old template becomes the newest revision again.
      const next = structuredClone(newRS);
      next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(maxOldRevision + 1) };
      newRS = this.cluster.api.writeInternal(RESOURCES.replicasets, next);
      progressReason = { reason: 'FoundNewReplicaSet', message: `Found new replica set "${newRS.metadata.name}"` };
    }

    if (d.spec.strategy?.type === 'Recreate') this.recreate(d, newRS, oldRSs);
    else this.rollingUpdate(d, newRS, oldRSs);
    this.cleanup(d, oldRSs);
    const fresh = this.cluster.store.list(RS, ns).filter(rs => controllerOf(rs)?.uid === d.metadata.uid);
    this.syncStatus(d, fresh.find(rs => rs.metadata.name === newRS!.metadata.name), fresh, progressReason);
  }

  private initialNewReplicas(d: any, owned: any[]): number {
    if (owned.length === 0) return d.spec.replicas;
    const current = owned.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    return Math.max(0, Math.min(d.spec.replicas, d.spec.replicas + this.maxSurge(d) - current));
  }

  private rollingUpdate(d: any, newReplicaSet: any, oldRSs: any[]) {
    let newRS = newReplicaSet;
    const want = d.spec.replicas;
    const all = () => [newRS, ...oldRSs];
    const total = () => all().reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    // Scale the new ReplicaSet up within the surge budget.
    if ((newRS.spec.replicas ?? 0) > want) newRS = this.scaleRS(d, newRS, want);
    else if ((newRS.spec.replicas ?? 0) < want) {
      const room = want + this.maxSurge(d) - total();
      if (room > 0) newRS = this.scaleRS(d, newRS, Math.min(want, (newRS.spec.replicas ?? 0) + room));
    }
    // Scale old ReplicaSets down without going below minAvailable.
    const minAvailable = want - this.maxUnavailable(d);
    const available = all().reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
    const newUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
    let budget = total() - minAvailable - newUnavailable;
    // Unhealthy old pods can always go: they do not count towards availability.
    for (const [i, rs] of oldRSs.entries()) {
      const unhealthy = (rs.spec.replicas ?? 0) - (rs.status?.availableReplicas ?? 0);
      if (unhealthy > 0 && budget > 0) {
        const cut = Math.min(unhealthy, budget);
        oldRSs[i] = this.scaleRS(d, rs, (rs.spec.replicas ?? 0) - cut);
        budget -= cut;
      }
    }
    budget = Math.min(budget, available - minAvailable);
    const byAge = [...oldRSs.entries()].sort((a, b) => revisionOf(a[1]) - revisionOf(b[1]));
    for (const [i, rs] of byAge) {
      if (budget <= 0) break;
      const cut = Math.min(rs.spec.replicas ?? 0, budget);
      if (cut > 0) {
        oldRSs[i] = this.scaleRS(d, rs, (rs.spec.replicas ?? 0) - cut);
        budget -= cut;
      }
    }
  }

  private recreate(d: any, newRS: any, oldRSs: any[]) {
    for (const rs of oldRSs) if ((rs.spec.replicas ?? 0) > 0) this.scaleRS(d, rs, 0);
    const oldPodsLeft = oldRSs.some(rs => podsOf(this.cluster, rs).length > 0);
    if (!oldPodsLeft && (newRS.spec.replicas ?? 0) !== d.spec.replicas) this.scaleRS(d, newRS, d.spec.replicas);
  }

  private cleanup(d: any, oldRSs: any[]) {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = oldRSs
      .filter(rs => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      this.cluster.api.delete(RESOURCES.replicasets, rs.metadata.namespace, rs.metadata.name, {});
    }
  }

  private syncStatus(d: any, newRS: any | undefined, owned: any[], progress?: { reason: string; message: string }) {
    const cur = this.cluster.store.peek(DEPLOY, d.metadata.namespace, d.metadata.name);
    if (!cur) return;
    const next = structuredClone(cur);
    const now = this.cluster.clock.nowIso();
    const sum = (f: (rs: any) => number) => owned.reduce((n, rs) => n + f(rs), 0);
    const want = next.spec.replicas;
    const status: any = { ...(next.status ?? {}) };
    status.observedGeneration = next.metadata.generation;
    status.replicas = sum(rs => rs.status?.replicas ?? 0);
    status.updatedReplicas = newRS?.status?.replicas ?? 0;
    status.readyReplicas = sum(rs => rs.status?.readyReplicas ?? 0);
    status.availableReplicas = sum(rs => rs.status?.availableReplicas ?? 0);
    status.unavailableReplicas = Math.max(0, sum(rs => rs.spec.replicas ?? 0) - status.availableReplicas);
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) {
      if (status[k] === 0) delete status[k];
    }
    const minAvailable = want - this.maxUnavailable(next);
    setCondition(
      status,
      (status.availableReplicas ?? 0) >= minAvailable
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      now,
      { lastUpdateTime: now },
    );
    const prevProg = (status.conditions ?? []).find((c: any) => c.type === 'Progressing');
    const complete =
      newRS && (status.updatedReplicas ?? 0) === want && (status.replicas ?? 0) === want && (status.availableReplicas ?? 0) === want;
    const moved =
      JSON.stringify([cur.status?.updatedReplicas, cur.status?.readyReplicas, cur.status?.availableReplicas, cur.status?.replicas]) !==
      JSON.stringify([status.updatedReplicas, status.readyReplicas, status.availableReplicas, status.replicas]);
    const rsName = newRS?.metadata.name;
    if (next.spec.paused) {
      if (prevProg?.reason !== 'DeploymentPaused') {
        setCondition(status, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, now, { lastUpdateTime: now });
      }
    } else if (complete) {
      if (prevProg?.reason !== 'NewReplicaSetAvailable') {
        setCondition(status, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }, now, { lastUpdateTime: now });
      }
    } else if (progress || moved || !prevProg || prevProg.reason === 'DeploymentPaused' || prevProg.reason === 'NewReplicaSetAvailable') {
      const p = progress ?? { reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
      if (prevProg?.reason === 'ProgressDeadlineExceeded' && !progress && !moved) {
        // Stay failed until something moves again.
      } else {
        setCondition(status, { type: 'Progressing', status: 'True', ...p }, now, { lastUpdateTime: now });
      }
    } else if (prevProg && prevProg.reason !== 'ProgressDeadlineExceeded') {
      const deadline = (next.spec.progressDeadlineSeconds ?? 600) * 1000;
      if (this.cluster.clock.simSince(prevProg.lastUpdateTime) >= deadline) {
        setCondition(status, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` }, now, { lastUpdateTime: now });
      }
    }
    // Re-check when the deadline could pass.
    const prog = (status.conditions ?? []).find((c: any) => c.type === 'Progressing');
    if (!complete && !next.spec.paused && prog?.reason !== 'ProgressDeadlineExceeded') {
      const left = (next.spec.progressDeadlineSeconds ?? 600) * 1000 - this.cluster.clock.simSince(prog?.lastUpdateTime);
      this.cluster.clock.after(Math.max(0, left) + 10, () => this.queue.add(nsKey(next)));
    }
    // Conditions in the order a real server lists them: Available, then Progressing.
    status.conditions.sort((a: any, b: any) => (a.type === 'Available' ? -1 : 0) - (b.type === 'Available' ? -1 : 0));
    next.status = status;
    if (newRS) next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(revisionOf(newRS)) };
    const before = JSON.stringify([cur.status, cur.metadata.annotations]);
    const after = JSON.stringify([next.status, next.metadata.annotations]);
    if (before !== after) this.cluster.api.writeInternal(RESOURCES.deployments, next);
  }
}
