// Preloaded into the bench backend with `node -r` (measure.ts --profile <dir>): each
// SIGUSR2 starts or stops a CPU profile of the process, written to
// $BENCH_PROFILE_DIR/<n>.cpuprofile when it stops, so only the window the bench chooses
// is profiled (not the start-up). `--cpu-prof` would profile the whole life. With
// BENCH_PROFILE_HEAP=1 it samples allocations instead (every 16 KiB allocated, garbage
// included), written as <n>.heapprofile.
const { Session } = require('node:inspector');
const { appendFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { PerformanceObserver, performance } = require('node:perf_hooks');

// BENCH_GC_LOG=<file>: every GC pause as "<epoch ms of its start> <ms> <kind>", to line up
// with the bench's own times (measure.ts --times).
if (process.env.BENCH_GC_LOG) {
  const file = process.env.BENCH_GC_LOG;
  const kinds = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
  new PerformanceObserver(list => {
    appendFileSync(
      file,
      list
        .getEntries()
        .map(
          e =>
            `${(performance.timeOrigin + e.startTime).toFixed(
              1,
            )} ${e.duration.toFixed(2)} ${
              kinds[e.detail?.kind] ?? e.detail?.kind
            }\n`,
        )
        .join(''),
    );
  }).observe({ entryTypes: ['gc'] });
}

const dir = process.env.BENCH_PROFILE_DIR;
if (!dir) return;
const session = new Session();
session.connect();
let running = false;
let count = 0;
const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );

const heap = process.env.BENCH_PROFILE_HEAP === '1';

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    (heap
      ? post('HeapProfiler.enable').then(() =>
          post('HeapProfiler.startSampling', {
            samplingInterval: 16384,
            includeObjectsCollectedByMajorGC: true,
            includeObjectsCollectedByMinorGC: true,
          }),
        )
      : post('Profiler.enable')
          .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
          .then(() => post('Profiler.start'))
    )
      .then(() => writeFileSync(join(dir, 'started'), String(count)))
      .catch(e => console.error('profiler:', e));
  } else {
    running = false;
    post(heap ? 'HeapProfiler.stopSampling' : 'Profiler.stop')
      .then(({ profile }) => {
        const file = join(
          dir,
          `${count++}.${heap ? 'heapprofile' : 'cpuprofile'}`,
        );
        writeFileSync(file, JSON.stringify(profile));
        writeFileSync(join(dir, 'stopped'), file);
      })
      .catch(e => console.error('profiler:', e));
  }
});
