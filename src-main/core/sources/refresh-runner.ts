// Runs one refresh of a source or guide through the refresh queue: import, automatic mapping, progress
// events, and on failure the reason recorded on the row. The importers do the work (source-refresh.ts,
// ../guide/guide-refresh.ts); this wires them to the queue, the progress reporter and the event bus.
import { TapedeckError } from '../../../src-shared/contract';
import type { ImportReport } from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import type { Clock, EventBus } from '../events';
import { guideFetchLocation, refreshGuide, type GuideRefreshContext } from '../guide/guide-refresh';
import type { GuideStore } from '../guide/guide-store';
import { autoMap } from '../guide/mapping';
import type { SecretStore } from '../secrets';
import { ImportError, errorText } from '../import/import-error';
import { ProgressReporter } from '../import/progress';
import { redactText } from '../redact';
import type { RefreshQueue, RefreshTarget } from './refresh-queue';
import { refreshSource, type RefreshContext } from './source-refresh';
import type { SourceStore } from './source-store';

export interface RefreshRunnerDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  dataDir: string;
  secrets: SecretStore;
  store: SourceStore;
  guides: GuideStore;
  queue: RefreshQueue;
  /** Write imports on a worker thread or on the main connection. */
  useWorker: boolean;
  /** Cap on a guide's inflated size (undefined: the importer's default). */
  maxGuideBytes: number | undefined;
  /** True once the service is stopping: failures are then neither recorded nor announced. */
  stopping: () => boolean;
  /** Called after every refresh (unless stopping): the next one due may have changed. */
  rearm: () => void;
}

export class RefreshRunner {
  constructor(private readonly deps: RefreshRunnerDeps) {}

  /** Refreshes a source or guide (joining one already running). Rejects with the reason on failure. */
  refresh(target: RefreshTarget): Promise<void> {
    const progress = new ProgressReporter(this.deps.bus, this.deps.clock, target.target, target.id);
    return this.deps.queue.run(
      target,
      async (signal) => {
        try {
          const report = await this.refreshOnce(target, signal, progress);
          progress.report('done', report.items, report.items, summary(report));
        } catch (error) {
          // Stored on the row and sent with the progress event: an import error may quote its URL.
          const message = redactText(errorText(error));
          if (!this.deps.stopping()) {
            try {
              if (target.target === 'source')
                this.deps.store.recordFailure(target.id, message, this.deps.clock.now());
              else this.deps.guides.recordFailure(target.id, message, this.deps.clock.now());
            } catch {
              // The row was removed meanwhile: nothing to record.
            }
            progress.report('failed', 0, null, message);
            this.deps.bus.emit(target.target === 'source' ? 'sources.changed' : 'guide.changed', {
              id: target.id,
              removed: false,
            });
          }
          throw asTapedeckError(error, this.deps.stopping());
        } finally {
          if (!this.deps.stopping()) this.deps.rearm();
        }
      },
      () => progress.report('queued', 0, null),
    );
  }

  private async refreshOnce(
    target: RefreshTarget,
    signal: AbortSignal,
    progress: ProgressReporter,
  ): Promise<ImportReport> {
    if (target.target === 'source') {
      const row = this.deps.store.row(target.id);
      const report = await refreshSource(this.refreshContext(), row, signal, progress);
      progress.report('mapping', 0, null);
      await autoMap(this.deps.db, { sourceId: row.id });
      this.deps.bus.emit('sources.changed', { id: row.id, removed: false });
      this.deps.bus.emit('channels.changed', {});
      return report;
    }
    const row = this.deps.guides.row(target.id);
    const report = await refreshGuide(this.guideContext(), row, signal, progress);
    progress.report('mapping', 0, null);
    await autoMap(this.deps.db);
    this.deps.bus.emit('guide.changed', { id: row.id, removed: false });
    this.deps.bus.emit('channels.changed', {});
    return report;
  }

  private refreshContext(): RefreshContext {
    return {
      db: this.deps.db,
      store: this.deps.store,
      secrets: this.deps.secrets,
      clock: this.deps.clock,
      dataDir: this.deps.dataDir,
      useWorker: this.deps.useWorker,
      guideLocations: () => {
        const ctx = this.guideContext();
        const known = new Set<string>();
        for (const g of this.deps.guides.rows()) {
          known.add(g.location);
          try {
            known.add(guideFetchLocation(ctx, g));
          } catch {
            // Credentials gone: the plain location is enough here.
          }
        }
        return known;
      },
    };
  }

  private guideContext(): GuideRefreshContext {
    return {
      db: this.deps.db,
      guides: this.deps.guides,
      sources: this.deps.store,
      secrets: this.deps.secrets,
      clock: this.deps.clock,
      useWorker: this.deps.useWorker,
      maxGuideBytes: this.deps.maxGuideBytes,
    };
  }
}

function asTapedeckError(error: unknown, stopping: boolean): TapedeckError {
  if (stopping) return new TapedeckError('unavailable', 'Tapedeck is shutting down; the refresh was stopped');
  if (error instanceof TapedeckError) return error;
  if (error instanceof ImportError) return new TapedeckError(error.code, error.message);
  return new TapedeckError('internal', errorText(error));
}

function summary(report: ImportReport): string {
  const parts = [`${report.items} read`, `${report.added} new`, `${report.updated} updated`];
  if (report.removed) parts.push(`${report.removed} removed`);
  if (report.problemCount) parts.push(`${report.problemCount} problem(s)`);
  if (report.stoppedEarly) parts.push(`stopped early: ${report.stoppedEarly}`);
  return parts.join(', ');
}
