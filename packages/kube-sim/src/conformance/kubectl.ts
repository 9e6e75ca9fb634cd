import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeSim } from '../sim/startKubeSim';

export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real kubectl against a simulator through a kubeconfig it wrote. */
export function kubectlFor(sim: KubeSim) {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, sim.kubeconfigYaml(), { mode: 0o600 });
  // A private cache dir keeps discovery caches of different runs apart.
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache')];

  function run(args: string[], input?: string): Promise<KubectlResult> {
    return new Promise(resolve => {
      const child = execFile(KUBECTL, [...base, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr });
      });
      if (input !== undefined) {
        child.stdin!.write(input);
        child.stdin!.end();
      }
    });
  }

  /** Starts a long-running kubectl (get -w, logs -f) and collects its output. */
  function stream(args: string[]) {
    const child = spawn(KUBECTL, [...base, ...args]);
    let out = '';
    child.stdout.on('data', d => {
      out += d.toString();
    });
    child.stderr.on('data', d => {
      out += d.toString();
    });
    const exited = new Promise<void>(r => child.on('exit', () => r()));
    return {
      output: () => out,
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
      },
    };
  }

  return { run, stream, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
