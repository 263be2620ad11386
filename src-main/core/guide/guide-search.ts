// The app's search box and a programme's "other airings": guide.search and guide.airings.
//
// No index is added for either. `programmes` has one index, its identity (guide, channel, start, title),
// because every other one costs every import a B-tree insert per programme (docs/sources.md,
// Performance); an index on title would not serve a `%text%` search anyway, and a full-text index would
// double the import's writes. Both queries are bounded scans instead, driven by the channels:
//  - one range seek per carried guide channel (enabled, live, listed, mapped) on the identity index,
//    over the asked window only;
//  - titles are tested on the index itself (it holds the title): a title search reads no table row
//    but those it returns;
//  - descriptions are only read once the title hits did not fill the answer, a day at a time in start
//    order, stopping as soon as the answer is full (a common word fills it on the first day);
//  - other airings look their title up among the guides' distinct titles (guide_titles, written by
//    each import), folded once, then fetch the few matching titles' airings the same way.
// Measured on a 1,000-channel × 7-day guide: see docs/sources.md, Guide search.
import { TapedeckError, type ParsedInput } from '../../../src-shared/contract';
import { logoUrlOf, type GuideAiring, type GuideSearchHit } from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import type BetterSqlite3 from 'better-sqlite3';
import { foldText } from '../schedule/episode-identity';
import { escapeLike, GRID_COLUMNS, OPEN_END_MS, toProgramme, type GridRow } from './guide-query';

/** Programmes that started this long before a window are still looked at (they may run into it). */
const LOOK_BACK_MS = 12 * 3600_000;
const DAY_MS = 24 * 3600_000;
/** guide.airings looks this far ahead. */
export const AIRINGS_HORIZON_MS = 14 * DAY_MS;
const AIRINGS_LIMIT = 100;
const SNIPPET_CHARS = 160;

/** Each guide channel we carry, once, as its lowest-id channel that is on, live and listed. */
const CARRIED = `carried(guide_id, xmltv_id, channel_id) AS (
  SELECT guide_id, guide_channel_id, MIN(id) FROM channels
    WHERE enabled = 1 AND kind = 'live' AND missing_since IS NULL
      AND guide_id IS NOT NULL AND guide_channel_id IS NOT NULL
    GROUP BY guide_id, guide_channel_id)`;
const P_COLUMNS = GRID_COLUMNS.split(', ')
  .map((c) => `p.${c}`)
  .join(', ');

/** Rows here are the grid columns, then the channel and guide they are shown on, then a text column. */
type HitRow = GridRow;

export class GuideSearch {
  /** Distinct titles of the airings horizon by their folded form, kept while the guides stay the same. */
  private titles: { stamp: string; byFold: Map<string, string[]> } | null = null;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {}

  /** A statement prepared once (raw rows unless it plucks). */
  private statement(sql: string, pluck = false): BetterSqlite3.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.$client.prepare(sql);
      stmt = pluck ? stmt.pluck() : stmt.raw();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  search(input: ParsedInput<'guide.search'>): GuideSearchHit[] {
    const pattern = `%${escapeLike(input.text)}%`;
    const window = { from: input.from, lo: input.from - LOOK_BACK_MS, to: input.to };
    const hits: GuideSearchHit[] = [];
    const titleRows = this.statement(
      `WITH ${CARRIED}
        SELECT ${P_COLUMNS}, c.channel_id, p.guide_id, p.xmltv_channel_id, substr(p.description, 1, ${SNIPPET_CHARS + 1})
          FROM carried c JOIN programmes p ON p.guide_id = c.guide_id AND p.xmltv_channel_id = c.xmltv_id
          WHERE p.start_at >= @lo AND p.start_at < @to AND COALESCE(p.stop_at, p.start_at + ${OPEN_END_MS}) > @from
            AND p.title LIKE @pattern ESCAPE '\\'
          ORDER BY p.start_at, p.id LIMIT @limit`,
    ).all({ ...window, pattern, limit: input.limit }) as HitRow[];
    for (const row of titleRows) hits.push(this.hit(row, 'title', null));
    if (hits.length >= input.limit) return this.withChannels(hits);

    // Description hits, in start order a day at a time: a word found everywhere ends on the first day.
    const descriptions = this.statement(
      `WITH ${CARRIED}
        SELECT ${P_COLUMNS}, c.channel_id, p.guide_id, p.xmltv_channel_id, p.description
          FROM carried c JOIN programmes p ON p.guide_id = c.guide_id AND p.xmltv_channel_id = c.xmltv_id
          WHERE p.start_at >= @lo AND p.start_at < @hi AND COALESCE(p.stop_at, p.start_at + ${OPEN_END_MS}) > @from
            AND p.description LIKE @pattern ESCAPE '\\' AND p.title NOT LIKE @pattern ESCAPE '\\'
          ORDER BY p.start_at, p.id LIMIT @limit`,
    );
    for (let lo = window.lo; lo < window.to && hits.length < input.limit; lo += DAY_MS) {
      const rows = descriptions.all({
        from: window.from,
        lo,
        hi: Math.min(lo + DAY_MS, window.to),
        pattern,
        limit: input.limit - hits.length,
      }) as HitRow[];
      for (const row of rows) hits.push(this.hit(row, 'description', input.text));
    }
    return this.withChannels(hits);
  }

  /**
   * The other airings of a programme's title in the next 14 days, on channels that are on: titles that
   * fold to the same text (normalizeTitle: case, accents, punctuation, "&"), the programme itself left out.
   */
  airings(input: ParsedInput<'guide.airings'>, now: number): GuideAiring[] {
    const client = this.db.$client;
    if (client.prepare('SELECT 1 FROM channels WHERE id = ?').get(input.channelId) === undefined) {
      throw new TapedeckError('not_found', `channel ${input.channelId} does not exist`);
    }
    const title = client
      .prepare('SELECT title FROM programmes WHERE id = ?')
      .pluck()
      .get(input.programmeId) as string | undefined;
    if (title === undefined) {
      throw new TapedeckError(
        'not_found',
        `no programme ${input.programmeId} (the guide may have dropped it)`,
      );
    }
    const to = now + AIRINGS_HORIZON_MS;
    const titles = this.titlesFolding(title);
    const rows = this.statement(
      `WITH ${CARRIED}
        SELECT ${P_COLUMNS}, c.channel_id, p.guide_id, p.xmltv_channel_id, NULL
          FROM carried c JOIN programmes p ON p.guide_id = c.guide_id AND p.xmltv_channel_id = c.xmltv_id
          WHERE p.start_at >= @lo AND p.start_at < @to AND COALESCE(p.stop_at, p.start_at + ${OPEN_END_MS}) > @from
            AND p.title IN (SELECT value FROM json_each(@titles)) AND p.id <> @id
          ORDER BY p.start_at, p.id LIMIT ${AIRINGS_LIMIT}`,
    ).all({
      from: now,
      lo: now - LOOK_BACK_MS,
      to,
      titles: JSON.stringify(titles),
      id: input.programmeId,
    }) as HitRow[];
    return this.withChannels(rows.map((row) => this.hit(row, 'title', null)));
  }

  /**
   * The guides' titles that fold like `title` (the title itself included), from guide_titles (each
   * import writes its guide's distinct titles), folded once and kept until a guide changes.
   */
  private titlesFolding(title: string): string[] {
    const client = this.db.$client;
    const stamp = (
      client
        .prepare(
          'SELECT COALESCE(MAX(updated_at), 0), COALESCE(MAX(last_refresh_at), 0), COUNT(*) FROM guides',
        )
        .raw()
        .get() as [number, number, number]
    ).join(':');
    if (this.titles?.stamp !== stamp) {
      const byFold = new Map<string, string[]>();
      for (const t of client.prepare('SELECT DISTINCT title FROM guide_titles').pluck().all() as string[]) {
        const fold = foldText(t);
        const list = byFold.get(fold);
        if (list) list.push(t);
        else byFold.set(fold, [t]);
      }
      this.titles = { stamp, byFold };
    }
    const found = this.titles.byFold.get(foldText(title)) ?? [];
    return found.includes(title) ? found : [...found, title];
  }

  private hit(row: HitRow, match: 'title' | 'description', text: string | null): GuideSearchHit {
    const [channelId, guideId, xmltvId, description] = row.slice(10) as [
      number,
      number,
      string,
      string | null,
    ];
    return {
      channelId,
      channelName: '',
      channelNumber: null,
      logoUrl: null,
      programme: toProgramme(row, channelId, guideId, xmltvId),
      match,
      snippet: description ? snippet(description, text) : null,
    };
  }

  /** Fills in the channels' names, numbers and logos (one query for the whole answer). */
  private withChannels<T extends GuideAiring>(hits: T[]): T[] {
    if (hits.length === 0) return hits;
    const rows = this.db.$client
      .prepare('SELECT id, name, number, logo FROM channels WHERE id IN (SELECT value FROM json_each(?))')
      .raw()
      .all(JSON.stringify([...new Set(hits.map((h) => h.channelId))])) as Array<
      [number, string, string | null, string | null]
    >;
    const byId = new Map(rows.map((r) => [r[0], r]));
    for (const hit of hits) {
      const [, name, number, logo] = byId.get(hit.channelId)!;
      hit.channelName = name;
      hit.channelNumber = number;
      hit.logoUrl = logoUrlOf(hit.channelId, logo);
    }
    return hits;
  }
}

/**
 * Up to SNIPPET_CHARS of a description: around the first match of `text` (case-insensitive), or its
 * beginning; cut at word boundaries where it can be, with "…" where text was left out.
 */
export function snippet(description: string, text: string | null): string {
  const flat = description.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const at = text === null ? -1 : flat.toLowerCase().indexOf(text.toLowerCase());
  let start = at < 0 ? 0 : Math.max(0, at - Math.floor((SNIPPET_CHARS - text!.length) / 3));
  start = Math.min(start, flat.length - SNIPPET_CHARS);
  let end = start + SNIPPET_CHARS;
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space >= 0 && space < (at < 0 ? start + 20 : at)) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > Math.max(start, at + (text?.length ?? 0))) end = space;
  }
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
