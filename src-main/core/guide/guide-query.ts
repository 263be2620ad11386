// The guide: programmes of a set of channels in a time window, through each channel's mapping.
// One indexed range scan per channel on programmes_identity (guide, channel, start), so the cost grows
// with what is shown, not with what is stored.
import type { ParsedInput } from '../../../src-shared/contract';
import type { GuideChannelRow, GuideProgramme, GuideWindow } from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import type BetterSqlite3 from 'better-sqlite3';

/** A programme without a stop (the last of its channel) is assumed to run this long. */
const OPEN_END_MS = 3600 * 1000;

type ChannelRow = [number, string, string | null, string | null, number | null, string | null];
type ProgrammeRow = [
  number,
  number,
  number | null,
  string,
  string | null,
  string | null,
  string,
  number | null,
  number | null,
  string | null,
  number,
  number,
  number,
  string | null,
  string | null,
];

export class GuideQuery {
  private readonly statements = new Map<boolean, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {}

  private programmesStatement(withDescriptions: boolean): BetterSqlite3.Statement {
    let stmt = this.statements.get(withDescriptions);
    if (!stmt) {
      stmt = this.db.$client
        .prepare(
          `SELECT id, start_at, stop_at, title, sub_title, ${withDescriptions ? 'description' : 'NULL'},
              categories, season, episode, episode_num, is_new, previously_shown, premiere, icon, rating
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
      this.statements.set(withDescriptions, stmt);
    }
    return stmt;
  }

  query(input: ParsedInput<'guide.query'>): GuideWindow {
    const channels = this.channels(input);
    const stmt = this.programmesStatement(input.withDescriptions);
    // Category lists repeat a lot ('["News"]'): parse each distinct one once per answer.
    const lists = new Map<string, string[]>();
    const categories = (json: string): string[] => {
      let list = lists.get(json);
      if (list === undefined) {
        list = json === '[]' ? [] : parseList(json);
        lists.set(json, list);
      }
      return list.slice();
    };
    const rows: GuideChannelRow[] = channels.map(([channelId, name, number, logo, guideId, xmltvId]) => {
      const programmes: GuideProgramme[] = [];
      if (guideId !== null && xmltvId !== null) {
        const found = stmt.all({
          guide: guideId,
          channel: xmltvId,
          from: input.from,
          to: input.to,
        }) as ProgrammeRow[];
        for (const p of found) programmes.push(toProgramme(p, channelId, guideId, xmltvId, categories));
      }
      return { channelId, name, number, logo, programmes };
    });
    return { from: input.from, to: input.to, channels: rows };
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
    const where = ["kind = 'live'", 'missing_since IS NULL', 'guide_id IS NOT NULL'];
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

function toProgramme(
  p: ProgrammeRow,
  channelId: number,
  guideId: number,
  xmltvChannelId: string,
  categories: (json: string) => string[],
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
    description: p[5],
    categories: categories(p[6]),
    season: p[7],
    episode: p[8],
    episodeNum: p[9],
    isNew: p[10] === 1,
    previouslyShown: p[11] === 1,
    premiere: p[12] === 1,
    icon: p[13],
    rating: p[14],
  };
}

function parseList(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
