// The library's queries on recordings: finished files (for rescans, imports and the TV playlist), the
// missing-file mark, and recordings created from imported files. Statuses still change only through
// RecordingStore.transition(); an import creates its row already completed (there was never a capture),
// with its event-log entry in the same transaction, as RecordingStore.create() does for `scheduled`.
import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Container, Recording } from '../../../src-shared/domain';
import type { ProgrammeRef } from '../../../src-shared/domain-rules';
import type { Db } from '../db/open';
import { recordingEvents, recordings } from '../db/schema';
import type { Clock } from '../events';
import { redactText } from '../redact';
import type { RecordingStore } from './store';

export interface FinishedFile {
  id: number;
  title: string;
  status: 'completed' | 'cancelled';
  outputPath: string;
  sizeBytes: number | null;
  fileMissingSince: number | null;
}

export interface ImportedRecording {
  title: string;
  programme: ProgrammeRef | null;
  startAt: number;
  endAt: number;
  container: Container;
  outputPath: string;
  sizeBytes: number;
  durationMs: number;
}

export class LibraryStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly store: RecordingStore,
  ) {}

  /** Completed and cancelled recordings that have (or had) a file. */
  finishedFiles(): FinishedFile[] {
    return this.db
      .select({
        id: recordings.id,
        title: recordings.title,
        status: recordings.status,
        outputPath: recordings.outputPath,
        sizeBytes: recordings.sizeBytes,
        fileMissingSince: recordings.fileMissingSince,
      })
      .from(recordings)
      .where(and(inArray(recordings.status, ['completed', 'cancelled']), isNotNull(recordings.outputPath)))
      .all() as FinishedFile[];
  }

  /**
   * Marks these recordings' files missing (since `at`) and those back, each with an event-log line, in one
   * transaction; then one `recording.updated` per recording changed.
   */
  setMissing(missing: readonly FinishedFile[], back: readonly FinishedFile[], at: number): void {
    if (missing.length === 0 && back.length === 0) return;
    this.db.transaction((tx) => {
      const log = (file: FinishedFile, reason: string) =>
        tx
          .insert(recordingEvents)
          .values({
            recordingId: file.id,
            at,
            fromStatus: file.status,
            toStatus: file.status,
            reason: redactText(reason),
          })
          .run();
      for (const file of missing) {
        tx.update(recordings)
          .set({ fileMissingSince: at, updatedAt: at })
          .where(eq(recordings.id, file.id))
          .run();
        log(file, `the file is missing (moved or deleted outside Tapedeck): ${file.outputPath}`);
      }
      for (const file of back) {
        tx.update(recordings)
          .set({ fileMissingSince: null, updatedAt: at })
          .where(eq(recordings.id, file.id))
          .run();
        log(file, `the file is back: ${file.outputPath}`);
      }
    });
    this.store.emitChanged({ changed: [...missing, ...back].map((f) => f.id), removed: [] });
  }

  /** A missing recording's file found elsewhere (an import of the folder it was moved to). */
  relink(file: FinishedFile, to: string): Recording {
    return this.store.update(
      file.id,
      { outputPath: to, fileMissingSince: null },
      `the file was found again at ${to} (it was ${file.outputPath})`,
    );
  }

  /** Creates a completed recording for an imported file, with its event-log entry. */
  insertImported(input: ImportedRecording, reason: string): Recording {
    const at = this.clock.now();
    const id = this.db.transaction((tx) => {
      const row = tx
        .insert(recordings)
        .values({
          title: input.title,
          channelId: null,
          url: null,
          programme: input.programme,
          startAt: input.startAt,
          endAt: input.endAt,
          padBeforeMs: 0,
          padAfterMs: 0,
          container: input.container,
          status: 'completed',
          actualStartAt: input.startAt,
          actualEndAt: input.endAt,
          outputPath: input.outputPath,
          sizeBytes: input.sizeBytes,
          durationMs: input.durationMs,
          capturedMs: input.durationMs,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: recordings.id })
        .get();
      tx.insert(recordingEvents)
        .values({
          recordingId: row.id,
          at,
          fromStatus: null,
          toStatus: 'completed',
          reason: redactText(reason),
        })
        .run();
      return row.id;
    });
    this.store.emitChanged({ changed: [id], removed: [] });
    return this.store.get(id);
  }

  /** What TV apps are offered: completed recordings whose file is where it should be, newest first. */
  playable(): Recording[] {
    const ids = this.db
      .select({ id: recordings.id })
      .from(recordings)
      .where(
        and(
          eq(recordings.status, 'completed'),
          isNotNull(recordings.outputPath),
          isNull(recordings.fileMissingSince),
        ),
      )
      .orderBy(desc(recordings.startAt), desc(recordings.id))
      .all()
      .map((r) => r.id);
    const byId = new Map(this.store.findMany(ids).map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
