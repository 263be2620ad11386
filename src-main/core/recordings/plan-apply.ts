// Writes a scheduling plan's difference to the recordings table in one transaction. Apart from
// store.ts because it is the one bulk writer (thousands of rows, plain prepared statements) and has
// its own rules: only rule-made scheduled recordings are created or removed, never a running one.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { RecordingStatus } from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { recordings } from '../db/schema';
import { redactText } from '../redact';
import type { NewRecording } from './recording-rows';

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

/**
 * Creates, updates and removes rule-made scheduled recordings, and sets conflicts and notes on the
 * others, all at `at`. Returns what changed; the caller emits the events (RecordingStore.emitChanged).
 */
export function applyPlan(
  db: Db,
  at: number,
  changes: PlanChanges,
): { changed: number[]; removed: number[] } {
  const changed: number[] = [];
  const removed: number[] = [];
  db.transaction((tx) => {
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
    const client = db.$client;
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
