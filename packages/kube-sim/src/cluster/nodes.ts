/** How the simulator builds its Node objects. */
export interface NodeSpec {
  count: number;
  /** Allocatable CPU (quantity), e.g. "8". */
  cpu: string;
  /** Allocatable memory (quantity), e.g. "32Gi". */
  memory: string;
  /** Allocatable pods (kubelet default 110). */
  pods: number;
}

export const DEFAULT_NODES: NodeSpec = { count: 3, cpu: '8', memory: '32Gi', pods: 110 };

export function makeNode(cluster: string, i: number, spec: NodeSpec, now: string) {
  const name = `${cluster}-node-${i + 1}`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) + 1}`;
  const capacity = { cpu: spec.cpu, memory: spec.memory, pods: String(spec.pods), 'ephemeral-storage': '100Gi' };
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now,
  });
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/region': cluster,
        'topology.kubernetes.io/zone': `${cluster}-${String.fromCharCode(97 + (i % 3))}`,
        'node.kubernetes.io/instance-type': 'sim.standard',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: `10.244.${i % 256}.0/24`, podCIDRs: [`10.244.${i % 256}.0/24`] },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: name,
        systemUUID: name,
        bootID: name,
        kernelVersion: '6.1.0-kube-sim',
        osImage: 'kube-sim',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: 'v1.32.0',
        kubeProxyVersion: 'v1.32.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
