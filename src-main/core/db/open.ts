// Opens (and migrates) the SQLite database that is the single source of truth of a data folder.
import BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

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
  // WAL keeps readers and the recorder's writers from blocking each other and survives power loss;
  // a busy timeout lets the CLI and a second connection wait instead of failing.
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  // Imports let the WAL grow to their whole size and checkpoint once at the end (sql-writer.ts);
  // this cuts the file back down when the WAL is next reused, instead of keeping it at its peak.
  client.pragma('journal_size_limit = 33554432');
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder: options.migrationsFolder });
  return db;
}
