import { parseQuantity } from '../util/quantity';
import { unitHash } from '../util/hash';
import { Clock } from '../util/clock';

/**
 * Deterministic CPU/memory usage per container: a baseline per workload
 * (the pod's owner, so replicas look alike) scaled to its requests, plus
 * noise that changes once per simulated minute. Served by the metrics API
 * and read by the HPA controller. `setLoad` lets tests drive a workload.
 */
export class UsageModel {
  /** Multipliers per "namespace/workload-prefix" set by tests or scenarios. */
  private readonly load = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  setLoad(namespace: string, workload: string, factor: number) {
    this.load.set(`${namespace}/${workload}`, factor);
  }

  private workloadOf(pod: any): string {
    const labels = pod.metadata.labels ?? {};
    const hash = labels['pod-template-hash'];
    const owner = pod.metadata.ownerReferences?.[0]?.name ?? pod.metadata.name;
    return hash && owner.endsWith(`-${hash}`) ? owner.slice(0, -hash.length - 1) : owner;
  }

  containerUsage(pod: any, container: any): { cpu: number; memory: number } {
    const workload = this.workloadOf(pod);
    const base = unitHash(`${pod.metadata.namespace}/${workload}/${container.name}`);
    const minute = Math.floor((Date.now() * this.clock.timeScale) / 60_000);
    const noise = unitHash(`${pod.metadata.name}/${container.name}/${minute}`) * 0.2 - 0.1;
    const load = this.load.get(`${pod.metadata.namespace}/${workload}`) ?? 1;
    const req = container.resources?.requests ?? {};
    const cpuReq = req.cpu ? parseQuantity(req.cpu) : 0.1;
    const memReq = req.memory ? parseQuantity(req.memory) : 128 * 2 ** 20;
    const cpu = Math.max(0.001, cpuReq * (0.2 + 0.5 * base) * (1 + noise) * load);
    const memory = Math.max(4 * 2 ** 20, memReq * (0.4 + 0.4 * base) * (1 + noise / 2));
    return { cpu, memory };
  }
}
