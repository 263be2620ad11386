// The write boundary for recordings: create, the one function that changes a recording's status
// (transition), field updates, notes and delete, each with its event-log line and its event.
// Reads, segment writes and plan writes live in their own modules (recording-rows.ts,
// recording-queries.ts, segment-writes.ts, plan-apply.ts); RecordingStore stays the one object
// callers hold, so those modules are reached through it.
import { eq } from 'drizzle-orm';
import { TapedeckError } from '../../../src-shared/contract';
import type { Recording, RecordingEvent, RecordingStatus } from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { recordingEvents, recordings } from '../db/schema';
import type { Clock, EventBus } from '../events';
import { redactText } from '../redact';
import type { SecretStore } from '../secrets';
import { applyPlan, type PlanChanges } from './plan-apply';
import {
  endedSince,
  eventsOf,
  findRecordings,
  finishedBytes,
  learnedBitrate,
  listRecordings,
} from './recording-queries';
import {
  channelNamesOf,
  redactPatch,
  segmentRowsOf,
  toRecording,
  type NewRecording,
  type RecordingPatch,
} from './recording-rows';
import {
  closeSegment,
  deleteSegment,
  openSegment,
  openSegments,
  setSegmentPid,
  updateSegment,
  type SegmentClose,
} from './segment-writes';
import { canTransition } from './status';

export type { NewRecording, RecordingPatch } from './recording-rows';
export type { PlanChanges, PlannedRecording } from './plan-apply';

/** The bitrate assumed for a channel or URL never recorded before (capture's disk check, status.get). */
export const DEFAULT_BITRATE = 8_000_000;

/** Where a direct recording's URL is kept when it carries credentials. */
const streamUrlKey = (id: number) => `recording-url:${id}`;

/**
 * The write boundary for recordings: every reason, note and error is redacted here (redact.ts), so no
 * caller can put a password or token into the database; ffmpeg's stderr quotes the stream URL.
 */
export class RecordingStore {
  /**
   * `secrets` holds the real URL of a direct recording whose URL carries credentials; the row keeps
   * the redacted one. Without a secret store (unit tests) such a URL is stored as given.
   */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly secrets: SecretStore | null = null,
  ) {}

  create(input: NewRecording, reason: string): Recording {
    const at = this.clock.now();
    const shownUrl = input.url === null || !this.secrets ? input.url : redactText(input.url);
    const id = this.db.transaction((tx) => {
      const row = tx
        .insert(recordings)
        .values({ ...input, url: shownUrl, status: 'scheduled', createdAt: at, updatedAt: at })
        .returning({ id: recordings.id })
        .get();
      tx.insert(recordingEvents)
        .values({
          recordingId: row.id,
          at,
          fromStatus: null,
          toStatus: 'scheduled',
          reason: redactText(reason),
        })
        .run();
      // Inside the transaction: if the secret store refuses, no recording is left without its URL.
      if (input.url !== null && shownUrl !== input.url) this.secrets?.set(streamUrlKey(row.id), input.url);
      return row.id;
    });
    const recording = this.get(id);
    this.bus.emit('recording.updated', recording);
    return recording;
  }

  find(id: number): Recording | null {
    const row = this.db.select().from(recordings).where(eq(recordings.id, id)).get();
    if (!row) return null;
    const segments = segmentRowsOf(this.db, [id]).get(id) ?? [];
    return toRecording(this.clock, row, segments, channelNamesOf(this.db, [row.channelId]));
  }

  get(id: number): Recording {
    const recording = this.find(id);
    if (!recording) throw new TapedeckError('not_found', `recording ${id} does not exist`);
    return recording;
  }

  /**
   * The URL to record a direct recording from: the credentialled one from the secret store, else the
   * stored column (`Recording.url` is only what may be shown).
   */
  streamUrl(id: number): string | null {
    const row = this.db.select({ url: recordings.url }).from(recordings).where(eq(recordings.id, id)).get();
    if (!row?.url) return null;
    return this.secrets?.get(streamUrlKey(id)) ?? row.url;
  }

  list(filter: { status?: RecordingStatus | readonly RecordingStatus[] } = {}): Recording[] {
    return listRecordings(this.db, this.clock, filter);
  }

  /** These recordings (those that exist), in one pass: for the events of a batch of changes. */
  findMany(ids: readonly number[]): Recording[] {
    return findRecordings(this.db, this.clock, ids);
  }

  /**
   * The only way a status changes: checks the transition, writes the row and its event-log entry
   * in one transaction, then emits one event.
   */
  transition(id: number, to: RecordingStatus, reason: string, patch: RecordingPatch = {}): Recording {
    const at = this.clock.now();
    this.db.transaction((tx) => {
      const row = tx.select().from(recordings).where(eq(recordings.id, id)).get();
      if (!row) throw new TapedeckError('not_found', `recording ${id} does not exist`);
      if (!canTransition(row.status, to)) {
        throw new TapedeckError('conflict', `recording ${id} is ${row.status}; it cannot become ${to}`);
      }
      tx.update(recordings)
        .set({ ...redactPatch(patch), status: to, updatedAt: at })
        .where(eq(recordings.id, id))
        .run();
      tx.insert(recordingEvents)
        .values({ recordingId: id, at, fromStatus: row.status, toStatus: to, reason: redactText(reason) })
        .run();
    });
    const recording = this.get(id);
    this.bus.emit('recording.updated', recording);
    return recording;
  }

  /** Updates fields without a status change (progress totals, results), optionally logging why. */
  update(id: number, patch: RecordingPatch, note?: string): Recording {
    const at = this.clock.now();
    this.db.transaction((tx) => {
      const row = tx.select().from(recordings).where(eq(recordings.id, id)).get();
      if (!row) throw new TapedeckError('not_found', `recording ${id} does not exist`);
      tx.update(recordings)
        .set({ ...redactPatch(patch), updatedAt: at })
        .where(eq(recordings.id, id))
        .run();
      if (note) {
        tx.insert(recordingEvents)
          .values({
            recordingId: id,
            at,
            fromStatus: row.status,
            toStatus: row.status,
            reason: redactText(note),
          })
          .run();
      }
    });
    const recording = this.get(id);
    this.bus.emit('recording.updated', recording);
    return recording;
  }

  /** Writes an event-log entry that is not a transition (resume, failover, retry scheduled...). */
  note(id: number, reason: string): void {
    const row = this.db
      .select({ status: recordings.status })
      .from(recordings)
      .where(eq(recordings.id, id))
      .get();
    if (!row) return;
    this.db
      .insert(recordingEvents)
      .values({
        recordingId: id,
        at: this.clock.now(),
        fromStatus: row.status,
        toStatus: row.status,
        reason: redactText(reason),
      })
      .run();
  }

  events(id: number): RecordingEvent[] {
    return eventsOf(this.db, id);
  }

  /**
   * Writes a plan's difference in one transaction (plan-apply.ts): creates, updates and removes
   * rule-made scheduled recordings (never a running one), and sets conflicts and notes on the others.
   * Returns what changed; the caller emits the events after its own transaction (emitChanged).
   */
  applyPlan(changes: PlanChanges): { changed: number[]; removed: number[] } {
    return applyPlan(this.db, this.clock.now(), changes);
  }

  /** Emits the events of what applyPlan (or another batch) changed. */
  emitChanged(changes: { changed: number[]; removed: number[] }): void {
    for (const recording of this.findMany(changes.changed)) this.bus.emit('recording.updated', recording);
    for (const id of changes.removed) this.bus.emit('recording.deleted', { id });
  }

  delete(id: number, reason: string): void {
    const at = this.clock.now();
    this.db.transaction((tx) => {
      const row = tx
        .select({ status: recordings.status })
        .from(recordings)
        .where(eq(recordings.id, id))
        .get();
      if (!row) throw new TapedeckError('not_found', `recording ${id} does not exist`);
      tx.delete(recordings).where(eq(recordings.id, id)).run();
      tx.insert(recordingEvents)
        .values({
          recordingId: id,
          at,
          fromStatus: row.status,
          toStatus: row.status,
          reason: redactText(reason),
        })
        .run();
    });
    this.secrets?.delete(streamUrlKey(id));
    this.bus.emit('recording.deleted', { id });
  }

  /** Bytes the finished recordings' files take: completed ones, and the kept part of cancelled ones. */
  finishedBytes(): number {
    return finishedBytes(this.db);
  }

  /** Completed and failed recordings that ended (or last changed) at or after `since`. */
  endedSince(since: number): Recording[] {
    return endedSince(this.db, this.clock, since);
  }

  /**
   * Bits per second of the newest finished recording of the same channel or URL (over 10 s long), or
   * null when there is none: what a capture of this source is expected to write.
   */
  learnedBitrate(recording: Pick<Recording, 'channelId' | 'url'>): number | null {
    return learnedBitrate(this.db, recording);
  }

  // A capture's segments (segment-writes.ts).

  openSegment(recordingId: number, index: number, path: string, startedAt: number): void {
    openSegment(this.db, recordingId, index, path, startedAt);
  }

  updateSegment(recordingId: number, index: number, values: { bytes: number; mediaMs: number }): void {
    updateSegment(this.db, recordingId, index, values);
  }

  closeSegment(recordingId: number, index: number, values: SegmentClose): void {
    closeSegment(this.db, recordingId, index, values);
  }

  setSegmentPid(recordingId: number, index: number, pid: number | null): void {
    setSegmentPid(this.db, recordingId, index, pid);
  }

  deleteSegment(recordingId: number, index: number): void {
    deleteSegment(this.db, recordingId, index);
  }

  /** Segments left open by a process that died (kill -9, power loss), with the pid that wrote them. */
  openSegments(recordingId: number): Array<{ index: number; path: string; pid: number | null }> {
    return openSegments(this.db, recordingId);
  }
}
