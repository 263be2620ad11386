// What the planner reads of the guide and the channels: the recordable channels by the guide channel they
// carry, the distinct titles airing in the horizon (rules match titles first, on a few thousand strings,
// not on every programme), and the programmes of the titles some rule matched.
//
// No index is added for this (each one costs every guide import a B-tree insert per programme): two
// scans of the horizon's programmes, measured in bench/schedule/.
import { parseStringList } from '../db/json-columns';
import type { Db } from '../db/open';
import type { SeriesRuleConfig } from '../../../src-shared/domain-rules';
import { normalizeTitle } from './episode-identity';
import type { ProgrammeAiring } from './plan-types';
import { titleMatcher } from './rule-match';

/** The columns every programme read here selects, in ProgrammeRow's order. */
const PROGRAMME_COLUMNS = `id, guide_id, xmltv_channel_id, start_at, stop_at, title, sub_title, description,
  categories, season, episode, episode_num, uid, icon, is_new, previously_shown, premiere`;

/** PROGRAMME_COLUMNS without the bulky details (description, categories, episode number, icon). */
const BRIEF_COLUMNS = `id, guide_id, xmltv_channel_id, start_at, stop_at, title, sub_title, NULL, '[]', season,
  episode, NULL, uid, NULL, is_new, previously_shown, premiere`;

/** A guide without a stop (and no later programme) gets this long. */
const DEFAULT_PROGRAMME_MS = 30 * 60_000;

export interface PlanChannel {
  id: number;
  name: string;
  sourceId: number;
  guideId: number | null;
  guideChannelId: string | null;
  /** Turned on by the user (an off channel records only what names it: a time rule, a one-off, a rule). */
  enabled: boolean;
}

/**
 * What the scans found, kept between evaluations while the guides and the horizon's hour stay the same:
 * an evaluation after a rule edit or a finished recording then reads no programme it read before.
 */
export class GuideScanCache {
  private stamp = '';
  titles: string[] | null = null;
  byNormalTitle: Map<string, string[]> | null = null;
  /** Titles each rule version matched (key: match mode, title, rule updatedAt). */
  readonly matches = new Map<string, Set<string>>();
  readonly byTitle = new Map<string, ProgrammeRow[]>();
  readonly details = new Map<
    number,
    { description: string | null; categories: string[]; episodeNum: string | null; icon: string | null }
  >();

  /** Empties the cache when the guides changed (an import finished, one was added or removed). */
  check(db: Db, from: number, to: number): void {
    const guides = db.$client
      .prepare('SELECT COALESCE(MAX(updated_at), 0), COALESCE(MAX(last_refresh_at), 0), COUNT(*) FROM guides')
      .raw()
      .get() as [number, number, number];
    const stamp = `${guides.join(':')}:${Math.floor(from / 3600_000)}:${Math.floor(to / 3600_000)}`;
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    this.titles = null;
    this.byNormalTitle = null;
    this.matches.clear();
    this.byTitle.clear();
    this.details.clear();
  }
}

export class GuideAirings {
  readonly channels: Map<number, PlanChannel>;
  /** `<guideId>\u0000<xmltvId>` -> the recordable channels carrying it, lowest id first. */
  private readonly byGuideChannel = new Map<string, PlanChannel[]>();

  constructor(
    private readonly db: Db,
    readonly from: number,
    readonly to: number,
    private readonly cache: GuideScanCache = new GuideScanCache(),
  ) {
    cache.check(db, from, to);
    const rows = db.$client
      .prepare(
        `SELECT id, name, source_id, guide_id, guide_channel_id, enabled FROM channels
          WHERE kind = 'live' AND missing_since IS NULL ORDER BY id`,
      )
      .raw()
      .all() as Array<[number, string, number, number | null, string | null, number]>;
    // Channels the user turned off carry a guide channel only for a series rule that names them (its
    // scope, plan-candidates.ts): they are kept in the carrier lists after the channels that are on, and
    // `carriers` leaves them out for everyone else (see docs/sources.md, Channels on and off).
    this.channels = new Map();
    const off: PlanChannel[] = [];
    const carry = (channel: PlanChannel) => {
      const key = guideKey(channel.guideId!, channel.guideChannelId!);
      const list = this.byGuideChannel.get(key);
      if (list) list.push(channel);
      else this.byGuideChannel.set(key, [channel]);
    };
    for (const [id, name, sourceId, guideId, guideChannelId, enabled] of rows) {
      // Every channel stays known by id: time rules and one-off recordings name theirs, on or off.
      const channel = { id, name, sourceId, guideId, guideChannelId, enabled: enabled === 1 };
      this.channels.set(id, channel);
      if (guideId === null || guideChannelId === null) continue;
      if (channel.enabled) carry(channel);
      else off.push(channel);
    }
    for (const channel of off) carry(channel);
  }

  /** Channels that are on carrying this guide channel (several sources may), lowest id first. */
  carriers(guideId: number, xmltvId: string): PlanChannel[] {
    return this.allCarriers(guideId, xmltvId).filter((c) => c.enabled);
  }

  /** Every channel carrying this guide channel: those that are on first, then those turned off. */
  allCarriers(guideId: number, xmltvId: string): PlanChannel[] {
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

  /**
   * The titles in the horizon a series rule matches. An exact title is a lookup by its normalised form;
   * the others test every title (a few thousand), and the answer is kept per rule version while the
   * guides stay the same.
   */
  titlesMatching(config: Pick<SeriesRuleConfig, 'title' | 'match'>, version: number): Set<string> {
    const key = `${config.match}\u0000${config.title}\u0000${version}`;
    let found = this.cache.matches.get(key);
    if (found) return found;
    if (config.match === 'exact') {
      if (!this.cache.byNormalTitle) {
        this.cache.byNormalTitle = new Map();
        for (const title of this.titles()) {
          const norm = normalizeTitle(title);
          const list = this.cache.byNormalTitle.get(norm);
          if (list) list.push(title);
          else this.cache.byNormalTitle.set(norm, [title]);
        }
      }
      found = new Set(this.cache.byNormalTitle.get(normalizeTitle(config.title)) ?? []);
    } else {
      const match = titleMatcher(config);
      found = new Set(this.titles().filter((t) => match(t)));
    }
    // Previews (a rule being typed) add a version per keystroke: keep the map small.
    if (this.cache.matches.size > 2000) this.cache.matches.clear();
    this.cache.matches.set(key, found);
    return found;
  }

  /**
   * The guides' distinct titles (each import writes its guide's: guide_titles). Some may not air in
   * the horizon: programmes() finds none for those.
   */
  titles(): string[] {
    this.cache.titles ??= this.db.$client
      .prepare('SELECT DISTINCT title FROM guide_titles')
      .pluck()
      .all() as string[];
    return this.cache.titles;
  }

  /** Programmes with one of these titles starting in the horizon, on guide channels we carry. */
  programmes(titles: readonly string[]): ProgrammeAiring[] {
    const missing = titles.filter((t) => !this.cache.byTitle.has(t));
    if (missing.length > 0) {
      for (const t of missing) this.cache.byTitle.set(t, []);
      // Which programmes, from the identity index alone (it holds start and title: no table reads);
      // then their brief columns by rowid. Descriptions and categories are most of a programme's bytes
      // and most airings never need them (loadDetails fetches them for the few that do).
      const ids = this.db.$client
        .prepare(
          `SELECT id FROM programmes INDEXED BY programmes_identity
            WHERE start_at >= ? AND start_at < ? AND title IN (SELECT value FROM json_each(?))`,
        )
        .pluck()
        .all(this.from, this.to, JSON.stringify(missing)) as number[];
      const rows = this.db.$client
        .prepare(`SELECT ${BRIEF_COLUMNS} FROM programmes WHERE id IN (SELECT value FROM json_each(?))`)
        .raw()
        .all(JSON.stringify(ids)) as ProgrammeRow[];
      for (const row of rows) this.cache.byTitle.get(row[5])!.push(row);
    }
    const rows = titles.flatMap((t) => this.cache.byTitle.get(t) ?? []);
    rows.sort((a, b) => a[3] - b[3] || a[0] - b[0]);
    const out: ProgrammeAiring[] = [];
    for (const row of rows) {
      // Off channels count here: a rule naming one records from it (candidatesOf decides per rule).
      const carriers = this.allCarriers(row[1], row[2]);
      if (carriers.length === 0) continue;
      out.push({ ...toAiring(row, carriers[0]!.id), brief: true });
    }
    return out;
  }

  /** Fills in description, categories, episode number and icon of brief airings (one query). */
  loadDetails(airings: readonly ProgrammeAiring[]): void {
    const wanted = airings.filter((a) => a.brief && !this.cache.details.has(a.programmeId));
    if (wanted.length > 0) {
      const rows = this.db.$client
        .prepare(
          `SELECT id, description, categories, episode_num, icon FROM programmes
            WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .raw()
        .all(JSON.stringify([...new Set(wanted.map((a) => a.programmeId))])) as Array<
        [number, string | null, string, string | null, string | null]
      >;
      for (const [id, description, categories, episodeNum, icon] of rows) {
        this.cache.details.set(id, {
          description,
          categories: parseStringList(categories),
          episodeNum,
          icon,
        });
      }
    }
    for (const a of airings) {
      if (!a.brief) continue;
      const details = this.cache.details.get(a.programmeId);
      if (details) Object.assign(a, details);
      a.brief = false;
    }
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
