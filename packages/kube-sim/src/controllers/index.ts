import type { Cluster } from '../cluster/Cluster';

/** Wires the controllers of a real control plane and kubelet into a cluster. */
export function installControllers(cluster: Cluster) {
  void cluster;
}
