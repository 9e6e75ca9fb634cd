/**
 * Simulated time. Timestamps written into objects are real wall-clock time
 * (so `kubectl` shows sane ages), while every delay a controller waits for is
 * expressed in simulated milliseconds and divided by the time-scale factor.
 * That keeps the real ordering of a rollout while letting tests run fast.
 */
export class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private readonly startedAt = Date.now();

  constructor(readonly timeScale: number = 1) {
    if (!(timeScale > 0)) {
      throw new Error(`time scale must be > 0, got ${timeScale}`);
    }
  }

  /** Wall-clock now, as Kubernetes writes it (RFC 3339, second precision). */
  nowIso(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Micro-time as used by events.k8s.io and managedFields-free fields. */
  nowMicroIso(): string {
    return new Date().toISOString().replace(/Z$/, '000Z');
  }

  /**
   * Simulated wall-clock time: starts at the real time and runs timeScale
   * times faster. Only schedules (CronJob) use it; object timestamps stay real.
   */
  simNow(): number {
    return this.startedAt + (Date.now() - this.startedAt) * this.timeScale;
  }

  /** Simulated milliseconds elapsed since a timestamp written by nowIso(). */
  simSince(iso: string | undefined): number {
    if (!iso) return 0;
    return (Date.now() - Date.parse(iso)) * this.timeScale;
  }

  /** Runs fn after `simMs` simulated milliseconds. */
  after(simMs: number, fn: () => void): () => void {
    if (this.stopped) return () => {};
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, Math.max(0, simMs / this.timeScale));
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** Runs fn every `simMs` simulated milliseconds until stop(). */
  every(simMs: number, fn: () => void): () => void {
    if (this.stopped) return () => {};
    const t = setInterval(() => {
      if (!this.stopped) fn();
    }, Math.max(1, simMs / this.timeScale));
    this.timers.add(t);
    return () => {
      clearInterval(t);
      this.timers.delete(t);
    };
  }

  stop() {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
