/**
 * Fault injection state of one cluster, set through the control API.
 * Error answers are deterministic: a fraction f fails exactly every 1/f
 * requests (an accumulator), so tests can count on the outcome.
 */
export interface FaultSettings {
  /** Delay added before every API answer, in real milliseconds. */
  latencyMs: number;
  /** Fraction (0..1) of resource requests answered with each status code. */
  errorRates: { 429?: number; 500?: number; 503?: number };
  /** Watches stay open but deliver nothing (no events, no bookmarks). */
  stallWatches: boolean;
}

export class Faults implements FaultSettings {
  latencyMs = 0;
  errorRates: FaultSettings['errorRates'] = {};
  stallWatches = false;
  private readonly acc: Record<number, number> = {};

  set(s: Partial<FaultSettings>) {
    if (s.latencyMs !== undefined) this.latencyMs = Math.max(0, Number(s.latencyMs));
    if (s.errorRates !== undefined) {
      this.errorRates = {};
      for (const [code, rate] of Object.entries(s.errorRates)) {
        if (!['429', '500', '503'].includes(code)) throw new Error(`unsupported error code ${code}: use 429, 500 or 503`);
        const r = Number(rate);
        if (!(r >= 0 && r <= 1)) throw new Error(`error rate for ${code} must be between 0 and 1`);
        (this.errorRates as any)[code] = r;
        this.acc[Number(code)] = 0;
      }
    }
    if (s.stallWatches !== undefined) this.stallWatches = !!s.stallWatches;
  }

  reset() {
    this.set({ latencyMs: 0, errorRates: {}, stallWatches: false });
  }

  /** The status code to fail this request with, if any. */
  nextError(): 429 | 500 | 503 | undefined {
    for (const code of [429, 500, 503] as const) {
      const rate = this.errorRates[code] ?? 0;
      if (rate <= 0) continue;
      this.acc[code] = (this.acc[code] ?? 0) + rate;
      if (this.acc[code] >= 1 - 1e-9) {
        this.acc[code] -= 1;
        return code;
      }
    }
    return undefined;
  }

  toJSON(): FaultSettings {
    return { latencyMs: this.latencyMs, errorRates: { ...this.errorRates }, stallWatches: this.stallWatches };
  }
}
