// Episodes recorded, for good: a rule never records an episode twice, also after the recording and its
// file were deleted (the row stays as a tombstone). A recording counts as having recorded its episode when
// it completed with at least RECORDED_SHARE of its window; a badly broken one does not, so the rule tries
// another airing.
import { eq, isNull, and } from 'drizzle-orm';
import type { Recording } from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { episodeHistory } from '../db/schema-history';
import { episodeKeys, sameEpisode } from './episode-identity';
import type { EpisodeKeys } from './plan-types';

export const RECORDED_SHARE = 0.9;

export interface PastEpisode {
  recordingId: number | null;
  ruleId: number | null;
  title: string;
  airedAt: number;
  deleted: boolean;
  keys: EpisodeKeys;
}

type HistoryRow = typeof episodeHistory.$inferSelect;

export class EpisodeHistory {
  constructor(private readonly db: Db) {}

  /** Remembers a finished recording's episode (once; only when it got most of its window). */
  remember(recording: Recording, now: number): boolean {
    if (recording.status !== 'completed') return false;
    if ((recording.capturedMs ?? 0) < recording.expectedMs * RECORDED_SHARE) return false;
    const exists = this.db
      .select({ id: episodeHistory.id })
      .from(episodeHistory)
      .where(eq(episodeHistory.recordingId, recording.id))
      .get();
    if (exists) return false;
    const p = recording.programme;
    const keys = episodeKeys({
      title: p?.title ?? recording.title,
      subTitle: p?.subTitle ?? null,
      description: p?.description ?? null,
      season: p?.season ?? null,
      episode: p?.episode ?? null,
      uid: p?.uid ?? null,
    });
    this.db
      .insert(episodeHistory)
      .values({
        recordingId: recording.id,
        ruleId: recording.ruleId,
        title: p?.title ?? recording.title,
        uidKey: keys.uid,
        episodeKey: keys.episode,
        subTitleKey: keys.subTitle,
        descriptionKey: keys.description,
        airedAt: p?.start ?? recording.startAt,
        recordedAt: now,
      })
      .run();
    return true;
  }

  /** The recording was deleted: its episode stays recorded (a tombstone). */
  tombstone(recordingId: number, now: number): void {
    this.db
      .update(episodeHistory)
      .set({ deletedAt: now })
      .where(and(eq(episodeHistory.recordingId, recordingId), isNull(episodeHistory.deletedAt)))
      .run();
  }

  /** Everything remembered, indexed for lookups by any layer. */
  index(): HistoryIndex {
    return new HistoryIndex(this.db.select().from(episodeHistory).all());
  }
}

export class HistoryIndex {
  private readonly byKey = new Map<string, PastEpisode[]>();
  readonly all: PastEpisode[];

  constructor(rows: readonly HistoryRow[]) {
    this.all = rows.map((row) => ({
      recordingId: row.recordingId,
      ruleId: row.ruleId,
      title: row.title,
      airedAt: row.airedAt,
      deleted: row.deletedAt !== null,
      keys: {
        uid: row.uidKey,
        episode: row.episodeKey,
        subTitle: row.subTitleKey,
        description: row.descriptionKey,
      },
    }));
    for (const past of this.all) {
      for (const key of layers(past.keys)) {
        const list = this.byKey.get(key);
        if (list) list.push(past);
        else this.byKey.set(key, [past]);
      }
    }
  }

  /** The earlier recording of this episode, if any (the strongest layer both have must agree). */
  find(keys: EpisodeKeys): PastEpisode | null {
    for (const key of layers(keys)) {
      for (const past of this.byKey.get(key) ?? []) {
        if (sameEpisode(keys, past.keys)) return past;
      }
    }
    return null;
  }
}

export function layers(keys: EpisodeKeys): string[] {
  return [keys.uid, keys.episode, keys.subTitle, keys.description].filter((k): k is string => k !== null);
}
