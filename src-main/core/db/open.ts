// Opens (and migrates) the SQLite database that is the single source of truth of a data folder.
import { chmodSync, existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as tables from './schema';
import * as history from './schema-history';
import { gateFor, type WriteGate } from './write-gate';

const schema = { ...tables, ...history };

export type Db = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

export interface OpenDatabaseOptions {
  file: string;
  migrationsFolder: string;
  /** The desktop app passes an Electron-ABI build of better-sqlite3; plain Node uses the default. */
  driver?: typeof BetterSqlite3;
}

export function openDatabase(options: OpenDatabaseOptions): Db {
  const Driver = options.driver ?? BetterSqlite3;
  const client = new Driver(options.file);
  // WAL keeps readers and the recorder's writers from blocking each other and survives power loss.
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('foreign_keys = ON');
  // The import writer steps aside for this connection's writes (write-gate.ts), so a wait here is a few
  // milliseconds; the timeout is only the last resort before SQLITE_BUSY.
  client.pragma('busy_timeout = 5000');
  // No automatic checkpoints on this (event-loop) thread: one after a commit would copy everything an
  // import left in the WAL into the database file, synchronously, freezing captures and the API for
  // seconds. Checkpoints run on a writer thread instead (import/wal-checkpoint.ts).
  client.pragma('wal_autocheckpoint = 0');
  // Imports let the WAL grow to their whole size and checkpoint once at the end (sql-writer.ts);
  // this cuts the file back down when the WAL is next reused, instead of keeping it at its peak.
  client.pragma('journal_size_limit = 33554432');
  // The guide, the event log and the settings are the user's own: nobody else on the machine reads them.
  // SQLite gives new -wal/-shm files the database's mode; ones left by an older version are tightened.
  if (options.file !== ':memory:') {
    for (const file of [options.file, `${options.file}-wal`, `${options.file}-shm`]) {
      if (existsSync(file)) chmodSync(file, 0o600);
    }
  }
  gateWrites(client, gateFor(options.file));
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder: options.migrationsFolder });
  return db;
}

type Transaction = ReturnType<BetterSqlite3.Database['transaction']>;

/** Prepared statements kept per connection (the oldest goes first). */
const STATEMENT_CACHE = 1000;

/**
 * Every write of this connection runs with the gate raised: statements that write (run, or a read of
 * INSERT ... RETURNING), transactions, exec and pragmas. Reads never wait in WAL mode and stay as they are.
 *
 * Transactions are always IMMEDIATE (write lock taken at BEGIN). A DEFERRED one reads first and upgrades
 * later; if the import thread commits in between, the upgrade fails at once with SQLITE_BUSY (a stale
 * snapshot cannot be upgraded, and no busy timeout helps), which is how recordings died beside imports.
 */
function gateWrites(client: BetterSqlite3.Database, gate: WriteGate): void {
  const prepare = client.prepare.bind(client);
  // drizzle prepares every query it runs; preparing is a good part of a small query's cost, and the
  // planner runs thousands. Statements are kept by their SQL (a few hundred distinct ones at most) and
  // handed out with their modes reset (drizzle switches raw mode on for some reads, and it sticks).
  const cache = new Map<string, BetterSqlite3.Statement>();
  client.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    const stmt = prepare(source);
    cache.set(source, stmt);
    if (stmt.readonly) return stmt;
    const run = stmt.run.bind(stmt);
    const get = stmt.get.bind(stmt);
    const all = stmt.all.bind(stmt);
    stmt.run = (...params: unknown[]) => gate.hold(() => run(...params));
    stmt.get = (...params: unknown[]) => gate.hold(() => get(...params));
    stmt.all = (...params: unknown[]) => gate.hold(() => all(...params));
    return stmt;
  }) as typeof client.prepare;
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const tx = transaction(fn);
    const held =
      (f: (...args: unknown[]) => unknown) =>
      (...args: unknown[]) =>
        gate.hold(() => f(...args));
    const immediate = held(tx.immediate);
    return Object.assign(immediate, {
      default: immediate,
      deferred: immediate,
      immediate,
      exclusive: held(tx.exclusive),
    }) as Transaction;
  }) as typeof client.transaction;
  const exec = client.exec.bind(client);
  client.exec = (source: string) => gate.hold(() => exec(source));
  const pragma = client.pragma.bind(client);
  client.pragma = ((source: string, options?: BetterSqlite3.PragmaOptions) =>
    gate.hold(() => pragma(source, options))) as typeof client.pragma;
}
