import { randomBytes } from 'node:crypto';
import { RESOURCES } from '../api/registry';
import { storageKey } from '../api/resourceType';
import { errors } from '../api/status';
import { ObjectStore } from '../store/ObjectStore';
import { Clock } from '../util/clock';
import { ResourceApi } from './ResourceApi';
import { EventRecorder } from './EventRecorder';
import { Faults } from './faults';
import { RequestCounter } from './RequestCounter';
import { UsageModel } from './UsageModel';
import { NodeSpec, makeNode } from './nodes';

export interface ClusterOptions {
  name: string;
  clock: Clock;
  nodes: NodeSpec;
  /** Bearer tokens; generated when not given. */
  token?: string;
  readOnlyToken?: string;
}

export interface Controller {
  start(): void;
  stop?(): void;
}

/**
 * One simulated cluster: its store, write path, controllers, usage model,
 * faults and request counters. The HTTP server in `server/` serves it.
 */
export class Cluster {
  readonly name: string;
  readonly clock: Clock;
  readonly store: ObjectStore;
  readonly api: ResourceApi;
  readonly events: EventRecorder;
  readonly faults = new Faults();
  readonly requests = new RequestCounter();
  readonly usage: UsageModel;
  readonly token: string;
  readonly readOnlyToken: string;
  /** Closers of open watch and log-follow streams. */
  readonly watches = new Set<() => void>();
  private readonly controllers: Controller[] = [];

  constructor(readonly options: ClusterOptions) {
    this.name = options.name;
    this.clock = options.clock;
    this.store = new ObjectStore({ clock: this.clock });
    this.api = new ResourceApi(this.store, this.clock);
    this.events = new EventRecorder(this.api);
    this.usage = new UsageModel(this.clock);
    this.token = options.token ?? `${options.name}-${randomBytes(16).toString('hex')}`;
    this.readOnlyToken = options.readOnlyToken ?? `${options.name}-ro-${randomBytes(16).toString('hex')}`;
    this.bootstrap();
  }

  /** The objects every fresh cluster has. */
  private bootstrap() {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.api.create(RESOURCES.namespaces, undefined, { metadata: { name: ns } });
    }
    const { count } = this.options.nodes;
    for (let i = 0; i < count; i++) {
      this.api.create(RESOURCES.nodes, undefined, makeNode(this.name, i, this.options.nodes, this.clock.nowIso()), { internal: true });
    }
  }

  addController(c: Controller) {
    this.controllers.push(c);
  }

  start() {
    for (const c of this.controllers) c.start();
  }

  /** Ends every open watch and log stream; clients reconnect from their last version. */
  closeWatches() {
    for (const close of [...this.watches]) close();
  }

  /** Closes streams and stops controllers (the clock is stopped by the owner). */
  stop() {
    for (const close of [...this.watches]) close();
    for (const c of this.controllers) c.stop?.();
  }

  /** The Binding subresource: what a scheduler posts to place a pod. */
  bindPod(ns: string, name: string, node: string | undefined) {
    if (!node) throw errors.badRequest('Binding.target.name is required');
    const pod = this.api.get(RESOURCES.pods, ns, name);
    if (pod.spec.nodeName) throw errors.conflict(RESOURCES.pods, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    pod.spec.nodeName = node;
    this.api.writeInternal(RESOURCES.pods, pod);
  }

  /** Marks a node Ready or NotReady, as the node lifecycle controller would see its kubelet. */
  setNodeReady(name: string, ready: boolean) {
    const node = this.api.get(RESOURCES.nodes, undefined, name);
    const now = this.clock.nowIso();
    for (const c of node.status.conditions) {
      if (c.type !== 'Ready') continue;
      const status = ready ? 'True' : 'Unknown';
      if (c.status !== status) c.lastTransitionTime = now;
      c.status = status;
      c.reason = ready ? 'KubeletReady' : 'NodeStatusUnknown';
      c.message = ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.';
      c.lastHeartbeatTime = now;
    }
    this.api.writeInternal(RESOURCES.nodes, node);
  }

  nodeNames(): string[] {
    return this.store.list(storageKey(RESOURCES.nodes)).map(n => n.metadata.name);
  }
}
