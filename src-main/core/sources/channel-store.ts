// Channel rows as the recorder and the channels commands see them: the recordable list, one channel by
// id, and streams added by hand (which belong to the "manual" source, created on first use).
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, like } from 'drizzle-orm';
import { TapedeckError } from '../../../src-shared/contract';
import type { Channel } from '../../../src-shared/domain';
import type { Db } from '../db/open';
import { redactUrl } from '../redact';
import { channels, sources } from '../db/schema';

export type ChannelRow = typeof channels.$inferSelect;

/** Recordable channels only: VOD entries and channels the provider no longer lists stay out. */
export function recordableChannels(db: Db, search: string | undefined): Channel[] {
  return db
    .select()
    .from(channels)
    .where(
      and(
        eq(channels.kind, 'live'),
        isNull(channels.missingSince),
        search ? like(channels.name, `%${search.replace(/[%_]/g, '')}%`) : undefined,
      ),
    )
    .orderBy(channels.id)
    .limit(5000)
    .all()
    .map(toChannel);
}

/** A stream added by hand. */
export function addManualChannel(
  db: Db,
  input: { name: string; url: string; fallbackUrls: string[] },
): Channel {
  const row = db
    .insert(channels)
    .values({
      sourceId: manualSourceId(db),
      stableKey: `manual:${randomUUID()}`,
      name: input.name,
      url: input.url,
      fallbackUrls: input.fallbackUrls,
    })
    .returning()
    .get();
  return toChannel(row);
}

/** The channel row with this id, or null. */
export function channelRow(db: Db, id: number): ChannelRow | null {
  return db.select().from(channels).where(eq(channels.id, id)).get() ?? null;
}

/** The channel with this id; not_found when there is none. */
export function channelById(db: Db, id: number): Channel {
  const row = channelRow(db, id);
  if (!row) throw new TapedeckError('not_found', `channel ${id} does not exist`);
  return toChannel(row);
}

/**
 * Turns a channel on or off (the user's choice; imports never write `enabled`, so a refresh keeps it).
 * Returns whether anything changed.
 */
export function setChannelEnabled(db: Db, id: number, enabled: boolean, now: number): boolean {
  const result = db
    .update(channels)
    .set({ enabled, updatedAt: now })
    .where(and(eq(channels.id, id), eq(channels.enabled, !enabled)))
    .run();
  return result.changes > 0;
}

/** The source that channels added by hand belong to, created on first use. */
function manualSourceId(db: Db): number {
  const existing = db.select({ id: sources.id }).from(sources).where(eq(sources.kind, 'manual')).get();
  if (existing) return existing.id;
  return db
    .insert(sources)
    .values({ kind: 'manual', name: 'Added by hand' })
    .returning({ id: sources.id })
    .get().id;
}

/** What clients see of a channel: its URLs masked (tokens and passwords stay in the core). */
function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    sourceId: row.sourceId,
    name: row.name,
    url: redactUrl(row.url),
    fallbackUrls: row.fallbackUrls.map(redactUrl),
    number: row.number,
    group: row.groupName,
    logo: row.logo,
  };
}
