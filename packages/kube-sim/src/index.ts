export { startKubeSim } from './sim/startKubeSim';
export type { KubeSim, KubeSimOptions, KubeSimClusterInfo } from './sim/startKubeSim';
export { Cluster } from './cluster/Cluster';
export type { FaultSettings } from './cluster/faults';
export type { RequestCount } from './cluster/RequestCounter';
