// Which provider account each source uses, and how many simultaneous connections that account allows,
// as the database says now. Both the planner (allocate.ts) and the capture-time guard
// (connection-guard.ts) read it here, so they can never disagree about what a group is.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { channels, sources } from '../db/schema';
import type { ConnectionGroup } from './plan-types';

/** The key of a source that shares its limit with nobody. */
export const ownGroupKey = (sourceId: number): string => `source:${sourceId}`;

/** A source's group: `connection_group` (trimmed) when set and not blank, else its own. */
export function groupKeyOf(source: { id: number; connectionGroup: string | null }): string {
  const shared = source.connectionGroup?.trim();
  return shared ? shared : ownGroupKey(source.id);
}

/** What the capture-time guard needs: the group a channel's recordings count against, now. */
export interface GroupLookup {
  channelGroup(channelId: number): ConnectionGroup | null;
}

interface SourceRow {
  id: number;
  name: string;
  maxConnections: number | null;
  connectionGroup: string | null;
}

/**
 * A snapshot of the sources' connection groups. Read one per planning pass or per capture start: the
 * sources are a handful of rows, and a snapshot never mixes two states of a settings change.
 *
 * - A source's group key is its `connection_group`, or `source:<id>` when that is null or blank. Keys
 *   share one space, so a source whose connection_group is `source:3` joins source 3's own group.
 * - A group's name (for reasons) is the connection_group as written, or the source's name for a
 *   source's own group.
 * - A group's limit is the smallest `max_connections` among its sources (two playlists of one account
 *   with different numbers: the stricter one is the truth); null (unlimited) when none has one. Values
 *   below 1 count as none: Xtream panels write 0 for "unlimited" (the importer already maps it to null,
 *   and the API accepts 1..1000), so a 0 here cannot mean "never record".
 * - A recording without a channel (a direct URL) belongs to no group and is not limited: nothing says
 *   which account, if any, its URL uses.
 */
export class ConnectionLimits implements GroupLookup {
  /** Every group that has at least one source, by key. */
  readonly groups: ReadonlyMap<string, ConnectionGroup>;
  private readonly bySource: ReadonlyMap<number, ConnectionGroup>;
  private readonly channelSource: (channelId: number) => number | null;
  private readonly channelCache = new Map<number, ConnectionGroup | null>();

  private constructor(rows: readonly SourceRow[], channelSource: (channelId: number) => number | null) {
    this.channelSource = channelSource;
    const members = new Map<string, SourceRow[]>();
    for (const row of rows) {
      const key = groupKeyOf(row);
      members.set(key, [...(members.get(key) ?? []), row]);
    }
    const groups = new Map<string, ConnectionGroup>();
    const bySource = new Map<number, ConnectionGroup>();
    for (const [key, rowsOfGroup] of members) {
      const limits = rowsOfGroup
        .map((row) => row.maxConnections)
        .filter((limit): limit is number => limit !== null && limit >= 1);
      const owner = rowsOfGroup.find((row) => ownGroupKey(row.id) === key);
      const group: ConnectionGroup = {
        key,
        name: owner ? owner.name : key,
        limit: limits.length > 0 ? Math.min(...limits) : null,
      };
      groups.set(key, group);
      for (const row of rowsOfGroup) bySource.set(row.id, group);
    }
    this.groups = groups;
    this.bySource = bySource;
  }

  /** Reads every source's group from the database (one query; channels are looked up on demand). */
  static read(db: Db): ConnectionLimits {
    const rows = db
      .select({
        id: sources.id,
        name: sources.name,
        maxConnections: sources.maxConnections,
        connectionGroup: sources.connectionGroup,
      })
      .from(sources)
      .orderBy(sources.id)
      .all();
    const lookup = db
      .select({ sourceId: channels.sourceId })
      .from(channels)
      .where(eq(channels.id, sql.placeholder('id')))
      .prepare();
    return new ConnectionLimits(rows, (id) => lookup.get({ id })?.sourceId ?? null);
  }

  /** The group of a source; null for a source that does not exist. */
  sourceGroup(sourceId: number): ConnectionGroup | null {
    return this.bySource.get(sourceId) ?? null;
  }

  /**
   * The group a recording on this channel counts against; null for no channel (a direct URL) or a
   * channel that no longer exists: no group, no limit.
   */
  channelGroup(channelId: number | null): ConnectionGroup | null {
    if (channelId === null) return null;
    let group = this.channelCache.get(channelId);
    if (group === undefined) {
      const sourceId = this.channelSource(channelId);
      group = sourceId === null ? null : this.sourceGroup(sourceId);
      this.channelCache.set(channelId, group);
    }
    return group;
  }
}
