// Preloaded into the bench backend with `node -r` (measure.ts): counts the SQLite statements
// each database file runs and the time they hold the event loop (better-sqlite3 runs them
// synchronously, a COMMIT waits for the disk), and on each SIGUSR2 writes the counts so far,
// with the journal mode and synchronous level each file runs with, to
// $BENCH_SQLITE_PROBE_DIR/<n>.json, so the bench can take the difference over a window.
//
// The bench can impose a journal mode on the database files whose name matches a regex:
// - BENCH_SQLITE_WAL=<regex>: WAL, with synchronous=$BENCH_SQLITE_SYNCHRONOUS (default
//   NORMAL: a commit no longer waits for the disk; FULL: it waits for the WAL's sync);
// - BENCH_SQLITE_ROLLBACK=<regex>: the rollback journal (DELETE) with synchronous=FULL,
//   SQLite's defaults, which Backstage's client keeps and Dyploma ran with before it chose
//   WAL itself (src/database/sqliteJournal.ts).
// The bench's modes are set on each new connection and win over the backend's own: a
// `PRAGMA journal_mode = ...` or `PRAGMA synchronous = ...` the backend sets on those files
// is rewritten to the bench's value.
const Database = require('better-sqlite3');
const { writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const dir = process.env.BENCH_SQLITE_PROBE_DIR;
const synchronous = (
  process.env.BENCH_SQLITE_SYNCHRONOUS || 'NORMAL'
).toUpperCase();
if (!['OFF', 'NORMAL', 'FULL', 'EXTRA'].includes(synchronous)) {
  throw new Error(
    `BENCH_SQLITE_SYNCHRONOUS: expected off, normal, full or extra, got ${synchronous}`,
  );
}
const imposed = [
  process.env.BENCH_SQLITE_WAL && {
    files: new RegExp(process.env.BENCH_SQLITE_WAL),
    journal_mode: 'WAL',
    synchronous,
  },
  process.env.BENCH_SQLITE_ROLLBACK && {
    files: new RegExp(process.env.BENCH_SQLITE_ROLLBACK),
    journal_mode: 'DELETE',
    synchronous: 'FULL',
  },
].filter(Boolean);
const modesOf = db => imposed.find(m => m.files.test(db.name));

const probe = new Database(':memory:');
const Statement = probe.prepare('select 1').constructor;
probe.close();

const counts = {};
/** The last connection seen per file, to read its modes at each SIGUSR2. */
const databases = new Map();
let counting = true;
const count = (statement, ms) => {
  if (!counting) return;
  const file = basename(statement.database.name);
  databases.set(file, statement.database);
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

if (imposed.length > 0) {
  // The backend's own settings of the two pragmas on an imposed file take the bench's value.
  const setting = /^(\s*pragma\s+)(journal_mode|synchronous)(\s*=\s*)(\w+)/i;
  const rewrite = (db, sql) => {
    const modes = typeof sql === 'string' && modesOf(db);
    if (!modes) return sql;
    return sql.replace(
      setting,
      (_all, pragma, name, eq) =>
        `${pragma}${name}${eq}${modes[name.toLowerCase()]}`,
    );
  };
  for (const method of ['prepare', 'exec']) {
    const original = Database.prototype[method];
    Database.prototype[method] = function imposing(sql, ...rest) {
      return original.call(this, rewrite(this, sql), ...rest);
    };
  }
  const pragma = Database.prototype.pragma;
  Database.prototype.pragma = function imposing(source, ...rest) {
    const sql = rewrite(this, `PRAGMA ${source}`);
    return pragma.call(this, sql.replace(/^PRAGMA /, ''), ...rest);
  };
  const Client = require('knex/lib/dialects/better-sqlite3');
  const acquire = Client.prototype.acquireRawConnection;
  Client.prototype.acquireRawConnection = async function withModes() {
    const db = await acquire.call(this);
    const modes = modesOf(db);
    if (modes) {
      db.pragma(`journal_mode = ${modes.journal_mode}`);
      db.pragma(`synchronous = ${modes.synchronous}`);
    }
    return db;
  };
}

const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
let n = 0;
if (dir) {
  process.on('SIGUSR2', () => {
    counting = false;
    try {
      for (const [file, db] of databases) {
        if (!db.open || !counts[file]) continue;
        counts[file].journal = db.pragma('journal_mode', { simple: true });
        counts[file].synchronous =
          SYNCHRONOUS[db.pragma('synchronous', { simple: true })];
      }
    } catch {
      // a connection closing meanwhile: its modes are left out
    } finally {
      counting = true;
    }
    const file = join(dir, `sqlite-${n++}.json`);
    writeFileSync(file, JSON.stringify(counts));
  });
}
