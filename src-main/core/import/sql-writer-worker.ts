// The import writer thread's program (sql-writer.ts starts it and talks to it). Plain CommonJS in a
// string on purpose: it must run in every build (tests on the TypeScript sources, the bundled CLI, the
// packaged desktop app) without a JavaScript file of its own next to the bundle.
//
// Its batch loop binds rows exactly as runBatch() in sql-writer.ts does for the inline writer; keep the
// two in step. workerData: { driverPath, file, commitRows, walLimit }.
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
let db;
let open = 0; // rows written in the transaction still open
const cache = new Map();
const prepare = (sql) => {
  let stmt = cache.get(sql);
  if (!stmt) { stmt = db.prepare(sql); cache.set(sql, stmt); }
  return stmt;
};
function commit() {
  if (open !== 0 || db.inTransaction) { if (db.inTransaction) db.exec('COMMIT'); open = 0; }
}
try {
  const Database = require(workerData.driverPath);
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -4096');
  // No checkpoints while importing: each one copied the WAL into the database file and synced it,
  // 10-25 % of the write time on the bench guide; 'close' checkpoints once at the end instead.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = ' + workerData.walLimit);
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, message: String(error && error.message || error) });
}
parentPort.on('message', (m) => {
  try {
    let result = null;
    if (m.op === 'batch') {
      // Batches arrive small (bounded memory on both threads) but are committed in groups: every
      // commit rewrites the index pages the batch touched, so fewer commits is much less I/O.
      const stmt = prepare(m.sql);
      if (!db.inTransaction) db.exec('BEGIN');
      const width = m.width;
      const values = m.values;
      const row = new Array(width).fill(null).concat(m.fixed || []);
      for (let i = 0; i + width <= values.length; i += width) {
        for (let k = 0; k < width; k++) row[k] = values[i + k];
        stmt.run(row);
      }
      open += values.length / width;
      if (open >= workerData.commitRows) commit();
    } else if (m.op === 'tx') {
      commit();
      result = db.transaction(() => m.steps.map((s) => {
        const stmt = prepare(s.sql);
        const params = s.params || [];
        return s.rows ? stmt.all(params) : stmt.run(params).changes;
      }))();
    } else if (m.op === 'commit') {
      commit();
    } else if (m.op === 'close') {
      commit();
      // The import is committed: answer now, then checkpoint here, not on the main thread (the main
      // connection would otherwise copy the whole import into the database file on its next commit,
      // blocking the app for that long), and end the thread.
      // PASSIVE: it never blocks the main connection's writers (TRUNCATE holds the write lock for the
      // whole copy: the app's own writes failed with SQLITE_BUSY behind a 230 MB guide's checkpoint).
      parentPort.postMessage({ id: m.id, ok: true, result: null });
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) {}
      // Then empty the WAL: until it is reset, every page read looks its page up in a WAL index the
      // size of the whole import (measured: guide queries 1.5x slower). With the copy already done this
      // only waits for readers to leave the WAL; it blocks writers meanwhile, so at most 100 ms, else
      // the WAL is reset by the app's next write anyway.
      try { db.pragma('busy_timeout = 100'); db.pragma('wal_checkpoint(TRUNCATE)'); } catch (e) {}
      db.close();
      parentPort.close();
      return;
    }
    parentPort.postMessage({ id: m.id, ok: true, result });
  } catch (error) {
    try { if (db && db.inTransaction) db.exec('ROLLBACK'); } catch (e) {}
    open = 0;
    parentPort.postMessage({ id: m.id, ok: false, message: String(error && error.message || error) });
  }
});
`;
