// Recording rows -> domain objects (Recording with its segments, gaps and channel name), and the row
// shapes the store writes. Kept apart from store.ts so the mapping, which every read goes through, can
// be read on its own; redaction on the way out lives here because rows may predate it on the way in.
import { asc, inArray } from 'drizzle-orm';
import {
  windowOf,
  type Container,
  type Recording,
  type Segment,
  type SegmentEndReason,
} from '../../../src-shared/domain';
import type { ProgrammeRef } from '../../../src-shared/domain-rules';
import type { Db } from '../db/open';
import { channels, type recordings, recordingSegments } from '../db/schema';
import type { Clock } from '../events';
import { redactNullable, redactText } from '../redact';
import { capturedMs, computeGaps } from './health';

export type RecordingRow = typeof recordings.$inferSelect;
export type SegmentRow = typeof recordingSegments.$inferSelect;

export type RecordingPatch = Partial<
  Pick<
    RecordingRow,
    | 'attempt'
    | 'error'
    | 'actualStartAt'
    | 'actualEndAt'
    | 'outputPath'
    | 'fileMissingSince'
    | 'sizeBytes'
    | 'durationMs'
    | 'capturedMs'
    | 'startAt'
    | 'endAt'
    | 'padBeforeMs'
    | 'padAfterMs'
    | 'title'
    | 'channelId'
    | 'container'
    | 'ruleId'
    | 'airingKey'
    | 'programmeId'
    | 'programme'
    | 'conflict'
    | 'planNote'
    | 'protected'
    | 'watchedAt'
  >
>;

export interface NewRecording {
  title: string;
  channelId: number | null;
  url: string | null;
  startAt: number;
  endAt: number;
  padBeforeMs: number;
  padAfterMs: number;
  container: Container;
  ruleId?: number | null;
  airingKey?: string | null;
  programmeId?: number | null;
  programme?: ProgrammeRef | null;
  conflict?: string | null;
  planNote?: string | null;
}

/** The one free-text field of a patch. */
export function redactPatch(patch: RecordingPatch): RecordingPatch {
  return patch.error === undefined ? patch : { ...patch, error: redactNullable(patch.error) };
}

/** Rows to recordings with one query for their segments and one for their channels' names. */
export function toRecordings(db: Db, clock: Clock, rows: readonly RecordingRow[]): Recording[] {
  const segments = segmentRowsOf(
    db,
    rows.map((r) => r.id),
  );
  const names = channelNamesOf(
    db,
    rows.map((r) => r.channelId),
  );
  return rows.map((row) => toRecording(clock, row, segments.get(row.id) ?? [], names));
}

export function segmentRowsOf(db: Db, ids: readonly number[]): Map<number, SegmentRow[]> {
  const byRecording = new Map<number, SegmentRow[]>();
  if (ids.length === 0) return byRecording;
  // Chunked so a long list stays under SQLite's bound-parameter limit.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = db
      .select()
      .from(recordingSegments)
      .where(inArray(recordingSegments.recordingId, ids.slice(i, i + 500)))
      .orderBy(asc(recordingSegments.recordingId), asc(recordingSegments.index))
      .all();
    for (const row of rows) {
      const list = byRecording.get(row.recordingId) ?? [];
      list.push(row);
      byRecording.set(row.recordingId, list);
    }
  }
  return byRecording;
}

export function channelNamesOf(db: Db, ids: ReadonlyArray<number | null>): Map<number, string> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const names = new Map<number, string>();
  for (let i = 0; i < wanted.length; i += 500) {
    for (const row of db
      .select({ id: channels.id, name: channels.name })
      .from(channels)
      .where(inArray(channels.id, wanted.slice(i, i + 500)))
      .all()) {
      names.set(row.id, row.name);
    }
  }
  return names;
}

/** One row to a recording; `clock` dates the gaps of one still recording (they run until now). */
export function toRecording(
  clock: Clock,
  row: RecordingRow,
  segmentRows: readonly SegmentRow[],
  names: ReadonlyMap<number, string>,
): Recording {
  const segments: Segment[] = segmentRows.map((s) => ({
    index: s.index,
    path: s.path,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    bytes: s.bytes,
    mediaMs: s.mediaMs,
    endReason: s.endReason as SegmentEndReason | null,
    error: redactNullable(s.error),
  }));
  const window = windowOf(row);
  const gapsUntil = row.status === 'recording' ? clock.now() : (row.actualEndAt ?? window.end);
  return {
    id: row.id,
    title: row.title,
    ruleId: row.ruleId,
    airingKey: row.airingKey,
    programme: row.programme ?? null,
    conflict: row.conflict,
    planNote: row.planNote,
    channelId: row.channelId,
    channelName: row.channelId === null ? null : (names.get(row.channelId) ?? null),
    // Rows stored before direct URLs were split into the secret store are masked on the way out.
    url: row.url === null ? null : redactText(row.url),
    startAt: row.startAt,
    endAt: row.endAt,
    padBeforeMs: row.padBeforeMs,
    padAfterMs: row.padAfterMs,
    container: row.container,
    status: row.status,
    attempt: row.attempt,
    error: redactNullable(row.error),
    actualStartAt: row.actualStartAt,
    actualEndAt: row.actualEndAt,
    outputPath: row.outputPath,
    fileMissing: row.fileMissingSince !== null,
    fileMissingSince: row.fileMissingSince,
    sizeBytes: row.sizeBytes,
    durationMs: row.durationMs,
    capturedMs: row.capturedMs ?? (segments.length ? capturedMs(segments) : null),
    expectedMs: window.end - window.start,
    gaps: computeGaps(window, segments, gapsUntil),
    segments,
    protected: row.protected,
    watchedAt: row.watchedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
