import { writeFile } from 'node:fs/promises';
import { Clock } from '../util/clock';
import { Cluster } from '../cluster/Cluster';
import { DEFAULT_NODES, NodeSpec } from '../cluster/nodes';
import { ClusterServer } from '../server/ClusterServer';
import { ControlServer } from '../control/ControlServer';
import { installControllers } from '../controllers';
import { kubeconfigYaml } from './kubeconfig';
import { loadScenario } from './scenario';
import { selfSignedCert } from '../util/selfSignedCert';

export interface KubeSimOptions {
  /** Cluster names; default dc1, dc2, dc3. */
  clusters?: string[];
  /** Nodes per cluster and their allocatable resources. */
  nodes?: Partial<NodeSpec>;
  /** Port of the first cluster; the next clusters use the following ports. 0 = ephemeral. */
  port?: number;
  /** Port of the control API; default: the port after the last cluster (ephemeral if port is 0). */
  controlPort?: number;
  host?: string;
  /** Simulated seconds per real second (e.g. 100 in tests). Default 1. */
  timeScale?: number;
  /** Write a kubeconfig with a context per cluster to this file. */
  kubeconfig?: string;
  /** A scenario file (YAML) or object to pre-create namespaces and workloads. */
  scenario?: string | object;
  /** Fixed tokens (handy for demos); generated otherwise. */
  tokens?: Record<string, { token?: string; readOnlyToken?: string }>;
  /** Run controllers (default true). Off gives a pure API store. */
  controllers?: boolean;
}

export interface KubeSimClusterInfo {
  name: string;
  url: string;
  token: string;
  readOnlyToken: string;
  /** Base64 PEM CA certificate that signed the cluster's serving certificate. */
  caData: string;
}

export interface KubeSim {
  /** PEM of the CA certificate (same for every cluster). */
  ca: string;
  clusters: KubeSimClusterInfo[];
  controlUrl: string;
  kubeconfig?: string;
  /** In-process access to a cluster's internals (store, faults, counters). */
  cluster(name: string): Cluster;
  server(name: string): ClusterServer;
  kubeconfigYaml(): string;
  stop(): Promise<void>;
}

/** Starts the simulator in-process: one HTTP server per cluster plus the control API. */
export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeSim> {
  const names = options.clusters ?? ['dc1', 'dc2', 'dc3'];
  const clock = new Clock(options.timeScale ?? 1);
  const nodes: NodeSpec = { ...DEFAULT_NODES, ...options.nodes };
  const host = options.host ?? '127.0.0.1';
  const cert = selfSignedCert('kube-sim', [host === '0.0.0.0' ? '127.0.0.1' : host, '127.0.0.1'], ['localhost']);
  const caData = Buffer.from(cert.certPem).toString('base64');
  const clusters: Cluster[] = [];
  const servers: ClusterServer[] = [];
  try {
    for (const [i, name] of names.entries()) {
      const cluster = new Cluster({ name, clock, nodes, ...options.tokens?.[name] });
      if (options.controllers !== false) installControllers(cluster);
      const server = new ClusterServer(cluster, cert, host);
      await server.listen(options.port ? options.port + i : 0);
      clusters.push(cluster);
      servers.push(server);
    }
    const controlPort = options.controlPort ?? (options.port ? options.port + names.length : 0);
    const control = new ControlServer(servers, host);
    await control.listen(controlPort);
    if (options.scenario) {
      await loadScenario(clusters, options.scenario);
    }
    for (const c of clusters) c.start();

    const info = () =>
      servers.map(s => ({ name: s.cluster.name, url: s.url, token: s.cluster.token, readOnlyToken: s.cluster.readOnlyToken, caData }));
    if (options.kubeconfig) await writeFile(options.kubeconfig, kubeconfigYaml(info()), { mode: 0o600 });

    let stopped = false;
    return {
      ca: cert.certPem,
      clusters: info(),
      controlUrl: control.url,
      kubeconfig: options.kubeconfig,
      cluster(name) {
        const c = clusters.find(x => x.name === name);
        if (!c) throw new Error(`no cluster named ${name}`);
        return c;
      },
      server(name) {
        const s = servers.find(x => x.cluster.name === name);
        if (!s) throw new Error(`no cluster named ${name}`);
        return s;
      },
      kubeconfigYaml: () => kubeconfigYaml(info()),
      async stop() {
        if (stopped) return;
        stopped = true;
        clock.stop();
        for (const c of clusters) c.stop();
        await control.close();
        await Promise.all(servers.map(s => s.down()));
      },
    };
  } catch (e) {
    clock.stop();
    for (const c of clusters) c.stop();
    await Promise.all(servers.map(s => s.down()));
    throw e;
  }
}
