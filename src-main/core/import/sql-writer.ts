// Where big imports write: a second SQLite connection on a worker thread, so parsing (main thread) and
// storing (worker) run at the same time. Measured on the 100 MB XMLTV bench guide: storing 150,000
// programmes costs about as much as parsing them, so doing both on one thread would double the import.
//
// The thread (sql-writer-worker.ts, built into sql-writer-worker.cjs) writes over its own better-sqlite3
// connection: the same driver build the app loaded (found in the module cache, so the Electron-ABI build
// is used on the desktop). It steps aside whenever the app's own connection writes (db/write-gate.ts).
// When a thread is not possible (in-memory database, driver or worker file not found, thread refused to
// start), the same statements run inline on the main connection instead, in small transactions with a
// yield between them: slower, identical results.
//
// A failed import leaves what it committed so far (valid rows of the new data), never a half-applied
// row; "finishing" steps (retire missing rows, delete replaced programmes) run in one transaction at the
// end, and only after a successful read.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { gateFor } from '../db/write-gate';
import {
  runBatch,
  runSteps,
  type SqlStep,
  type SqlValue,
  type WriterReply,
  type WriterThreadData,
} from './sql-batch';

export type { SqlParams, SqlStep, SqlValue } from './sql-batch';

export interface SqlWriter {
  readonly mode: 'worker' | 'inline';
  /**
   * Runs `sql` once per row of `values` (`width` values per row, then the `fixed` ones: constants such
   * as the source id are sent once per batch, not once per row).
   */
  batch(sql: string, width: number, values: SqlValue[], fixed?: SqlValue[]): Promise<void>;
  /** Commits what the batches wrote so far (the worker groups batches into bigger transactions). */
  commit(): Promise<void>;
  /** Runs the steps in one transaction; resolves with each step's changes (or rows). */
  transaction(steps: SqlStep[]): Promise<unknown[]>;
  /** Batches sent but not yet committed. */
  readonly inFlight: number;
  /** Resolves once at most `max` batches are in flight (backpressure for the parser). */
  drain(max?: number): Promise<void>;
  /** Waits for everything sent, checkpoints the WAL, and releases the connection. */
  close(): Promise<void>;
  /** Stops at once (shutdown): uncommitted batches are rolled back by SQLite. */
  abort(): void;
}

/** Rows per worker transaction (batches are smaller; see the worker source). */
const COMMIT_ROWS = 20_000;

/**
 * The WAL grows to the size of a whole import (no checkpoints meanwhile, see the worker); once the
 * final checkpoint has copied it back, SQLite cuts the file down to this size when it next reuses it.
 */
const WAL_SIZE_LIMIT = 32 * 1024 * 1024;

/** The statements of one import run on the main connection (fallback, and :memory: databases). */
export class InlineSqlWriter implements SqlWriter {
  readonly mode = 'inline' as const;
  readonly inFlight = 0;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();
  private closed = false;

  constructor(private readonly client: BetterSqlite3.Database) {}

  private prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.client.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  batch(sql: string, width: number, values: SqlValue[], fixed: SqlValue[] = []): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the import was stopped'));
    try {
      const stmt = this.prepare(sql);
      this.client.transaction(() => runBatch(stmt, width, values, fixed))();
    } catch (error) {
      // A rejection, like the worker's: callers attach .catch() and must not see a synchronous throw.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    // Let the event loop breathe between batches (progress events, HTTP, the recorder).
    return new Promise((resolve) => setImmediate(resolve));
  }

  transaction(steps: SqlStep[]): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error('the import was stopped'));
    try {
      return Promise.resolve(this.client.transaction(() => runSteps((sql) => this.prepare(sql), steps))());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  commit(): Promise<void> {
    return Promise.resolve();
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  abort(): void {
    this.closed = true;
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  batch: boolean;
}

export class WorkerSqlWriter implements SqlWriter {
  readonly mode = 'worker' as const;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private batches = 0;
  private drainWaiters: Array<{ max: number; resolve: () => void }> = [];
  private failure: Error | null = null;
  private closed = false;

  private constructor(private readonly worker: Worker) {
    running.add(worker);
    worker.on('message', (reply: WriterReply) => this.onReply(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', () => {
      running.delete(worker);
      this.fail(new Error('the import writer stopped'));
    });
  }

  /** Starts the worker and waits until its connection is open; null when it cannot. */
  static async start(driverPath: string, file: string, timeoutMs = 15_000): Promise<WorkerSqlWriter | null> {
    const script = writerThreadFile();
    if (!script) {
      warnOnce('the import writer thread (sql-writer-worker.cjs) was not found; imports write inline');
      return null;
    }
    let worker: Worker;
    try {
      const data: WriterThreadData = {
        driverPath,
        file,
        commitRows: COMMIT_ROWS,
        walLimit: WAL_SIZE_LIMIT,
        gate: gateFor(file).buffer,
      };
      worker = new Worker(script, {
        workerData: data,
        // The worker only holds the batch it is writing: a small young generation keeps its memory
        // (and so the import's peak RSS) low; V8 would otherwise grow it to tens of MB under this
        // allocation rate.
        resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 },
      });
    } catch {
      return null;
    }
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      worker.once('message', (reply: WriterReply) => {
        clearTimeout(timer);
        resolve('ready' in reply && reply.ready);
      });
      worker.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!ready) {
      await worker.terminate().catch(() => undefined);
      return null;
    }
    return new WorkerSqlWriter(worker);
  }

  get inFlight(): number {
    return this.batches;
  }

  batch(sql: string, width: number, values: SqlValue[], fixed: SqlValue[] = []): Promise<void> {
    return this.send({ op: 'batch', sql, width, values, fixed }, true).then(() => undefined);
  }

  transaction(steps: SqlStep[]): Promise<unknown[]> {
    return this.send({ op: 'tx', steps }, false) as Promise<unknown[]>;
  }

  commit(): Promise<void> {
    return this.send({ op: 'commit' }, false).then(() => undefined);
  }

  drain(max = 0): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.batches <= max) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ max, resolve }));
  }

  /**
   * Resolves once everything is committed. The thread then checkpoints the WAL and ends by itself
   * (see settleWriters()); a caller that fails before this point gets the thread stopped at once.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    try {
      await this.send({ op: 'close' }, false);
    } catch (error) {
      this.closed = true;
      await this.worker.terminate().catch(() => undefined);
      throw error;
    }
    this.closed = true;
    finishing.add(exited);
    void exited.then(() => finishing.delete(exited));
  }

  abort(): void {
    this.fail(new Error('the import was stopped'));
    this.closed = true;
    void this.worker.terminate().catch(() => undefined);
  }

  private send(message: Record<string, unknown>, batch: boolean): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the import writer is closed'));
    const id = this.nextId++;
    if (batch) this.batches++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, batch });
      this.worker.postMessage({ ...message, id });
    });
  }

  private onReply(reply: WriterReply): void {
    if (!('id' in reply)) return;
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    if (entry.batch) this.batches--;
    if (reply.ok) entry.resolve(reply.result);
    else {
      // A failed batch poisons the writer: later batches would build on a gap.
      this.fail(new Error(reply.message));
      entry.reject(new Error(reply.message));
    }
    this.wakeDrainers();
  }

  private wakeDrainers(): void {
    const waiting = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiting) {
      if (this.failure || this.batches <= waiter.max) waiter.resolve();
      else this.drainWaiters.push(waiter);
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const [, entry] of this.pending) entry.reject(error);
    this.pending.clear();
    this.batches = 0;
    this.wakeDrainers();
  }
}

/**
 * The writer thread's script: `$TAPEDECK_SQL_WORKER` (tests and benchmarks build it there), else
 * `sql-writer-worker.cjs` beside the running bundle (scripts/build-main.mjs puts one in each).
 */
export function writerThreadFile(): string | null {
  // __dirname is the bundle's folder in the CommonJS bundles; an ES module bundle has none.
  const here = typeof __dirname === 'string' ? path.join(__dirname, 'sql-writer-worker.cjs') : undefined;
  const candidates = [process.env.TAPEDECK_SQL_WORKER, here];
  return candidates.find((file): file is string => !!file && existsSync(file)) ?? null;
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(`tapedeck: ${message}`);
}

/** Writer threads alive (importing, or checkpointing after it). */
const running = new Set<Worker>();

/** True while any writer thread is alive: its own close() will checkpoint, nobody else needs to. */
export function writersRunning(): boolean {
  return running.size > 0;
}

/** Writer threads that answered close() and are still checkpointing. */
const finishing = new Set<Promise<void>>();

/**
 * Waits for closed writers to finish their checkpoint (shutdown calls this before closing the main
 * connection). A checkpoint cut short would be safe, only repeated by the next one.
 */
export async function settleWriters(): Promise<void> {
  await Promise.all([...finishing]);
}

/**
 * The module file the running better-sqlite3 driver was loaded from, found through the (shared) CommonJS
 * module cache, so a worker can load the very same build. Null when it is not there.
 */
export function driverPathOf(client: BetterSqlite3.Database): string | null {
  const ctor = (client as unknown as { constructor: unknown }).constructor;
  const cache = createRequire(path.join(process.cwd(), 'noop.js')).cache;
  for (const [file, mod] of Object.entries(cache)) {
    if (mod && mod.exports === ctor) return file;
  }
  return null;
}

export interface OpenWriterOptions {
  /** false forces the inline writer (tests, tiny imports). */
  worker?: boolean;
}

/** A writer for one import: on a worker thread when possible, else inline. */
export async function openSqlWriter(
  client: BetterSqlite3.Database,
  options: OpenWriterOptions = {},
): Promise<SqlWriter> {
  const file = client.name;
  if (options.worker !== false && !client.memory && file && file !== ':memory:') {
    const driverPath = driverPathOf(client);
    if (driverPath) {
      const writer = await WorkerSqlWriter.start(driverPath, file);
      if (writer) return writer;
    }
  }
  return new InlineSqlWriter(client);
}
