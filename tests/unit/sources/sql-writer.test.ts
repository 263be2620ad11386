import { statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  driverPathOf,
  openSqlWriter,
  settleWriters,
  writersRunning,
  type SqlWriter,
} from '../../../src-main/core/import/sql-writer';
import { tempDir } from '../../support/temp-dvr';
import { waitFor } from '../../support/wait';

const open: BetterSqlite3.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function database(): BetterSqlite3.Database {
  const db = new BetterSqlite3(path.join(tempDir(), 'w.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER, s INTEGER)');
  open.push(db);
  return db;
}

const INSERT = 'INSERT INTO t (k, v, s) VALUES (?, ?, ?)';

async function exercise(writer: SqlWriter, db: BetterSqlite3.Database): Promise<void> {
  await writer.batch(INSERT, 2, ['a', 1, 'b', 2], [7]);
  void writer.batch(INSERT, 2, ['c', 3], [8]);
  await writer.drain(0);
  await writer.commit();
  expect(db.prepare('SELECT k, v, s FROM t ORDER BY k').raw().all()).toEqual([
    ['a', 1, 7],
    ['b', 2, 7],
    ['c', 3, 8],
  ]);
  const [changes, rows] = await writer.transaction([
    { sql: 'UPDATE t SET v = v + 10 WHERE k <> ?', params: ['a'] },
    { sql: 'SELECT SUM(v) AS total FROM t', rows: true },
  ]);
  expect(changes).toBe(2);
  expect(rows).toEqual([{ total: 1 + 12 + 13 }]);
}

describe('SqlWriter', () => {
  it('finds the driver module that is loaded', () => {
    expect(driverPathOf(database())).toMatch(/better-sqlite3/);
  });

  it('runs batches and transactions on a worker thread', async () => {
    const db = database();
    const writer = await openSqlWriter(db);
    expect(writer.mode).toBe('worker');
    await exercise(writer, db);
    await writer.close();
  });

  it('runs the same statements inline when asked (or for an in-memory database)', async () => {
    const db = database();
    const writer = await openSqlWriter(db, { worker: false });
    expect(writer.mode).toBe('inline');
    await exercise(writer, db);
    await writer.close();
    const memory = new BetterSqlite3(':memory:');
    open.push(memory);
    expect((await openSqlWriter(memory)).mode).toBe('inline');
  });

  it('a failed batch fails the writer and rolls back what the batch group wrote', async () => {
    const db = database();
    const writer = await openSqlWriter(db);
    void writer.batch(INSERT, 2, ['x', 1], [0]).catch(() => undefined);
    const failing = writer.batch(INSERT, 2, ['x', 2], [0]); // duplicate primary key
    await expect(failing).rejects.toThrow(/UNIQUE/);
    await expect(writer.drain(0)).rejects.toThrow(/UNIQUE/);
    await expect(writer.batch(INSERT, 2, ['y', 1], [0])).rejects.toThrow(/UNIQUE/);
    writer.abort();
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0);
  });

  it('inline, a failing batch rejects (never throws synchronously)', async () => {
    const db = database();
    const writer = await openSqlWriter(db, { worker: false });
    await writer.batch(INSERT, 2, ['x', 1], [0]);
    let thrown = false;
    let result: Promise<void> | null = null;
    try {
      result = writer.batch(INSERT, 2, ['x', 2], [0]);
    } catch {
      thrown = true;
    }
    expect(thrown).toBe(false);
    await expect(result).rejects.toThrow(/UNIQUE/);
    await expect(writer.transaction([{ sql: 'SELECT nope FROM t' }])).rejects.toThrow(/no such column/);
  });

  it('abort() drops uncommitted work', async () => {
    const db = database();
    const writer = await openSqlWriter(db);
    await writer.batch(INSERT, 2, ['q', 1], [0]);
    writer.abort();
    // Once the thread has ended, whatever it was going to do to the file is done: nothing committed,
    // and its write lock is gone (the main connection can write).
    await waitFor(() => !writersRunning(), { timeoutMs: 10_000, what: 'the writer thread to end' });
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0);
    db.prepare(INSERT).run('r', 1, 0);
    expect(db.prepare('SELECT k FROM t').pluck().all()).toEqual(['r']);
  });

  it('close() answers once committed; the thread then checkpoints the WAL into the file, empties it and ends', async () => {
    const db = database();
    const before = statSync(db.name).size;
    const writer = await openSqlWriter(db);
    const values = Array.from({ length: 2000 }, (_, i) => [`key-${i}`, i]).flat();
    await writer.batch(INSERT, 2, values, [0]);
    await writer.close();
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(2000);
    await settleWriters();
    // Only a checkpoint moves pages from the WAL into the database file (the main connection's own
    // checkpoints start at 1,000 pages, far above this).
    expect(statSync(db.name).size).toBeGreaterThan(before + 16 * 1024);
    // ...and the WAL is emptied, so reads no longer look pages up in it.
    expect(statSync(`${db.name}-wal`).size).toBe(0);
  });
});
