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

/**
 * The bench backend's event-loop delay, opt in (`BENCH_LOOP_LOG=<file>`, set by
 * `bench/status-read/run --loop-log <file>`): every 10 s one JSON line with the delay's
 * p50, p99 and max (perf_hooks.monitorEventLoopDelay, 10 ms timer, its resolution taken
 * off: 0 is a timer on time), and every block of the loop longer than 5 ms with when it
 * ended, seen by a 5 ms timer (a block of B ms delays its next tick by B, less up to 5),
 * and the CPU time the loop's thread used meanwhile: on a shared machine a block of the
 * wall clock may be the process waiting for a core; its CPU time is the loop's own work
 * (JavaScript and the GC's pauses on that thread).
 */
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** One line of the log: a window of `windowMs` ending at `at` (epoch ms). */
export type LoopLogLine = {
  at: number;
  windowMs: number;
  p50: number;
  p99: number;
  max: number;
  over5: number;
  over10: number;
  over20: number;
  /** Blocks whose own CPU time was over 5, 10, 20 ms. */
  cpuOver5: number;
  cpuOver10: number;
  cpuOver20: number;
  /** Each block over 5 ms: [when it ended (epoch ms), its length (ms), its thread's CPU (ms)]. */
  blocks: Array<[number, number, number]>;
};

const RESOLUTION_MS = 10;
const TICK_MS = 5;
const WINDOW_MS = 10_000;

export function startLoopLog(file: string) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let blocks: Array<[number, number, number]> = [];
  const threadCpuMs = () => {
    const { user, system } = process.threadCpuUsage();
    return (user + system) / 1000;
  };
  let last = performance.now();
  let lastCpu = threadCpuMs();
  const tick = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const late = now - last - TICK_MS;
    if (late > 5) {
      blocks.push([Date.now(), +late.toFixed(1), +(cpu - lastCpu).toFixed(1)]);
    }
    last = now;
    lastCpu = cpu;
  }, TICK_MS);
  tick.unref();
  const ms = (ns: number) => +Math.max(0, ns / 1e6 - RESOLUTION_MS).toFixed(2);
  const flush = setInterval(() => {
    const line: LoopLogLine = {
      at: Date.now(),
      windowMs: WINDOW_MS,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      over5: blocks.length,
      over10: blocks.filter(([, b]) => b > 10).length,
      over20: blocks.filter(([, b]) => b > 20).length,
      cpuOver5: blocks.filter(([, , c]) => c > 5).length,
      cpuOver10: blocks.filter(([, , c]) => c > 10).length,
      cpuOver20: blocks.filter(([, , c]) => c > 20).length,
      blocks,
    };
    histogram.reset();
    blocks = [];
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, WINDOW_MS);
  flush.unref();
}

/**
 * The blocks of a log between two times (epoch ms): how many per minute over 5, 10 and
 * 20 ms, the longest, and the windows' worst p99.
 */
export function summariseLoopLog(
  lines: LoopLogLine[],
  from: number,
  to: number,
) {
  const inWindow = lines
    .flatMap(l => l.blocks)
    .filter(([at]) => at >= from && at <= to);
  const minutes = (to - from) / 60_000;
  const summary = (ms: number[]) => {
    const perMinute = (over: number) =>
      +(ms.filter(b => b > over).length / minutes).toFixed(1);
    return {
      max: Math.max(0, ...ms),
      perMinute: {
        over5: perMinute(5),
        over10: perMinute(10),
        over20: perMinute(20),
      },
      longest: [...ms].sort((a, b) => b - a).slice(0, 8),
    };
  };
  const windows = lines.filter(l => l.at - l.windowMs >= from && l.at <= to);
  return {
    seconds: Math.round((to - from) / 1000),
    /** Blocks by the wall clock: what a request waiting on the loop saw. */
    wallMs: summary(inWindow.map(([, b]) => b)),
    /** The same blocks by their own CPU time: the loop's work, not the wait for a core. */
    cpuMs: summary(inWindow.map(([, , c]) => c)),
    worstWindowP99Ms: Math.max(0, ...windows.map(l => l.p99)),
  };
}
