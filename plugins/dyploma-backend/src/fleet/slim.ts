/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { ANNOTATIONS } from '@dyploma/plugin-dyploma-common';

/**
 * What the fleet caches keep of each object: only the fields some reader of the
 * cache reads, in the objects' own wire shape (so a reader reads
 * `pod.status?.phase` as on the API), nothing else. At the seed's scale
 * (7,500 Pods, 100,000 Events) a whole object costs 1–7 KB of heap and its
 * slim form a few hundred bytes.
 *
 * A reader that needs another field adds it here, with its name in the comment
 * of the group it joins; the types below make the compiler refuse a read of a
 * field the cache does not keep. `slim.test.ts` runs the readers on full and
 * slim objects and expects the same answers.
 *
 * Values many objects share (label sets, a ReplicaSet's container list, the
 * owner of a ReplicaSet's pods, timestamps, an event's subject) are kept once
 * (see `Interner`) and frozen: cached objects are read, never changed.
 */

/** Metadata every kind keeps. */
export type SlimMeta = {
  name: string;
  /** Absent on cluster-scoped objects (Nodes). */
  namespace?: string;
  /** The relist tells a changed object from an unchanged one by it. */
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Readonly<Record<string, string>>;
};

export type SlimOwner = { kind: string; name: string; uid: string };

export type SlimCondition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

export type SlimDeployment = {
  metadata: SlimMeta & {
    uid?: string;
    generation?: number;
    annotations?: Readonly<Record<string, string>>;
  };
  spec?: {
    replicas?: number;
    template: { spec?: { containers: ReadonlyArray<SlimContainer> } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: ReadonlyArray<SlimCondition>;
  };
};

export type SlimReplicaSet = {
  metadata: SlimMeta & {
    uid?: string;
    annotations?: Readonly<Record<string, string>>;
    ownerReferences?: ReadonlyArray<SlimOwner>;
  };
};

export type SlimContainer = {
  name: string;
  image?: string;
  resources?: { requests?: Readonly<Record<string, string>> };
};

export type SlimContainerState = {
  waiting?: { reason?: string; message?: string };
  running?: Record<string, never>;
  terminated?: { reason?: string; exitCode?: number };
};

export type SlimContainerStatus = {
  name: string;
  image: string;
  restartCount: number;
  state?: SlimContainerState;
  lastState?: SlimContainerState;
};

export type SlimPod = {
  metadata: SlimMeta & {
    deletionTimestamp?: string;
    ownerReferences?: ReadonlyArray<SlimOwner>;
  };
  spec?: { nodeName?: string; containers: ReadonlyArray<SlimContainer> };
  status?: {
    phase?: string;
    startTime?: string;
    conditions?: ReadonlyArray<{ type: string; status: string }>;
    containerStatuses?: ReadonlyArray<SlimContainerStatus>;
  };
};

export type SlimHorizontalPodAutoscaler = {
  metadata: SlimMeta;
  spec?: { minReplicas?: number; maxReplicas: number };
  status?: { currentReplicas?: number; desiredReplicas: number };
};

export type SlimEvent = {
  metadata: SlimMeta;
  involvedObject: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string };
  reportingComponent?: string;
};

export type SlimNode = {
  metadata: SlimMeta;
  status?: { allocatable?: Readonly<Record<string, string>> };
};

/** Jobs and CronJobs: listed for the cluster's health; no reader reads more yet. */
export type SlimObject = { metadata: SlimMeta };

export type SlimPodMetric = {
  metadata: { name: string; namespace: string };
  containers: ReadonlyArray<{
    name: string;
    usage: { cpu?: string; memory?: string };
  }>;
};

/** Values of `Interner.value` with one hash. */
class Collisions {
  constructor(readonly values: unknown[]) {}
}

/** FNV-1a over a JSON-like value's keys and leaves. */
function hashOf(value: unknown): number {
  let hash = 0x811c9dc5;
  const mix = (text: string) => {
    for (let c = 0; c < text.length; c++) {
      hash = Math.imul(hash ^ text.charCodeAt(c), 0x01000193);
    }
    hash = Math.imul(hash ^ 0xff, 0x01000193);
  };
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      mix('[');
      v.forEach(visit);
    } else if (v && typeof v === 'object') {
      mix('{');
      for (const [k, item] of Object.entries(v)) {
        mix(k);
        visit(item);
      }
    } else {
      mix(`${typeof v}:${String(v)}`);
    }
  };
  visit(value);
  return hash >>> 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k, i) =>
        k === kb[i] &&
        sameValue(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
        ),
    )
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Keeps one copy of equal strings and of equal small values, for the objects
 * of every cluster. Bounded: when a table is full it starts over, which only
 * means later objects no longer share with earlier ones.
 */
export class Interner {
  private strings = new Map<string, string>();
  /**
   * By a hash of the value (a key string per value would cost what sharing
   * saves); the rare values whose hashes collide share a `Collisions`.
   */
  private values = new Map<number, unknown>();
  private valueCount = 0;

  constructor(private readonly limit = 50_000) {}

  /** The one copy of `value`, or undefined for anything but a non-empty string. */
  string(value: unknown): string | undefined {
    if (typeof value !== 'string' || value === '') return undefined;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size >= this.limit) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  /** The one frozen copy of a JSON-like value (strings, numbers, booleans, arrays, objects) equal to `value`. */
  value<T>(value: T): T {
    const hash = hashOf(value);
    const found = this.values.get(hash);
    const known =
      found instanceof Collisions
        ? found.values.find(v => sameValue(v, value))
        : found;
    if (known !== undefined && sameValue(known, value)) return known as T;
    if (this.valueCount >= this.limit) {
      this.values.clear();
      this.valueCount = 0;
    }
    deepFreeze(value);
    const other = this.values.get(hash);
    if (other === undefined) this.values.set(hash, value);
    else if (other instanceof Collisions) other.values.push(value);
    else this.values.set(hash, new Collisions([other, value]));
    this.valueCount++;
    return value;
  }
}

const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null;
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

// Every object below is made by one literal with all its keys, some of them
// undefined: V8 then keeps its properties inside the object, where one added
// later costs a separate property array (at 100,000 Events, about 15 MiB).

/** Copies the listed keys that have a value; undefined when none has. */
function pick(
  from: unknown,
  keys: readonly string[],
  i: Interner,
): Record<string, string> | undefined {
  if (!isObject(from)) return undefined;
  let out: Record<string, string> | undefined;
  for (const key of keys) {
    const value = i.string(from[key]);
    if (value !== undefined) (out ??= {})[key] = value;
  }
  return out;
}

/** Every key of a string map, shared with other objects that have the same map. */
function stringMap(from: unknown, i: Interner) {
  if (!isObject(from)) return undefined;
  const out: Record<string, string> = {};
  let any = false;
  for (const [key, value] of Object.entries(from)) {
    if (typeof value !== 'string') continue;
    out[i.string(key) ?? key] = i.string(value) ?? '';
    any = true;
  }
  return any ? i.value(out) : undefined;
}

/*
 * Metadata of every kind: the name and namespace (the cache's index, every
 * reader), resourceVersion (the relist's change test), creationTimestamp (the
 * events route's last fallback for an event's time), labels (label selectors:
 * every query of a service's objects; the cost split reads pods' labels).
 * Dropped: managedFields (server-side apply's bookkeeping, often larger than
 * the object), uid except where noted, generateName, finalizers, annotations
 * except where noted.
 */
const nameOf = (m: any) => String(m?.name ?? '');
const versionOf = (m: any) =>
  m?.resourceVersion ? String(m.resourceVersion) : undefined;

function meta(m: any, i: Interner): SlimMeta {
  return {
    name: nameOf(m),
    namespace: i.string(m?.namespace),
    resourceVersion: versionOf(m),
    creationTimestamp: i.string(m?.creationTimestamp),
    labels: stringMap(m?.labels, i),
  };
}

/** Owners by uid: FleetRolloutObserver finds a Deployment's ReplicaSets and their pods so. */
function owners(refs: unknown, i: Interner): SlimOwner[] | undefined {
  if (!Array.isArray(refs) || refs.length === 0) return undefined;
  return i.value(
    refs.map(r => ({
      kind: i.string(r?.kind) ?? '',
      name: i.string(r?.name) ?? '',
      uid: i.string(r?.uid) ?? '',
    })),
  );
}

/**
 * Deployment conditions: liveState shows type, status, reason and message;
 * rolloutState and WorkloadIndex judge Progressing's reason. Their times are
 * not shown anywhere. Not shared: Progressing's message names a ReplicaSet.
 */
function conditions(list: unknown, i: Interner): SlimCondition[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map(c => ({
    type: i.string(c?.type) ?? '',
    status: i.string(c?.status) ?? '',
    reason: i.string(c?.reason),
    message: i.string(c?.message),
  }));
}

/**
 * Containers: the name (the logs route's choice of container, cost's join with
 * usage), the image (the version liveState and the fleet page show) and the
 * resource requests (liveState's use against requests, cost's allocation).
 * Dropped: env, ports, probes, volume mounts, limits, security context.
 */
function containers(list: unknown, i: Interner, withRequests: boolean) {
  if (!Array.isArray(list)) return [];
  return i.value(
    list.map(
      (c): SlimContainer =>
        withRequests
          ? {
              name: i.string(c?.name) ?? '',
              image: i.string(c?.image),
              resources: { requests: stringMap(c?.resources?.requests, i) },
            }
          : { name: i.string(c?.name) ?? '', image: i.string(c?.image) },
    ),
  );
}

/**
 * The revision ties a Deployment to its newest ReplicaSet (FleetRolloutObserver);
 * the release and order ids tell the worker, resuming after a crash, whether its
 * apply already landed (OrderExecutor.resumeApply).
 */
const DEPLOYMENT_ANNOTATIONS = [
  'deployment.kubernetes.io/revision',
  ANNOTATIONS.releaseId,
  ANNOTATIONS.orderId,
];
const REPLICASET_ANNOTATIONS = ['deployment.kubernetes.io/revision'];

/**
 * Deployments: readers are liveState (status read), WorkloadIndex (fleet page),
 * FleetRolloutObserver and rolloutState (the worker), events.ts (its name).
 */
export function slimDeployment(o: any, i: Interner): SlimDeployment {
  const m = o.metadata;
  const s = o.status;
  return {
    metadata: {
      name: nameOf(m),
      namespace: i.string(m?.namespace),
      resourceVersion: versionOf(m),
      creationTimestamp: i.string(m?.creationTimestamp),
      labels: stringMap(m?.labels, i),
      // The owner its ReplicaSets point to; is the status about the current spec.
      uid: i.string(m?.uid),
      generation: num(m?.generation),
      annotations: pick(m?.annotations, DEPLOYMENT_ANNOTATIONS, i),
    },
    // Desired replicas and the first container's image (the version shown).
    spec: isObject(o.spec)
      ? {
          replicas: num(o.spec.replicas),
          template: {
            spec: {
              containers: containers(
                o.spec.template?.spec?.containers,
                i,
                false,
              ),
            },
          },
        }
      : undefined,
    // The rollout's counts and conditions, as `kubectl rollout status` reads them.
    status: isObject(s)
      ? {
          observedGeneration: num(s.observedGeneration),
          replicas: num(s.replicas),
          updatedReplicas: num(s.updatedReplicas),
          readyReplicas: num(s.readyReplicas),
          availableReplicas: num(s.availableReplicas),
          conditions: conditions(s.conditions, i),
        }
      : undefined,
  };
}

/**
 * ReplicaSets: FleetRolloutObserver finds the newest of a Deployment (owner uid
 * and revision) and its pods (by the ReplicaSet's uid); events.ts knows a gone
 * pod by its ReplicaSet's name. Nobody reads their spec or status.
 */
export function slimReplicaSet(o: any, i: Interner): SlimReplicaSet {
  const m = o.metadata;
  const annotations = pick(m?.annotations, REPLICASET_ANNOTATIONS, i);
  return {
    metadata: {
      name: nameOf(m),
      namespace: i.string(m?.namespace),
      resourceVersion: versionOf(m),
      creationTimestamp: i.string(m?.creationTimestamp),
      labels: stringMap(m?.labels, i),
      uid: i.string(m?.uid),
      annotations: annotations && i.value(annotations),
      ownerReferences: owners(m?.ownerReferences, i),
    },
  };
}

/** A container's state: only whether it waits (and why), runs or ended. */
function state(s: unknown, i: Interner): SlimContainerState | undefined {
  if (!isObject(s)) return undefined;
  if (isObject(s.waiting)) {
    return {
      waiting: {
        reason: i.string(s.waiting.reason),
        message: i.string(s.waiting.message),
      },
    };
  }
  if (isObject(s.running)) return { running: {} };
  if (isObject(s.terminated)) {
    return {
      terminated: {
        reason: i.string(s.terminated.reason),
        exitCode: num(s.terminated.exitCode),
      },
    };
  }
  return undefined;
}

/**
 * Pods: readers are liveState (status read), fleetSamples (cost), logs.ts
 * (which pod, which container, is there a log), FleetRolloutObserver and
 * rolloutState (crash loops, image pulls), events.ts (its name).
 */
export function slimPod(o: any, i: Interner): SlimPod {
  const m = o.metadata;
  const s = o.status;
  // Only Ready is read (liveState); the other conditions are not shown.
  const ready = Array.isArray(s?.conditions)
    ? s.conditions.find((c: any) => c?.type === 'Ready')
    : undefined;
  return {
    metadata: {
      name: nameOf(m),
      namespace: i.string(m?.namespace),
      resourceVersion: versionOf(m),
      creationTimestamp: i.string(m?.creationTimestamp),
      labels: stringMap(m?.labels, i),
      // A deletion under way shows the pod as Terminating.
      deletionTimestamp: i.string(m?.deletionTimestamp),
      ownerReferences: owners(m?.ownerReferences, i),
    },
    // Where it runs and its containers (see `containers`). Dropped: volumes,
    // tolerations, affinity, env, probes, service account, DNS and the rest.
    spec: isObject(o.spec)
      ? {
          nodeName: i.string(o.spec.nodeName),
          containers: containers(o.spec.containers, i, true),
        }
      : undefined,
    status: isObject(s)
      ? {
          phase: i.string(s.phase),
          startTime: i.string(s.startTime),
          conditions: ready
            ? i.value([{ type: 'Ready', status: i.string(ready.status) ?? '' }])
            : undefined,
          // Restarts, what a container waits for, whether it has a previous log.
          // Dropped: IPs, QoS class, image and container ids, times.
          containerStatuses: Array.isArray(s.containerStatuses)
            ? i.value(
                s.containerStatuses.map(
                  (c: any): SlimContainerStatus => ({
                    name: i.string(c?.name) ?? '',
                    image: i.string(c?.image) ?? '',
                    restartCount: num(c?.restartCount) ?? 0,
                    state: state(c?.state, i),
                    lastState: state(c?.lastState, i),
                  }),
                ),
              )
            : undefined,
        }
      : undefined,
  };
}

/** HPAs: liveState and WorkloadIndex show their bounds and replicas. */
export function slimHorizontalPodAutoscaler(
  o: any,
  i: Interner,
): SlimHorizontalPodAutoscaler {
  return {
    metadata: meta(o.metadata, i),
    spec: isObject(o.spec)
      ? {
          minReplicas: num(o.spec.minReplicas),
          maxReplicas: num(o.spec.maxReplicas) ?? 0,
        }
      : undefined,
    status: isObject(o.status)
      ? {
          currentReplicas: num(o.status.currentReplicas),
          desiredReplicas: num(o.status.desiredReplicas) ?? 0,
        }
      : undefined,
  };
}

/**
 * Events: what the events route shows (type, reason, message, subject, count,
 * first and last time, source) and what it finds them by (namespace, subject's
 * kind and name). Dropped: the subject's uid, apiVersion, namespace,
 * resourceVersion and fieldPath, the event's uid, the source's host,
 * reportingInstance, action, related, and the event's own resourceVersion: no
 * reader waits for an Event to change, so a relist need not tell a changed
 * Event from an unchanged one (it still keeps the new one). At 100,000 Events
 * each field kept costs 1–5 MiB.
 */
export function slimEvent(o: any, i: Interner): SlimEvent {
  const m = o.metadata;
  const about = o.involvedObject;
  const subject = text(about?.name);
  const message = text(o.message);
  const component = i.string(o.source?.component);
  const labels = stringMap(m?.labels, i);
  const event: SlimEvent = {
    // Events seldom have labels, and nobody selects them by label: no key for none.
    metadata: labels
      ? {
          name: nameOf(m),
          namespace: i.string(m?.namespace),
          creationTimestamp: i.string(m?.creationTimestamp),
          labels,
        }
      : {
          name: nameOf(m),
          namespace: i.string(m?.namespace),
          creationTimestamp: i.string(m?.creationTimestamp),
        },
    // Every event about the same object shares one subject.
    involvedObject: i.value({ kind: i.string(about?.kind), name: subject }),
    reason: i.string(o.reason),
    // Messages naming their subject ("Created pod: x", "Successfully assigned
    // ns/x to node") are each their own; the rest ("Created container: app")
    // repeat for every pod of a service and are kept once.
    message:
      message && subject && message.includes(subject)
        ? message
        : i.string(message),
    type: i.string(o.type),
    count: num(o.count),
    firstTimestamp: i.string(o.firstTimestamp),
    lastTimestamp: i.string(o.lastTimestamp),
    // The route shows source.component, else reportingComponent: keep what it reads.
    source: component ? i.value({ component }) : undefined,
  };
  const eventTime = i.string(o.eventTime);
  const reporting = component ? undefined : i.string(o.reportingComponent);
  if (!eventTime && !isObject(o.series) && !reporting) return event;
  // Events of the newer API (events.k8s.io, or core/v1 with a series): a second
  // shape, so that the many without these keys do not carry them.
  return {
    ...event,
    eventTime,
    series: isObject(o.series)
      ? {
          count: num(o.series.count),
          lastObservedTime: i.string(o.series.lastObservedTime),
        }
      : undefined,
    reportingComponent: reporting,
  };
}

/**
 * When an event last happened, as the events route orders them: the series'
 * last observation, else lastTimestamp, eventTime, creationTimestamp. NaN when
 * it has none of them.
 */
export function eventLastSeen(e: SlimEvent): number {
  return Date.parse(
    e.series?.lastObservedTime ??
      e.lastTimestamp ??
      e.eventTime ??
      e.metadata.creationTimestamp ??
      '',
  );
}

/** The instance type prices a node's hour (cost/fleetSamples, INSTANCE_TYPE_LABEL). */
const NODE_LABELS = ['node.kubernetes.io/instance-type'];

/** Nodes: fleetSamples prices them by instance type and allocatable CPU and memory. */
export function slimNode(o: any, i: Interner): SlimNode {
  const m = o.metadata;
  const labels = pick(m?.labels, NODE_LABELS, i);
  const allocatable = pick(o.status?.allocatable, ['cpu', 'memory'], i);
  return {
    metadata: {
      name: nameOf(m),
      namespace: undefined,
      resourceVersion: versionOf(m),
      creationTimestamp: i.string(m?.creationTimestamp),
      labels: labels && i.value(labels),
    },
    status: allocatable ? { allocatable: i.value(allocatable) } : undefined,
  };
}

/** Jobs and CronJobs: their names and labels. */
export function slimMetadataOnly(o: any, i: Interner): SlimObject {
  return { metadata: meta(o.metadata, i) };
}

/** Pod metrics: liveState and fleetSamples read each container's CPU and memory use. */
export function slimPodMetric(o: any, i: Interner): SlimPodMetric {
  return {
    metadata: {
      name: nameOf(o.metadata),
      namespace: i.string(o.metadata?.namespace) ?? '',
    },
    // Usage figures are not shared: they change with every poll, and would
    // only crowd the Interner's table.
    containers: Array.isArray(o.containers)
      ? o.containers.map((c: any) => ({
          name: i.string(c?.name) ?? '',
          usage: { cpu: text(c?.usage?.cpu), memory: text(c?.usage?.memory) },
        }))
      : [],
  };
}
