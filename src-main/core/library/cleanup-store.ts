// The database side of cleanup: the finished recordings as cleanup sees them, the rules' keep counts,
// the removal of one recording (row, event log, episode tombstone and deletion log in one transaction),
// and the deletion log. Everything here is a short main-thread write (docs/architecture.md, write gate).
import { desc, eq } from 'drizzle-orm';
import type { DeletionLogEntry } from '../../../src-shared/domain-library-space';
import type { Db } from '../db/open';
import { recordingDeletions } from '../db/schema-history';
import { redactNullable, redactText } from '../redact';
import type { RecordingStore } from '../recordings/store';
import type { EpisodeHistory } from '../schedule/episode-history';
import type { Choice, LibraryItem, RetentionPolicy } from './retention';

const FINISHED = "('completed', 'cancelled', 'failed')";

type ItemRow = {
  id: number;
  title: string;
  status: LibraryItem['status'];
  ruleId: number | null;
  startAt: number;
  endedAt: number;
  bytes: number;
  path: string | null;
  protected: number;
  watchedAt: number | null;
};

export class CleanupStore {
  constructor(
    private readonly db: Db,
    private readonly recordings: RecordingStore,
    private readonly history: EpisodeHistory,
  ) {}

  /**
   * Every finished recording (completed, cancelled, failed), with what it takes on disk: its file's
   * size, else the bytes of the segments it kept.
   */
  items(): LibraryItem[] {
    const rows = this.db.$client
      .prepare(
        `SELECT r.id, r.title, r.status, r.rule_id AS ruleId, r.start_at AS startAt,
            COALESCE(r.actual_end_at, r.end_at + r.pad_after_ms) AS endedAt,
            COALESCE(r.size_bytes, (SELECT SUM(s.bytes) FROM recording_segments s WHERE s.recording_id = r.id), 0)
              AS bytes,
            r.output_path AS path, r.protected, r.watched_at AS watchedAt
          FROM recordings r WHERE r.status IN ${FINISHED}`,
      )
      .all() as ItemRow[];
    return rows.map((row) => ({ ...row, protected: row.protected !== 0 }));
  }

  /** Rules with a keep count (whatever their state: a disabled rule's recordings are still its own). */
  keepLast(): RetentionPolicy['keepLast'] {
    const rows = this.db.$client
      .prepare('SELECT id, name, keep_last AS count FROM rules WHERE keep_last IS NOT NULL')
      .all() as Array<{ id: number; name: string; count: number }>;
    return new Map(rows.map((r) => [r.id, { count: r.count, name: r.name }]));
  }

  /**
   * Removes a recording cleanup chose, if it is still finished (a failed one may have been retried since
   * it was chosen): its episode stays recorded (a tombstone, so a rule does not record it again), the
   * event log says why, the deletion log keeps it. Returns the deletion log's id, or null when the
   * recording was left alone. Its files are the caller's to remove, after the row is gone.
   */
  remove(choice: Choice, at: number): number | null {
    const { item } = choice;
    return this.db.transaction(() => {
      const recording = this.recordings.find(item.id);
      if (!recording || !['completed', 'cancelled', 'failed'].includes(recording.status)) return null;
      if (recording.protected) return null;
      // Remembered first: a recording that completed while the planner was not running has no row yet.
      this.history.remember(recording, at);
      this.history.tombstone(item.id, at);
      const log = this.db
        .insert(recordingDeletions)
        .values({
          recordingId: item.id,
          title: item.title,
          path: item.path,
          bytes: item.bytes,
          reason: choice.reason,
          detail: choice.detail,
          at,
        })
        .returning({ id: recordingDeletions.id })
        .get();
      // The row, its segments (cascade), its stored stream URL, the event-log line and `recording.deleted`.
      this.recordings.delete(item.id, `deleted by cleanup: ${choice.detail}`);
      return log.id;
    });
  }

  /** A file of a removed recording could not be removed: the log says so. */
  fileError(logId: number, error: string): void {
    this.db
      .update(recordingDeletions)
      .set({ error: redactText(error) })
      .where(eq(recordingDeletions.id, logId))
      .run();
  }

  /** The deletion log, newest first. */
  deletions(limit: number): DeletionLogEntry[] {
    return this.db
      .select()
      .from(recordingDeletions)
      .orderBy(desc(recordingDeletions.at), desc(recordingDeletions.id))
      .limit(limit)
      .all()
      .map((row) => ({
        recordingId: row.recordingId,
        title: row.title,
        path: row.path,
        bytes: row.bytes,
        reason: row.reason,
        detail: row.detail,
        error: redactNullable(row.error),
        at: row.at,
      }));
  }
}
