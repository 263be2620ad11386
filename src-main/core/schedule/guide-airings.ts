// What the planner reads of the guide and the channels: the recordable channels by the guide channel they
// carry, the distinct titles airing in the horizon (rules match titles first, on a few thousand strings,
// not on every programme), and the programmes of the titles some rule matched.
//
// No index is added for this (each one costs every guide import a B-tree insert per programme): two
// scans of the horizon's programmes, measured in bench/schedule/.
import { parseStringList } from '../db/json-columns';
import type { Db } from '../db/open';
import type { ProgrammeAiring } from './plan-types';

/** The columns every programme read here selects, in ProgrammeRow's order. */
const PROGRAMME_COLUMNS = `id, guide_id, xmltv_channel_id, start_at, stop_at, title, sub_title, description,
  categories, season, episode, episode_num, uid, icon, is_new, previously_shown, premiere`;

/** A guide without a stop (and no later programme) gets this long. */
const DEFAULT_PROGRAMME_MS = 30 * 60_000;

export interface PlanChannel {
  id: number;
  name: string;
  sourceId: number;
  guideId: number | null;
  guideChannelId: string | null;
}

export class GuideAirings {
  readonly channels: Map<number, PlanChannel>;
  /** `<guideId>\u0000<xmltvId>` -> the recordable channels carrying it, lowest id first. */
  private readonly byGuideChannel = new Map<string, PlanChannel[]>();

  constructor(
    private readonly db: Db,
    readonly from: number,
    readonly to: number,
  ) {
    const rows = db.$client
      .prepare(
        `SELECT id, name, source_id, guide_id, guide_channel_id FROM channels
          WHERE kind = 'live' AND missing_since IS NULL ORDER BY id`,
      )
      .raw()
      .all() as Array<[number, string, number, number | null, string | null]>;
    this.channels = new Map();
    for (const [id, name, sourceId, guideId, guideChannelId] of rows) {
      const channel = { id, name, sourceId, guideId, guideChannelId };
      this.channels.set(id, channel);
      if (guideId !== null && guideChannelId !== null) {
        const key = guideKey(guideId, guideChannelId);
        const list = this.byGuideChannel.get(key);
        if (list) list.push(channel);
        else this.byGuideChannel.set(key, [channel]);
      }
    }
  }

  /** Channels carrying this guide channel (several sources may). */
  carriers(guideId: number, xmltvId: string): PlanChannel[] {
    return this.byGuideChannel.get(guideKey(guideId, xmltvId)) ?? [];
  }

  /** The channel itself first, then the others carrying its guide channel (alternative sources). */
  withAlternatives(channelId: number): PlanChannel[] {
    const channel = this.channels.get(channelId);
    if (!channel) return [];
    if (channel.guideId === null || channel.guideChannelId === null) return [channel];
    return [
      channel,
      ...this.carriers(channel.guideId, channel.guideChannelId).filter((c) => c.id !== channelId),
    ];
  }

  /** Distinct titles of programmes starting in the horizon. */
  titles(): string[] {
    return this.db.$client
      .prepare('SELECT DISTINCT title FROM programmes WHERE start_at >= ? AND start_at < ?')
      .pluck()
      .all(this.from, this.to) as string[];
  }

  /** Programmes with one of these titles starting in the horizon, on guide channels we carry. */
  programmes(titles: readonly string[]): ProgrammeAiring[] {
    if (titles.length === 0) return [];
    const rows = this.db.$client
      .prepare(
        `SELECT ${PROGRAMME_COLUMNS}
          FROM programmes
          WHERE start_at >= ? AND start_at < ? AND title IN (SELECT value FROM json_each(?))
          ORDER BY start_at, id`,
      )
      .raw()
      .all(this.from, this.to, JSON.stringify(titles)) as ProgrammeRow[];
    const out: ProgrammeAiring[] = [];
    for (const row of rows) {
      const carriers = this.carriers(row[1], row[2]);
      if (carriers.length === 0) continue;
      out.push(toAiring(row, carriers[0]!.id));
    }
    return out;
  }

  /** The programme on a channel at an instant (a time rule's title), or null. */
  programmeAt(channelId: number, at: number): ProgrammeAiring | null {
    const channel = this.channels.get(channelId);
    if (!channel || channel.guideId === null || channel.guideChannelId === null) return null;
    const row = this.db.$client
      .prepare(
        `SELECT ${PROGRAMME_COLUMNS}
          FROM programmes WHERE guide_id = ? AND xmltv_channel_id = ? AND start_at <= ?
          ORDER BY start_at DESC LIMIT 1`,
      )
      .raw()
      .get(channel.guideId, channel.guideChannelId, at) as ProgrammeRow | undefined;
    if (!row) return null;
    const airing = toAiring(row, channelId);
    return airing.stop > at ? airing : null;
  }

  /** A programme by its guide identity, or the nearest one of the same title on that guide channel. */
  findProgramme(
    guideId: number,
    xmltvId: string,
    start: number,
    title: string,
    withinMs: number,
  ): ProgrammeAiring | null {
    const rows = this.db.$client
      .prepare(
        `SELECT ${PROGRAMME_COLUMNS}
          FROM programmes WHERE guide_id = ? AND xmltv_channel_id = ? AND start_at BETWEEN ? AND ? AND title = ?`,
      )
      .raw()
      .all(guideId, xmltvId, start - withinMs, start + withinMs, title) as ProgrammeRow[];
    let best: ProgrammeRow | null = null;
    for (const row of rows) {
      if (!best || Math.abs(row[3] - start) < Math.abs(best[3] - start)) best = row;
    }
    const carriers = this.carriers(guideId, xmltvId);
    return best ? toAiring(best, carriers[0]?.id ?? 0) : null;
  }
}

/** One programme by id, as an airing on this channel (null when there is none). */
export function programmeById(db: Db, id: number, channelId: number): ProgrammeAiring | null {
  const row = db.$client
    .prepare(
      `SELECT ${PROGRAMME_COLUMNS}
        FROM programmes WHERE id = ?`,
    )
    .raw()
    .get(id) as ProgrammeRow | undefined;
  return row ? toAiring(row, channelId) : null;
}

type ProgrammeRow = [
  number,
  number,
  string,
  number,
  number | null,
  string,
  string | null,
  string | null,
  string,
  number | null,
  number | null,
  string | null,
  string | null,
  string | null,
  number,
  number,
  number,
];

function toAiring(row: ProgrammeRow, channelId: number): ProgrammeAiring {
  const [id, guideId, xmltvChannelId, start, stop, title, subTitle, description, categories] = row;
  return {
    programmeId: id,
    channelId,
    guideId,
    xmltvChannelId,
    start,
    stop: stop ?? start + DEFAULT_PROGRAMME_MS,
    title,
    subTitle,
    description,
    categories: parseStringList(categories),
    season: row[9],
    episode: row[10],
    episodeNum: row[11],
    uid: row[12],
    icon: row[13],
    isNew: row[14] === 1,
    previouslyShown: row[15] === 1,
    premiere: row[16] === 1,
  };
}

function guideKey(guideId: number, xmltvId: string): string {
  return `${guideId}\u0000${xmltvId}`;
}
