// Recording rows <-> domain objects, and the one function that changes a recording's status.
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { TapedeckError } from '../../../src-shared/contract';
import {
  windowOf,
  type Container,
  type Recording,
  type RecordingEvent,
  type RecordingStatus,
  type Segment,
  type SegmentEndReason,
} from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { channels, recordingEvents, recordings, recordingSegments } from '../db/schema';
import type { Clock, EventBus } from '../events';
import { redactNullable, redactText } from '../redact';
import type { ProgrammeRef } from '../../../src-shared/domain-rules';
import type { SecretStore } from '../secrets';
import { capturedMs, computeGaps } from './health';
import { canTransition } from './status';

type RecordingRow = typeof recordings.$inferSelect;
type SegmentRow = typeof recordingSegments.$inferSelect;
export type RecordingPatch = Partial<
  Pick<
    RecordingRow,
    | 'attempt'
    | 'error'
    | 'actualStartAt'
    | 'actualEndAt'
    | 'outputPath'
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

/** A recording the planner wants scheduled for an airing (matched by its airing key). */
export interface PlannedRecording extends NewRecording {
  ruleId: number;
  airingKey: string;
  /** The event-log line when it is created ("scheduled by rule ..."). */
  reason: string;
}

export interface PlanChanges {
  /** Rule-made scheduled recordings: what should exist, by airing key. */
  planned: PlannedRecording[];
  /** Why a rule-made scheduled recording that is no longer planned goes, by airing key. */
  removalReason: (airingKey: string) => string;
  /** Other scheduled recordings: their conflict, channel and note as allocation left them. */
  others: Map<number, { conflict: string | null; channelId: number | null; note?: string | null }>;
}

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
    return row ? this.toDomain(row, this.segmentRows([id]).get(id) ?? []) : null;
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
    const statuses = filter.status === undefined ? null : ([] as RecordingStatus[]).concat(filter.status);
    const rows = this.db
      .select()
      .from(recordings)
      .where(statuses ? inArray(recordings.status, statuses) : undefined)
      .orderBy(desc(recordings.startAt), desc(recordings.id))
      .all();
    return this.toDomainMany(rows);
  }

  /** These recordings (those that exist), in one pass: for the events of a batch of changes. */
  findMany(ids: readonly number[]): Recording[] {
    const rows: RecordingRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(
        ...this.db
          .select()
          .from(recordings)
          .where(inArray(recordings.id, ids.slice(i, i + 500)))
          .all(),
      );
    }
    return this.toDomainMany(rows);
  }

  /** Rows to recordings with one query for their segments and one for their channels' names. */
  private toDomainMany(rows: readonly RecordingRow[]): Recording[] {
    const segments = this.segmentRows(rows.map((r) => r.id));
    const names = this.channelNames(rows.map((r) => r.channelId));
    return rows.map((row) => this.toDomain(row, segments.get(row.id) ?? [], names));
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
    return this.db
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

  /**
   * Writes a plan's difference in one transaction: creates, updates and removes rule-made scheduled
   * recordings (never a running one), and sets conflicts and notes on the others. Returns what changed;
   * the caller emits the events after its own transaction (emitChanged).
   */
  applyPlan(changes: PlanChanges): { changed: number[]; removed: number[] } {
    const at = this.clock.now();
    const changed: number[] = [];
    const removed: number[] = [];
    this.db.transaction((tx) => {
      const existing = new Map(
        tx
          .select()
          .from(recordings)
          .where(and(eq(recordings.status, 'scheduled'), isNotNull(recordings.ruleId)))
          .all()
          .filter((row) => row.airingKey !== null)
          .map((row) => [row.airingKey!, row] as const),
      );
      // Plans write thousands of rows: plain prepared statements, not a query built per row.
      const client = this.db.$client;
      const insertEvent = client.prepare(
        'INSERT INTO recording_events (recording_id, at, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
      );
      const log = (recordingId: number, status: RecordingStatus | null, reason: string) =>
        insertEvent.run(recordingId, at, status, status ?? 'scheduled', redactText(reason));
      const insertRecording = client.prepare(
        `INSERT INTO recordings (title, channel_id, url, start_at, end_at, pad_before_ms, pad_after_ms, container,
            programme_id, programme, conflict, plan_note, rule_id, airing_key, status, created_at, updated_at)
          VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?) RETURNING id`,
      );
      // Airings someone else holds (a running or one-off recording of it) are not scheduled twice.
      const held = new Set(
        client
          .prepare(
            `SELECT airing_key FROM recordings
              WHERE airing_key IS NOT NULL AND status IN ('scheduled', 'recording')`,
          )
          .pluck()
          .all() as string[],
      );
      for (const want of changes.planned) {
        const row = existing.get(want.airingKey);
        existing.delete(want.airingKey);
        const values = {
          title: want.title,
          channelId: want.channelId,
          startAt: want.startAt,
          endAt: want.endAt,
          padBeforeMs: want.padBeforeMs,
          padAfterMs: want.padAfterMs,
          container: want.container,
          programmeId: want.programmeId ?? null,
          programme: want.programme ?? null,
          conflict: want.conflict ?? null,
          planNote: want.planNote ?? null,
        };
        if (row) {
          const differs = (Object.keys(values) as Array<keyof typeof values>).some(
            (k) => JSON.stringify(row[k]) !== JSON.stringify(values[k]),
          );
          if (!differs) continue;
          tx.update(recordings)
            .set({ ...values, updatedAt: at })
            .where(eq(recordings.id, row.id))
            .run();
          if (row.conflict !== values.conflict) {
            log(
              row.id,
              'scheduled',
              values.conflict ? `conflict: ${values.conflict}` : 'the conflict is resolved',
            );
          }
          changed.push(row.id);
          continue;
        }
        if (held.has(want.airingKey)) continue;
        held.add(want.airingKey);
        const inserted = insertRecording.get(
          values.title,
          values.channelId,
          values.startAt,
          values.endAt,
          values.padBeforeMs,
          values.padAfterMs,
          values.container,
          values.programmeId,
          values.programme === null ? null : JSON.stringify(values.programme),
          values.conflict,
          values.planNote,
          want.ruleId,
          want.airingKey,
          at,
          at,
        ) as { id: number };
        log(inserted.id, null, want.conflict ? `${want.reason}; conflict: ${want.conflict}` : want.reason);
        changed.push(inserted.id);
      }
      for (const [key, row] of existing) {
        tx.delete(recordings).where(eq(recordings.id, row.id)).run();
        log(row.id, 'scheduled', changes.removalReason(key));
        removed.push(row.id);
      }
      for (const [id, next] of changes.others) {
        const row = tx.select().from(recordings).where(eq(recordings.id, id)).get();
        if (!row || row.status !== 'scheduled') continue;
        if (row.conflict === next.conflict && row.channelId === next.channelId && row.planNote === next.note)
          continue;
        tx.update(recordings)
          .set({ conflict: next.conflict, channelId: next.channelId, planNote: next.note, updatedAt: at })
          .where(eq(recordings.id, id))
          .run();
        if (row.conflict !== next.conflict) {
          log(id, 'scheduled', next.conflict ? `conflict: ${next.conflict}` : 'the conflict is resolved');
        }
        changed.push(id);
      }
    });
    return { changed, removed };
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

  /**
   * Bits per second of the newest finished recording of the same channel or URL (over 10 s long), or
   * null when there is none: what a capture of this source is expected to write.
   */
  /** Bytes the finished recordings' files take: completed ones, and the kept part of cancelled ones. */
  finishedBytes(): number {
    const row = this.db
      .select({ total: sql<number | null>`SUM(${recordings.sizeBytes})` })
      .from(recordings)
      .where(inArray(recordings.status, ['completed', 'cancelled']))
      .get();
    return row?.total ?? 0;
  }

  /** Completed and failed recordings that ended (or last changed) at or after `since`. */
  endedSince(since: number): Recording[] {
    const rows = this.db
      .select()
      .from(recordings)
      .where(
        and(
          inArray(recordings.status, ['completed', 'failed']),
          gte(sql`COALESCE(${recordings.actualEndAt}, ${recordings.updatedAt})`, since),
        ),
      )
      .all();
    return this.toDomainMany(rows);
  }

  learnedBitrate(recording: Pick<Recording, 'channelId' | 'url'>): number | null {
    const same =
      recording.channelId !== null
        ? eq(recordings.channelId, recording.channelId)
        : eq(recordings.url, recording.url ?? '');
    const row = this.db
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

  openSegment(recordingId: number, index: number, path: string, startedAt: number): void {
    this.db.insert(recordingSegments).values({ recordingId, index, path, startedAt }).run();
  }

  updateSegment(recordingId: number, index: number, values: { bytes: number; mediaMs: number }): void {
    this.db
      .update(recordingSegments)
      .set(values)
      .where(and(eq(recordingSegments.recordingId, recordingId), eq(recordingSegments.index, index)))
      .run();
  }

  closeSegment(
    recordingId: number,
    index: number,
    values: {
      endedAt: number;
      bytes: number;
      mediaMs: number;
      endReason: SegmentEndReason;
      error: string | null;
    },
  ): void {
    this.db
      .update(recordingSegments)
      .set({ ...values, error: redactNullable(values.error) })
      .where(and(eq(recordingSegments.recordingId, recordingId), eq(recordingSegments.index, index)))
      .run();
  }

  setSegmentPid(recordingId: number, index: number, pid: number | null): void {
    this.db
      .update(recordingSegments)
      .set({ pid })
      .where(and(eq(recordingSegments.recordingId, recordingId), eq(recordingSegments.index, index)))
      .run();
  }

  deleteSegment(recordingId: number, index: number): void {
    this.db
      .delete(recordingSegments)
      .where(and(eq(recordingSegments.recordingId, recordingId), eq(recordingSegments.index, index)))
      .run();
  }

  /** Segments left open by a process that died (kill -9, power loss), with the pid that wrote them. */
  openSegments(recordingId: number): Array<{ index: number; path: string; pid: number | null }> {
    return this.db
      .select({ index: recordingSegments.index, path: recordingSegments.path, pid: recordingSegments.pid })
      .from(recordingSegments)
      .where(and(eq(recordingSegments.recordingId, recordingId), isNull(recordingSegments.endedAt)))
      .all();
  }

  private segmentRows(ids: readonly number[]): Map<number, SegmentRow[]> {
    const byRecording = new Map<number, SegmentRow[]>();
    if (ids.length === 0) return byRecording;
    // Chunked so a long list stays under SQLite's bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const rows = this.db
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

  private channelNames(ids: ReadonlyArray<number | null>): Map<number, string> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    const names = new Map<number, string>();
    for (let i = 0; i < wanted.length; i += 500) {
      for (const row of this.db
        .select({ id: channels.id, name: channels.name })
        .from(channels)
        .where(inArray(channels.id, wanted.slice(i, i + 500)))
        .all()) {
        names.set(row.id, row.name);
      }
    }
    return names;
  }

  private toDomain(
    row: RecordingRow,
    segmentRows: readonly SegmentRow[],
    names: ReadonlyMap<number, string> = this.channelNames([row.channelId]),
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
    const gapsUntil = row.status === 'recording' ? this.clock.now() : (row.actualEndAt ?? window.end);
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
      sizeBytes: row.sizeBytes,
      durationMs: row.durationMs,
      capturedMs: row.capturedMs ?? (segments.length ? capturedMs(segments) : null),
      expectedMs: window.end - window.start,
      gaps: computeGaps(window, segments, gapsUntil),
      segments,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

/** The one free-text field of a patch. */
function redactPatch(patch: RecordingPatch): RecordingPatch {
  return patch.error === undefined ? patch : { ...patch, error: redactNullable(patch.error) };
}
