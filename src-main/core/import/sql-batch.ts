// How a batch of rows and a list of steps run on a better-sqlite3 connection: shared by the writer
// thread (sql-writer-worker.ts) and the inline writer (sql-writer.ts), so both bind rows alike.
import type BetterSqlite3 from 'better-sqlite3';

export type SqlValue = string | number | bigint | null;
export type SqlParams = SqlValue[] | Record<string, SqlValue>;

export interface SqlStep {
  sql: string;
  params?: SqlParams;
  /** Return the rows (for a SELECT or RETURNING) instead of the number of changed rows. */
  rows?: boolean;
}

/** Rows between two calls of `between` (the writer thread's check of the write gate). */
const CHECK_EVERY = 128;

/**
 * Runs `stmt` once per row of `values` (`width` values per row, then the `fixed` ones, bound
 * positionally). `between`, if given, is called every few rows: the writer thread steps aside there.
 */
export function runBatch(
  stmt: BetterSqlite3.Statement,
  width: number,
  values: readonly SqlValue[],
  fixed: readonly SqlValue[],
  between?: () => void,
): number {
  const row: SqlValue[] = [...new Array<SqlValue>(width).fill(null), ...fixed];
  let rows = 0;
  for (let i = 0; i + width <= values.length; i += width) {
    for (let k = 0; k < width; k++) row[k] = values[i + k] as SqlValue;
    stmt.run(row);
    if (between && ++rows % CHECK_EVERY === 0) between();
  }
  return rows;
}

/** Runs each step; each result is the step's changes, or its rows when asked. */
export function runSteps(
  prepare: (sql: string) => BetterSqlite3.Statement,
  steps: readonly SqlStep[],
): unknown[] {
  return steps.map((step) => {
    const stmt = prepare(step.sql);
    const params = step.params ?? [];
    return step.rows ? stmt.all(params) : stmt.run(params).changes;
  });
}

/** What the writer thread is started with. */
export interface WriterThreadData {
  driverPath: string;
  file: string;
  /** Rows per transaction when nobody else wants to write. */
  commitRows: number;
  walLimit: number;
  /** The database's write gate (db/write-gate.ts). */
  gate: SharedArrayBuffer;
}

export type WriterRequest =
  | { id: number; op: 'batch'; sql: string; width: number; values: SqlValue[]; fixed: SqlValue[] }
  | { id: number; op: 'tx'; steps: SqlStep[] }
  | { id: number; op: 'commit' }
  | { id: number; op: 'close' };

export type WriterReply =
  | { ready: true }
  | { ready: false; message: string }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; message: string };
