/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { ChildProcess, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { createServer } from 'node:net';

/** A child process of the bench, its output in a log file. */
export type Child = {
  pid: number;
  /** Milliseconds since the process was spawned (performance clock). */
  startedAt: number;
  /** Lines of output so far, with the time each arrived. */
  lines: Array<{ at: number; text: string }>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
};

export function startChild(
  args: string[],
  logFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Child {
  const startedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  const lines: Child['lines'] = [];
  let partial = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const at = performance.now();
    partial += chunk.toString();
    let i = partial.indexOf('\n');
    while (i >= 0) {
      lines.push({ at, text: partial.slice(0, i) });
      partial = partial.slice(i + 1);
      i = partial.indexOf('\n');
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', code => {
      log.end();
      resolve(code);
    }),
  );
  return {
    pid: child.pid!,
    startedAt,
    lines,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident set size of a process, from /proc (MiB), and its peak. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return {
    rssMiB: Math.round(kb('VmRSS') / 1024),
    peakMiB: Math.round(kb('VmHWM') / 1024),
  };
}

/** A port nobody listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls `check` until it returns a value, or throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs, intervalMs = 100 }: { timeoutMs: number; intervalMs?: number },
  child?: Child,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (child && (await Promise.race([child.exited, sleep(0)])) !== undefined) {
      throw new Error(`${what}: the process exited`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
    }
    await sleep(intervalMs);
  }
}

export function readJsonIfExists<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // still being written
  }
}

/**
 * CPU time a process has used so far (ms), all its threads (V8's GC and compiler
 * threads too), from the scheduler's nanosecond counters rather than /proc's 10 ms ticks.
 */
export function cpuTimeMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(
        readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(
          ' ',
        )[0],
      );
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

/**
 * Waits until the processes `pids` together used less than `maxShare` of one core over
 * `windowMs` (start-up work done); gives up after `timeoutMs`. Says which, and the share
 * of the last window.
 */
export async function untilQuiet(
  pids: number[],
  {
    windowMs,
    maxShare,
    timeoutMs,
  }: { windowMs: number; maxShare: number; timeoutMs: number },
): Promise<{ quiet: boolean; waitedMs: number; lastShare: number }> {
  const start = performance.now();
  const used = () => pids.reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
  let before = used();
  for (;;) {
    await sleep(windowMs);
    const now = used();
    const waitedMs = performance.now() - start;
    const lastShare = (now - before) / windowMs;
    if (lastShare < maxShare) return { quiet: true, waitedMs, lastShare };
    if (waitedMs >= timeoutMs) return { quiet: false, waitedMs, lastShare };
    before = now;
  }
}
