// Preloaded into the bench backend with `node -r` (measure.ts): counts the SQLite statements
// each database file runs and the time they hold the event loop (better-sqlite3 runs them
// synchronously, a COMMIT waits for the disk), and on each SIGUSR2 writes the counts so far to
// $BENCH_SQLITE_PROBE_DIR/<n>.json, so the bench can take the difference over a window.
// With BENCH_SQLITE_WAL=<regex>, the database files whose name matches it run in WAL mode with
// synchronous=NORMAL (a commit no longer waits for the disk; see the README).
const Database = require('better-sqlite3');
const { writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const dir = process.env.BENCH_SQLITE_PROBE_DIR;
const wal = process.env.BENCH_SQLITE_WAL
  ? new RegExp(process.env.BENCH_SQLITE_WAL)
  : undefined;

const probe = new Database(':memory:');
const Statement = probe.prepare('select 1').constructor;
probe.close();

const counts = {};
const count = (statement, ms) => {
  const file = basename(statement.database.name);
  const c = (counts[file] ??= {
    statements: 0,
    ms: 0,
    commits: 0,
    commitMs: 0,
    maxMs: 0,
  });
  c.statements++;
  c.ms += ms;
  if (ms > c.maxMs) c.maxMs = ms;
  if (/^\s*commit/i.test(statement.source)) {
    c.commits++;
    c.commitMs += ms;
  }
};
for (const method of ['run', 'all', 'get', 'iterate']) {
  const original = Statement.prototype[method];
  Statement.prototype[method] = function timed(...args) {
    const start = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      count(this, performance.now() - start);
    }
  };
}

if (wal) {
  const Client = require('knex/lib/dialects/better-sqlite3');
  const acquire = Client.prototype.acquireRawConnection;
  Client.prototype.acquireRawConnection = async function withWal() {
    const db = await acquire.call(this);
    if (wal.test(db.name)) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    return db;
  };
}

let n = 0;
if (dir) {
  process.on('SIGUSR2', () => {
    const file = join(dir, `sqlite-${n++}.json`);
    writeFileSync(file, JSON.stringify(counts));
  });
}
