import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(60_000);

const BIN = resolve(__dirname, '../../bin/kube-sim');

describe('kube-sim command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its flags with --help', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    for (const flag of ['--clusters', '--nodes', '--node-cpu', '--node-memory', '--port', '--kubeconfig', '--scenario', '--time-scale']) {
      expect(out).toContain(flag);
    }
  });

  it('starts the clusters of a scenario, writes a kubeconfig and stops cleanly on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const scenario = join(dir, 'scenario.yaml');
    writeFileSync(
      scenario,
      `clusters: [east]
objects:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: hello, namespace: shop}
    data: {greeting: hi}
`,
    );
    const child = spawn(process.execPath, [BIN, '--clusters', 'east,west', '--port', '0', '--nodes', '2', '--node-cpu', '4', '--kubeconfig', kubeconfig, '--scenario', scenario, '--time-scale', '50']);
    let out = '';
    child.stdout.on('data', d => {
      out += d;
    });
    child.stderr.on('data', d => {
      out += d;
    });
    // 'close', not 'exit': only then has everything the child printed been read.
    const exited = new Promise<number | null>(r => child.on('close', code => r(code)));
    const deadline = Date.now() + 30_000;
    while (!out.includes('control API') && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
    expect(out).toMatch(/cluster east: https:\/\/127\.0\.0\.1:\d+/);
    expect(readFileSync(kubeconfig, 'utf8')).toContain('name: west-readonly');
    const kubectl = (...args: string[]) => execFileSync('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
    expect(kubectl('--context', 'east', 'get', 'configmap', 'hello', '-n', 'shop', '-o', 'jsonpath={.data.greeting}')).toBe('hi');
    expect(kubectl('--context', 'west', 'get', 'namespaces', '-o', 'name')).not.toContain('shop');
    expect(kubectl('--context', 'west', 'get', 'nodes', '-o', 'jsonpath={.items[*].status.allocatable.cpu}')).toBe('4 4');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM: stopping kube-sim');
  });
});
