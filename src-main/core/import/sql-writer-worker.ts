// The import writer thread's program (sql-writer.ts starts it and talks to it). scripts/build-main.mjs
// bundles it into `sql-writer-worker.cjs` beside each bundle, and the test setup builds the same file
// (tests/setup/build-workers.ts): a worker thread needs a JavaScript file of its own.
//
// It writes on its own better-sqlite3 connection (the very driver build the app loaded: its path comes
// in workerData). Rows are committed in large transactions for speed, but the thread steps aside
// whenever the app's own connection wants to write (db/write-gate.ts): it commits what it holds and
// waits, so a recording's write never waits on an import for more than a few rows.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { WriteGate } from '../db/write-gate';
import { runBatch, runSteps, type WriterReply, type WriterRequest, type WriterThreadData } from './sql-batch';

const data = workerData as WriterThreadData;
const port = parentPort!;
const gate = new WriteGate(data.gate);
const cache = new Map<string, BetterSqlite3.Statement>();
let db: BetterSqlite3.Database;
/** Rows written in the transaction still open. */
let open = 0;

function prepare(sql: string): BetterSqlite3.Statement {
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

function commit(): void {
  if (db.inTransaction) db.exec('COMMIT');
  open = 0;
  if (watch) {
    clearInterval(watch);
    watch = null;
  }
}

/**
 * While a transaction stays open between two messages, the thread is idle and would not see the gate:
 * the app's write would wait on us, and the app (which sends our next message) would be stuck in that
 * wait. So an idle open transaction is watched, and committed as soon as the app wants to write.
 */
let watch: NodeJS.Timeout | null = null;
function watchWhileOpen(): void {
  if (watch || !db.inTransaction) return;
  watch = setInterval(() => {
    if (gate.wanted()) commit();
  }, 2);
}

/**
 * If the app wants to write: commit what this thread holds (never wait while holding the lock: the app
 * would wait on us while we wait on it), let the app write, and carry on.
 */
function yieldToApp(): void {
  if (!gate.wanted()) return;
  commit();
  gate.waitUntilFree();
}

/** Between rows: yield, and carry on in a new transaction if one was open. */
function stepAside(): void {
  if (!gate.wanted()) return;
  const wasOpen = db.inTransaction;
  yieldToApp();
  if (wasOpen) db.exec('BEGIN');
}

function reply(message: WriterReply): void {
  port.postMessage(message);
}

try {
  const Database = createRequire(__filename)(data.driverPath) as typeof BetterSqlite3;
  db = new Database(data.file, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -4096');
  // No checkpoints while importing: each one copied the WAL into the database file and synced it,
  // 10-25 % of the write time on the bench guide; 'close' checkpoints once at the end instead.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${data.walLimit}`);
  reply({ ready: true });
} catch (error) {
  reply({ ready: false, message: error instanceof Error ? error.message : String(error) });
}

port.on('message', (m: WriterRequest) => {
  try {
    let result: unknown = null;
    if (m.op === 'batch') {
      // Batches arrive small (bounded memory on both threads) but are committed in groups: every
      // commit rewrites the index pages the batch touched, so fewer commits is much less I/O.
      yieldToApp();
      if (!db.inTransaction) db.exec('BEGIN');
      open += runBatch(prepare(m.sql), m.width, m.values, m.fixed, stepAside);
      if (open >= data.commitRows) commit();
      else watchWhileOpen();
    } else if (m.op === 'tx') {
      commit();
      yieldToApp();
      result = db.transaction(() => runSteps(prepare, m.steps))();
    } else if (m.op === 'commit') {
      commit();
    } else {
      commit();
      // The import is committed: answer now, then checkpoint here, not on the main thread.
      reply({ id: m.id, ok: true, result: null });
      checkpointAndClose();
      return;
    }
    reply({ id: m.id, ok: true, result });
  } catch (error) {
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } catch {
      // Nothing open any more.
    }
    open = 0;
    reply({ id: m.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

/**
 * PASSIVE first: it never blocks the app's writers (TRUNCATE holds the write lock for the whole copy:
 * the app's writes failed with SQLITE_BUSY behind a 230 MB guide's checkpoint). Then empty the WAL:
 * until it is reset, every page read looks its page up in a WAL index the size of the whole import
 * (measured: guide queries 1.5x slower). With the copy done this only waits for readers to leave the
 * WAL, blocking writers meanwhile, so at most 100 ms and only when the app is not writing; otherwise the
 * WAL is reset by the app's next write anyway.
 */
function checkpointAndClose(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A later checkpoint copies what this one could not.
  }
  try {
    if (!gate.wanted()) {
      db.pragma('busy_timeout = 100');
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  } catch {
    // Readers stayed: the next checkpoint resets it.
  }
  db.close();
  port.close();
}
