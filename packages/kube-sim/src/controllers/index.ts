import type { Cluster } from '../cluster/Cluster';
import { DeploymentController } from './deploymentController';
import { ReplicaSetController } from './replicaSetController';
import { Scheduler } from './scheduler';
import { Kubelet } from './kubelet';
import { GarbageCollector } from './garbageCollector';
import { NodeLifecycleController } from './nodeLifecycle';
import { JobController } from './jobController';
import { CronJobController } from './cronJobController';
import { HpaController } from './hpaController';
import { DisruptionController } from './disruptionController';

/** Wires the controllers of a control plane and the kubelets into a cluster. */
export function installControllers(cluster: Cluster) {
  const kubelet = new Kubelet(cluster);
  cluster.addController(new GarbageCollector(cluster));
  cluster.addController(new DeploymentController(cluster));
  cluster.addController(new ReplicaSetController(cluster));
  cluster.addController(new Scheduler(cluster));
  cluster.addController(kubelet);
  cluster.addController(new NodeLifecycleController(cluster, kubelet));
  cluster.addController(new JobController(cluster));
  cluster.addController(new CronJobController(cluster));
  cluster.addController(new HpaController(cluster));
  cluster.addController(new DisruptionController(cluster));
}
