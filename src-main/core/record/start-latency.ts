// How early a capture must start. ffmpeg takes time to start, connect and get its first bytes: half a
// second on an idle machine and a fast source, several seconds on a loaded machine or a slow panel. A
// fixed lead lost the first seconds of programmes there, so the time to first byte is learned per
// channel (or URL origin) and captures start that much before their window, with a margin and a cap.
import { eq } from 'drizzle-orm';
import type { Recording } from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { streamLatency } from '../db/schema';

/** Never less than this (ffmpeg's own start), never more than the cap (a broken source's timeout). */
export const MIN_LEAD_MS = 500;
export const MAX_LEAD_MS = 15_000;
/** Before anything is learned about a source. */
export const DEFAULT_LEAD_MS = 2_000;
/** The lead is the learned time to first byte times this, plus MIN_LEAD_MS. */
const MARGIN = 1.5;

export function latencyKey(recording: Pick<Recording, 'channelId' | 'url'>): string | null {
  if (recording.channelId !== null) return `channel:${recording.channelId}`;
  if (!recording.url) return null;
  try {
    return `url:${new URL(recording.url).origin}`;
  } catch {
    return null;
  }
}

export class StartLatency {
  /** Leads by key: arming a plan asks for thousands; a learn() replaces its key's. */
  private readonly leads = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** The lead for this recording's source: learned, or the default. */
  leadMs(recording: Pick<Recording, 'channelId' | 'url'>): number {
    const key = latencyKey(recording);
    if (!key) return DEFAULT_LEAD_MS;
    let lead = this.leads.get(key);
    if (lead === undefined) {
      const row = this.db.select().from(streamLatency).where(eq(streamLatency.key, key)).get();
      lead = row
        ? Math.min(MAX_LEAD_MS, Math.max(MIN_LEAD_MS, Math.round(row.ttfbMs * MARGIN + MIN_LEAD_MS)))
        : DEFAULT_LEAD_MS;
      this.leads.set(key, lead);
    }
    return lead;
  }

  /**
   * One observation. The stored figure rises to a slow sample at once and falls back by a fifth of the
   * difference per fast one: one slow start on a busy evening should shape the next few leads.
   */
  learn(recording: Pick<Recording, 'channelId' | 'url'>, ttfbMs: number): void {
    const key = latencyKey(recording);
    if (!key || !Number.isFinite(ttfbMs) || ttfbMs < 0) return;
    const sample = Math.min(ttfbMs, 60_000);
    const row = this.db.select().from(streamLatency).where(eq(streamLatency.key, key)).get();
    const next = row ? Math.max(sample, Math.round(row.ttfbMs * 0.8 + sample * 0.2)) : sample;
    this.leads.delete(key);
    this.db
      .insert(streamLatency)
      .values({ key, ttfbMs: next, samples: 1, updatedAt: this.now() })
      .onConflictDoUpdate({
        target: streamLatency.key,
        set: { ttfbMs: next, samples: (row?.samples ?? 0) + 1, updatedAt: this.now() },
      })
      .run();
  }
}
