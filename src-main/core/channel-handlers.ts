// The core's channels commands: the channels a recording can be made from (channels.list) and a stream
// added by hand (channels.add). Search, groups and guide mapping are the sources side's
// (sources/channel-handlers.ts).
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, like } from 'drizzle-orm';
import { TapedeckError } from '../../src-shared/contract';
import type { Channel } from '../../src-shared/domain';
import type { CommandHandlers } from './command-handlers';
import type { Db } from './db/open';
import { channels, sources } from './db/schema';
import type { EventBus } from './events';

export function channelHandlers(db: Db, bus: EventBus): CommandHandlers<'channels.list' | 'channels.add'> {
  return {
    'channels.list': (input) => {
      // Recordable channels only: VOD entries and channels the provider no longer lists stay out.
      const rows = db
        .select()
        .from(channels)
        .where(
          and(
            eq(channels.kind, 'live'),
            isNull(channels.missingSince),
            input.search ? like(channels.name, `%${input.search.replace(/[%_]/g, '')}%`) : undefined,
          ),
        )
        .orderBy(channels.id)
        .limit(5000)
        .all();
      return rows.map(toChannel);
    },
    'channels.add': (input) => {
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
      bus.emit('channels.changed', {});
      return toChannel(row);
    },
  };
}

/** The channel with this id; not_found when there is none. */
export function channelById(db: Db, id: number): Channel {
  const row = db.select().from(channels).where(eq(channels.id, id)).get();
  if (!row) throw new TapedeckError('not_found', `channel ${id} does not exist`);
  return toChannel(row);
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

function toChannel(row: typeof channels.$inferSelect): Channel {
  return {
    id: row.id,
    sourceId: row.sourceId,
    name: row.name,
    url: row.url,
    fallbackUrls: row.fallbackUrls,
    number: row.number,
    group: row.groupName,
    logo: row.logo,
  };
}
