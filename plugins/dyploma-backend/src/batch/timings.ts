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

import { JsonObject } from '@backstage/types';

/**
 * Where a batch request's time went: the wall time of each phase (plan, store, orders...)
 * and, for steps that run per item and overlap, their count and summed time. Logged with
 * the batch, so a slow accept can be explained from the log alone (bench/batch-accept
 * reads it).
 */
export class Timings {
  private readonly started = performance.now();
  private lapped = this.started;
  private readonly phases: Record<string, number> = {};
  private readonly steps: Record<string, { count: number; ms: number }> = {};

  /** Runs a phase, adding its wall time to the phase of that name. */
  async phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.phases[name] = (this.phases[name] ?? 0) + performance.now() - start;
    }
  }

  /** Ends a phase that began at the previous lap (or at the start). */
  lap(name: string) {
    const now = performance.now();
    this.phases[name] = (this.phases[name] ?? 0) + now - this.lapped;
    this.lapped = now;
  }

  /** Runs one item's step, counting it and adding its time to the step of that name. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      const step = (this.steps[name] ??= { count: 0, ms: 0 });
      step.count++;
      step.ms += performance.now() - start;
    }
  }

  toJSON(): JsonObject {
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      totalMs: round(performance.now() - this.started),
      phasesMs: Object.fromEntries(
        Object.entries(this.phases).map(([k, ms]) => [k, round(ms)]),
      ),
      steps: Object.fromEntries(
        Object.entries(this.steps).map(([k, s]) => [
          k,
          {
            count: s.count,
            totalMs: round(s.ms),
            avgMs: round(s.ms / s.count),
          },
        ]),
      ),
    };
  }
}
