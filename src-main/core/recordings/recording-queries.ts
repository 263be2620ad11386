// Read-only queries over recordings: listings, batches by id, the event log, and the figures the disk
// forecast and status use (finished bytes, learned bitrate). Apart from store.ts, which keeps the
// writes; every recording read here goes through the one mapping in recording-rows.ts.
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Recording, RecordingEvent, RecordingStatus } from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { recordingEvents, recordings } from '../db/schema';
import type { Clock } from '../events';
import { redactText } from '../redact';
import { toRecordings, type RecordingRow } from './recording-rows';

export function listRecordings(
  db: Db,
  clock: Clock,
  filter: { status?: RecordingStatus | readonly RecordingStatus[] },
): Recording[] {
  const statuses = filter.status === undefined ? null : ([] as RecordingStatus[]).concat(filter.status);
  const rows = db
    .select()
    .from(recordings)
    .where(statuses ? inArray(recordings.status, statuses) : undefined)
    .orderBy(desc(recordings.startAt), desc(recordings.id))
    .all();
  return toRecordings(db, clock, rows);
}

/** These recordings (those that exist), in one pass: for the events of a batch of changes. */
export function findRecordings(db: Db, clock: Clock, ids: readonly number[]): Recording[] {
  const rows: RecordingRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...db
        .select()
        .from(recordings)
        .where(inArray(recordings.id, ids.slice(i, i + 500)))
        .all(),
    );
  }
  return toRecordings(db, clock, rows);
}

export function eventsOf(db: Db, id: number): RecordingEvent[] {
  return db
    .select()
    .from(recordingEvents)
    .where(eq(recordingEvents.recordingId, id))
    .orderBy(asc(recordingEvents.id))
    .all()
    .map((e) => ({
      id: e.id,
      recordingId: e.recordingId,
      at: e.at,
      fromStatus: e.fromStatus as RecordingStatus | null,
      toStatus: e.toStatus as RecordingStatus,
      // Rows written before reasons were redacted on the way in are masked on the way out.
      reason: redactText(e.reason),
    }));
}

/** Bytes the finished recordings' files take: completed ones, and the kept part of cancelled ones. */
export function finishedBytes(db: Db): number {
  const row = db
    .select({ total: sql<number | null>`SUM(${recordings.sizeBytes})` })
    .from(recordings)
    .where(inArray(recordings.status, ['completed', 'cancelled']))
    .get();
  return row?.total ?? 0;
}

/** Completed and failed recordings that ended (or last changed) at or after `since`. */
export function endedSince(db: Db, clock: Clock, since: number): Recording[] {
  const rows = db
    .select()
    .from(recordings)
    .where(
      and(
        inArray(recordings.status, ['completed', 'failed']),
        gte(sql`COALESCE(${recordings.actualEndAt}, ${recordings.updatedAt})`, since),
      ),
    )
    .all();
  return toRecordings(db, clock, rows);
}

/**
 * Bits per second of the newest finished recording of the same channel or URL (over 10 s long), or
 * null when there is none: what a capture of this source is expected to write.
 */
export function learnedBitrate(db: Db, recording: Pick<Recording, 'channelId' | 'url'>): number | null {
  const same =
    recording.channelId !== null
      ? eq(recordings.channelId, recording.channelId)
      : eq(recordings.url, recording.url ?? '');
  const row = db
    .select({ size: recordings.sizeBytes, duration: recordings.durationMs })
    .from(recordings)
    .where(
      and(
        same,
        eq(recordings.status, 'completed'),
        isNotNull(recordings.sizeBytes),
        gt(recordings.durationMs, 10_000),
      ),
    )
    .orderBy(desc(recordings.id))
    .limit(1)
    .get();
  return row?.size && row.duration ? (row.size * 8 * 1000) / row.duration : null;
}
