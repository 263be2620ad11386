// Keeps the WAL from growing without end. The app's own connection does no automatic checkpoints (see
// db/open.ts: one on the event-loop thread could copy a whole import and freeze captures), so this does
// them instead, off that thread: every so often, when the WAL has grown past a threshold and no import
// is running (an import checkpoints when it closes), a writer thread is started only to checkpoint
// (PASSIVE, then a reset of the WAL if nobody is reading) and end.
import { statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { driverPathOf, settleWriters, WorkerSqlWriter, writersRunning } from './sql-writer';

export interface WalCheckpointOptions {
  /** WAL size that makes a checkpoint worth a thread (default 4 MiB). */
  thresholdBytes?: number;
  /** How often to look (default 30 s). */
  everyMs?: number;
}

export class WalCheckpointer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly thresholdBytes: number;
  private readonly everyMs: number;
  /** The WAL's mtime when the last checkpoint began: a WAL reused from its start keeps its size. */
  private checkpointedAt = 0;

  constructor(
    private readonly client: BetterSqlite3.Database,
    options: WalCheckpointOptions = {},
  ) {
    this.thresholdBytes = options.thresholdBytes ?? 4 * 1024 * 1024;
    this.everyMs = options.everyMs ?? 30_000;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.everyMs);
    this.timer.unref();
  }

  /** Stops looking and waits for a checkpoint under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await settleWriters();
  }

  /** One look: checkpoints when the WAL is big enough and nothing else will. */
  check(): Promise<void> {
    if (this.running || writersRunning()) return Promise.resolve();
    const wal = this.wal();
    if (!wal || wal.size < this.thresholdBytes || wal.mtimeMs <= this.checkpointedAt)
      return Promise.resolve();
    this.checkpointedAt = wal.mtimeMs;
    this.running = this.checkpoint().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private wal(): { size: number; mtimeMs: number } | null {
    try {
      return statSync(`${this.client.name}-wal`);
    } catch {
      return null;
    }
  }

  private async checkpoint(): Promise<void> {
    const driverPath = driverPathOf(this.client);
    const thread = driverPath ? await WorkerSqlWriter.start(driverPath, this.client.name) : null;
    if (thread) {
      // Nothing to write: close() answers at once and the thread checkpoints before it ends.
      await thread.close().catch(() => undefined);
      await settleWriters();
      return;
    }
    // No thread possible: checkpoint here. Without imports on a thread the WAL holds only the app's own
    // small writes, so this copy is short.
    try {
      this.client.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // The next look tries again.
    }
  }
}
