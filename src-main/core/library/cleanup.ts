// The cleanup runner: gathers the library and the policy, lets retention.ts choose, and (unless it is a
// dry run) deletes what was chosen, one recording at a time: the row first (so nothing starts using it
// again), then its files. A dry run and a real run gather and choose the same way, so they choose the
// same recordings. Runs one at a time (the daily run, a run after a recording, `tapedeck cleanup`).
import type { CleanupDeletion, CleanupResult } from '../../../src-shared/domain-library-space';
import type { Settings } from '../../../src-shared/settings';
import type { Db } from '../db/open';
import type { Clock, EventBus } from '../events';
import type { RecordingStore } from '../recordings/store';
import type { EpisodeHistory } from '../schedule/episode-history';
import { CleanupStore } from './cleanup-store';
import { removeRecordingFiles } from './recording-files';
import {
  chooseDeletions,
  GIB,
  type LibraryItem,
  type RetentionPlan,
  type RetentionPolicy,
} from './retention';

export interface CleanupDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  recordings: RecordingStore;
  history: EpisodeHistory;
  settings: () => Pick<Settings, 'keepDays' | 'keepFreeGiB'>;
  recordingsDir: () => string;
  /** Free bytes on the disk holding this folder (tests inject a figure). */
  freeBytes: (dir: string) => Promise<number>;
  /**
   * A finished recording something still works on (its capture finalizing; post-processing): left
   * alone by this run.
   */
  busy: (id: number) => boolean;
}

export interface CleanupOptions {
  dryRun: boolean;
  /** Instead of the keepDays setting, for this run. */
  days?: number;
}

/** What cleanup would choose now: the library it saw, the policy, the free space and the plan. */
export interface CleanupPlan {
  at: number;
  library: LibraryItem[];
  policy: RetentionPolicy;
  freeBytes: number | null;
  plan: RetentionPlan;
}

export class Cleanup {
  readonly store: CleanupStore;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: CleanupDeps) {
    this.store = new CleanupStore(deps.db, deps.recordings, deps.history);
  }

  /** The library and the policy as they are now (the forecast uses them too). */
  library(days?: number): { library: LibraryItem[]; policy: RetentionPolicy } {
    const settings = this.deps.settings();
    return {
      library: this.store.items().filter((item) => !this.deps.busy(item.id)),
      policy: {
        keepDays: days ?? settings.keepDays,
        keepFreeBytes: settings.keepFreeGiB === null ? null : settings.keepFreeGiB * GIB,
        keepLast: this.store.keepLast(),
      },
    };
  }

  async plan(days?: number): Promise<CleanupPlan> {
    const freeBytes = await this.deps.freeBytes(this.deps.recordingsDir()).catch(() => null);
    const at = this.deps.clock.now();
    const { library, policy } = this.library(days);
    return { at, library, policy, freeBytes, plan: chooseDeletions(library, policy, at, freeBytes) };
  }

  /** Stops after the deletion under way (the app is shutting down); resolves once no run is left. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue;
  }

  /** One run at a time: a run asked for while one runs starts after it (and sees what it left). */
  run(options: CleanupOptions): Promise<CleanupResult> {
    const next = this.queue.then(() => this.runOnce(options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runOnce(options: CleanupOptions): Promise<CleanupResult> {
    const { at, policy, freeBytes, plan } = await this.plan(options.days);
    const deleted: CleanupDeletion[] = [];
    for (const choice of plan.chosen) {
      const base: CleanupDeletion = {
        id: choice.item.id,
        title: choice.item.title,
        path: choice.item.path,
        bytes: choice.item.bytes,
        reason: choice.reason,
        detail: choice.detail,
        error: null,
      };
      if (options.dryRun) {
        deleted.push(base);
        continue;
      }
      if (this.stopped) break;
      // Looked at again right before: a failed recording may have been retried since the plan.
      if (this.deps.busy(choice.item.id)) continue;
      const recording = this.deps.recordings.find(choice.item.id);
      if (!recording) continue;
      const logId = this.store.remove(choice, this.deps.clock.now());
      if (logId === null) continue;
      const files = await removeRecordingFiles(this.deps.recordingsDir(), recording);
      if (files.error) {
        this.store.fileError(logId, files.error);
        console.error(`cleanup: recording ${recording.id} deleted, but not all its files: ${files.error}`);
      }
      const done = { ...base, error: files.error };
      deleted.push(done);
      this.deps.bus.emit('library.cleaned', { ...done, at: this.deps.clock.now() });
    }
    const freedBytes = deleted.reduce((sum, d) => sum + d.bytes, 0);
    return {
      dryRun: options.dryRun,
      at,
      deleted,
      freedBytes,
      freeBytes,
      shortfallBytes:
        policy.keepFreeBytes === null || freeBytes === null
          ? 0
          : Math.max(0, policy.keepFreeBytes - freeBytes - freedBytes),
      policy: {
        keepDays: policy.keepDays,
        keepFreeGiB: policy.keepFreeBytes === null ? null : policy.keepFreeBytes / GIB,
        rulesKeepingLast: policy.keepLast.size,
      },
    };
  }
}
