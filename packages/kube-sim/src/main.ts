import { parseArgs } from 'node:util';
import { startKubeSim } from './sim/startKubeSim';
import { DEFAULT_NODES } from './cluster/nodes';

const HELP = `kube-sim: a Kubernetes API simulator (one HTTP API server per cluster)

Usage: yarn kube-sim [options]

Options:
  --clusters <names>     Comma-separated cluster names (default: dc1,dc2,dc3)
  --nodes <n>            Nodes per cluster (default: ${DEFAULT_NODES.count})
  --node-cpu <qty>       Allocatable CPU per node (default: ${DEFAULT_NODES.cpu})
  --node-memory <qty>    Allocatable memory per node (default: ${DEFAULT_NODES.memory})
  --node-pods <n>        Allocatable pods per node (default: ${DEFAULT_NODES.pods})
  --port <n>             Port of the first cluster; the others follow, then the
                         control API (default: 6443; 0 = ephemeral ports)
  --host <addr>          Address to listen on (default: 127.0.0.1)
  --kubeconfig <file>    Write a kubeconfig with one context per cluster
                         (and <name>-readonly contexts with the read-only token)
  --scenario <file>      YAML file of objects to pre-create (see README)
  --time-scale <x>       Simulated seconds per real second (default: 1)
  --token <t>            Use this read-write token on every cluster (demo setups)
  --read-only-token <t>  Use this read-only token on every cluster
  -h, --help             Show this help
`;

async function main() {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string', default: 'dc1,dc2,dc3' },
      nodes: { type: 'string' },
      'node-cpu': { type: 'string' },
      'node-memory': { type: 'string' },
      'node-pods': { type: 'string' },
      port: { type: 'string', default: '6443' },
      host: { type: 'string', default: '127.0.0.1' },
      kubeconfig: { type: 'string' },
      scenario: { type: 'string' },
      'time-scale': { type: 'string', default: '1' },
      token: { type: 'string' },
      'read-only-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const names = values.clusters!.split(',').map(s => s.trim()).filter(Boolean);
  const num = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag}: expected a number, got '${v}'`);
    return n;
  };
  const tokens = Object.fromEntries(names.map(n => [n, { token: values.token, readOnlyToken: values['read-only-token'] }]));
  const sim = await startKubeSim({
    clusters: names,
    nodes: {
      ...(values.nodes !== undefined ? { count: num(values.nodes, 'nodes') } : {}),
      ...(values['node-cpu'] ? { cpu: values['node-cpu'] } : {}),
      ...(values['node-memory'] ? { memory: values['node-memory'] } : {}),
      ...(values['node-pods'] ? { pods: num(values['node-pods'], 'node-pods') } : {}),
    },
    port: num(values.port, 'port'),
    host: values.host,
    kubeconfig: values.kubeconfig,
    scenario: values.scenario,
    timeScale: num(values['time-scale'], 'time-scale'),
    tokens,
  });
  for (const c of sim.clusters) {
    process.stdout.write(`cluster ${c.name}: ${c.url}  token=${c.token}  read-only token=${c.readOnlyToken}\n`);
  }
  process.stdout.write(`control API: ${sim.controlUrl}/control/v1\n`);
  if (sim.kubeconfig) process.stdout.write(`kubeconfig: ${sim.kubeconfig}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping kube-sim\n`);
    sim.stop().then(
      () => process.exit(0),
      e => {
        process.stderr.write(`${e}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch(e => {
  process.stderr.write(`kube-sim: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
