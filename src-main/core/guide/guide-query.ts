// The guide: programmes of a set of channels in a time window, through each channel's mapping.
// One indexed range scan per channel on programmes_identity (guide, channel, start), so the cost grows
// with what is shown, not with what is stored.
import { TapedeckError, type ParsedInput } from '../../../src-shared/contract';
import {
  logoUrlOf,
  type GuideChannelRow,
  type GuideProgramme,
  type GuideWindow,
} from '../../../src-shared/domain-sources';
import { parseStringList } from '../db/json-columns';
import type { Db } from '../db/open';
import type BetterSqlite3 from 'better-sqlite3';

/** A programme without a stop (the last of its channel) is assumed to run this long. */
export const OPEN_END_MS = 3600 * 1000;

type ChannelRow = [number, string, string | null, string | null, number | null, string | null];
/** id, start, stop, title, sub-title, season, episode, new, previously shown, premiere. */
type GridColumns = [
  number,
  number,
  number | null,
  string,
  string | null,
  number | null,
  number | null,
  number,
  number,
  number,
];
/** description, categories (JSON), episode number, icon, rating. */
type DetailColumns = [string | null, string, string | null, string | null, string | null];
/** Rows may carry more columns after these (guide.programme adds the guide and channel). */
export type GridRow = [...GridColumns, ...unknown[]];
type FullRow = [...GridColumns, ...DetailColumns, ...unknown[]];

export const GRID_COLUMNS =
  'id, start_at, stop_at, title, sub_title, season, episode, is_new, previously_shown, premiere';
const DETAIL_COLUMNS = 'description, categories, episode_num, icon, rating';

export class GuideQuery {
  private readonly statements = new Map<boolean, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {}

  private programmesStatement(details: boolean): BetterSqlite3.Statement {
    let stmt = this.statements.get(details);
    if (!stmt) {
      stmt = this.db.$client
        .prepare(
          `SELECT ${GRID_COLUMNS}${details ? `, ${DETAIL_COLUMNS}` : ''}
            FROM programmes
            WHERE guide_id = @guide AND xmltv_channel_id = @channel AND start_at < @to
              -- From the last programme that started at or before the window (it may run into it):
              -- one index seek, instead of scanning a fixed look-back period.
              AND start_at >= COALESCE(
                (SELECT MAX(start_at) FROM programmes
                  WHERE guide_id = @guide AND xmltv_channel_id = @channel AND start_at <= @from), @from)
              AND COALESCE(stop_at, start_at + ${OPEN_END_MS}) > @from
            ORDER BY start_at`,
        )
        .raw();
      this.statements.set(details, stmt);
    }
    return stmt;
  }

  query(input: ParsedInput<'guide.query'>): GuideWindow {
    const channels = this.channels(input);
    const stmt = this.programmesStatement(input.details);
    const categories = categoryCache();
    const rows: GuideChannelRow[] = channels.map(([channelId, name, number, logo, guideId, xmltvId]) => {
      const programmes: GuideProgramme[] = [];
      if (guideId !== null && xmltvId !== null) {
        const found = stmt.all({
          guide: guideId,
          channel: xmltvId,
          from: input.from,
          to: input.to,
        }) as GridRow[];
        for (const p of found) {
          const programme = toProgramme(p, channelId, guideId, xmltvId);
          if (input.details) addDetails(programme, p as FullRow, categories);
          programmes.push(programme);
        }
      }
      return { channelId, name, number, logo, logoUrl: logoUrlOf(channelId, logo), programmes };
    });
    return { from: input.from, to: input.to, channels: rows };
  }

  /** One programme with its details, as shown on `channelId` (which must exist). */
  programme(input: ParsedInput<'guide.programme'>): GuideProgramme {
    const client = this.db.$client;
    const channel = client.prepare('SELECT id FROM channels WHERE id = ?').get(input.channelId);
    if (channel === undefined) throw new TapedeckError('not_found', `no channel ${input.channelId}`);
    const row = client
      .prepare(
        `SELECT ${GRID_COLUMNS}, ${DETAIL_COLUMNS}, guide_id, xmltv_channel_id FROM programmes WHERE id = ?`,
      )
      .raw()
      .get(input.id) as FullRow | undefined;
    if (row === undefined)
      throw new TapedeckError('not_found', `no programme ${input.id} (the guide may have dropped it)`);
    const programme = toProgramme(row, input.channelId, row[15] as number, row[16] as string);
    addDetails(programme, row, categoryCache());
    return programme;
  }

  private channels(input: ParsedInput<'guide.query'>): ChannelRow[] {
    const client = this.db.$client;
    if (input.channelIds) {
      const rows = client
        .prepare(
          `SELECT id, name, number, logo, guide_id, guide_channel_id FROM channels
            WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .raw()
        .all(JSON.stringify(input.channelIds)) as ChannelRow[];
      const byId = new Map(rows.map((r) => [r[0], r]));
      const ordered: ChannelRow[] = [];
      for (const id of input.channelIds) {
        const row = byId.get(id);
        if (row) ordered.push(row);
      }
      return ordered;
    }
    // Channels asked for by id are answered whatever their state; the grid's listing leaves out what
    // the user turned off.
    const where = ["kind = 'live'", 'missing_since IS NULL', 'guide_id IS NOT NULL'];
    if (!input.includeDisabled) where.push('enabled = 1');
    const params: Array<string | number> = [];
    if (input.search) {
      where.push("name LIKE ? ESCAPE '\\'");
      params.push(`%${escapeLike(input.search)}%`);
    }
    if (input.group !== undefined) {
      where.push('group_name = ?');
      params.push(input.group);
    }
    return client
      .prepare(
        `SELECT id, name, number, logo, guide_id, guide_channel_id FROM channels WHERE ${where.join(' AND ')}
          ORDER BY number IS NULL, CAST(number AS REAL), name, id LIMIT ? OFFSET ?`,
      )
      .raw()
      .all(...params, input.limit, input.offset) as ChannelRow[];
  }
}

export function toProgramme(
  p: GridRow,
  channelId: number,
  guideId: number,
  xmltvChannelId: string,
): GuideProgramme {
  return {
    id: p[0],
    channelId,
    guideId,
    xmltvChannelId,
    start: p[1],
    stop: p[2],
    title: p[3],
    subTitle: p[4],
    season: p[5],
    episode: p[6],
    isNew: p[7] === 1,
    previouslyShown: p[8] === 1,
    premiere: p[9] === 1,
  };
}

function addDetails(programme: GuideProgramme, p: FullRow, categories: (json: string) => string[]): void {
  programme.description = p[10];
  programme.categories = categories(p[11]);
  programme.episodeNum = p[12];
  programme.icon = p[13];
  programme.rating = p[14];
}

/** Category lists repeat a lot ('["News"]'): parse each distinct one once per answer. */
function categoryCache(): (json: string) => string[] {
  const lists = new Map<string, string[]>();
  return (json) => {
    let list = lists.get(json);
    if (list === undefined) {
      list = json === '[]' ? [] : parseStringList(json);
      lists.set(json, list);
    }
    return list.slice();
  };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
