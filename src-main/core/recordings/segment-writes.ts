// The recording_segments writes a capture makes while it runs (open, progress, close, its ffmpeg's pid),
// and the read crash recovery needs (segments left open). Apart from store.ts because only the capture
// loop and recovery use them; a segment's error is redacted here, as it quotes ffmpeg's stderr.
import { and, eq, isNull } from 'drizzle-orm';
import type { SegmentEndReason } from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { recordingSegments } from '../db/schema';
import { redactNullable } from '../redact';

export interface SegmentClose {
  endedAt: number;
  bytes: number;
  mediaMs: number;
  endReason: SegmentEndReason;
  error: string | null;
}

const segmentIs = (recordingId: number, index: number) =>
  and(eq(recordingSegments.recordingId, recordingId), eq(recordingSegments.index, index));

export function openSegment(
  db: Db,
  recordingId: number,
  index: number,
  path: string,
  startedAt: number,
): void {
  db.insert(recordingSegments).values({ recordingId, index, path, startedAt }).run();
}

export function updateSegment(
  db: Db,
  recordingId: number,
  index: number,
  values: { bytes: number; mediaMs: number },
): void {
  db.update(recordingSegments).set(values).where(segmentIs(recordingId, index)).run();
}

export function closeSegment(db: Db, recordingId: number, index: number, values: SegmentClose): void {
  db.update(recordingSegments)
    .set({ ...values, error: redactNullable(values.error) })
    .where(segmentIs(recordingId, index))
    .run();
}

export function setSegmentPid(db: Db, recordingId: number, index: number, pid: number | null): void {
  db.update(recordingSegments).set({ pid }).where(segmentIs(recordingId, index)).run();
}

export function deleteSegment(db: Db, recordingId: number, index: number): void {
  db.delete(recordingSegments).where(segmentIs(recordingId, index)).run();
}

/** Segments left open by a process that died (kill -9, power loss), with the pid that wrote them. */
export function openSegments(
  db: Db,
  recordingId: number,
): Array<{ index: number; path: string; pid: number | null }> {
  return db
    .select({ index: recordingSegments.index, path: recordingSegments.path, pid: recordingSegments.pid })
    .from(recordingSegments)
    .where(and(eq(recordingSegments.recordingId, recordingId), isNull(recordingSegments.endedAt)))
    .all();
}
