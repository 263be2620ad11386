// Brings a source's channel rows in line with a fresh listing (playlist, Xtream streams, HDHomeRun
// lineup), keeping every row's id, so recordings, rules and manual guide mappings stay attached.
//
//  - Each incoming entry has a key (tvg-id, stream id, guide number, or its name within its group) and
//    is upserted by (source, key): URL, token, name, logo... change in place; the id stays.
//  - Keys are unique within one import: a second entry with a key already taken falls back to its name
//    key, then to a numbered name key ("#2"), so duplicates never overwrite each other.
//  - Rescue: when an entry arrives under a new key while an old row with the same name (and group) is no
//    longer listed - the provider renumbered its streams or changed a tvg-id - the old row takes the new
//    key and data instead of a new row being created and the old one orphaned.
//  - Rows not listed any more are never deleted: they get missing_since (and lose it when they return).
//    Only an import trusted to be complete retires rows (see shouldRetire in the importers).
import type { ChannelKind } from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import { nameKey as baseNameKey } from './names';
import type { SqlValue, SqlWriter } from '../import/sql-writer';

export interface IncomingChannel {
  /** Preferred identity within the source, e.g. "tvg:bbc1.uk", "xc:1234", "hdhr:2.1". */
  key: string;
  /** Set when `key` already is the entry's name key (saves computing it twice). */
  keyIsName?: boolean;
  /**
   * The caller guarantees this key is unique in the import and never looks like a name key ("name:..."),
   * so it needs no bookkeeping here (the M3U importer claims tvg-ids itself; a Set of 60,000 more keys
   * was a tenth of the import's main-thread time).
   */
  keyUnique?: boolean;
  name: string;
  group: string | null;
  url: string;
  number: string | null;
  logo: string | null;
  /** HTTP headers to record with (user agent, referrer). */
  headers: Record<string, string> | null;
  kind: ChannelKind;
  tvgId: string | null;
  tvgName: string | null;
  /** Attributes not kept in their own columns (catch-up, provider extras), or null. */
  attrs: Record<string, string> | null;
}

export interface SyncResult {
  items: number;
  added: number;
  updated: number;
  /** Rows newly marked missing. */
  removed: number;
  rescued: number;
  /** The source's rows after the import: listed ones by kind, and missing ones. */
  counts: { live: number; vod: number; series: number; missing: number };
}

/** Values per row sent to the writer; the source id and the time are bound once per batch (`fixed`). */
const WIDTH = 11;
const UPSERT = `INSERT INTO channels (stable_key, name, url, number, group_name, logo, headers, kind, tvg_id,
    tvg_name, attrs, source_id, created_at, updated_at)
  VALUES (${new Array(WIDTH + 3).fill('?').join(', ')})
  ON CONFLICT (source_id, stable_key) DO UPDATE SET
    name = excluded.name, url = excluded.url, number = excluded.number, group_name = excluded.group_name,
    logo = excluded.logo, headers = excluded.headers, kind = excluded.kind, tvg_id = excluded.tvg_id,
    tvg_name = excluded.tvg_name, attrs = excluded.attrs, missing_since = NULL, updated_at = excluded.updated_at
  WHERE name IS NOT excluded.name OR url IS NOT excluded.url OR number IS NOT excluded.number
    OR group_name IS NOT excluded.group_name OR logo IS NOT excluded.logo OR headers IS NOT excluded.headers
    OR kind IS NOT excluded.kind OR tvg_id IS NOT excluded.tvg_id OR tvg_name IS NOT excluded.tvg_name
    OR attrs IS NOT excluded.attrs OR missing_since IS NOT NULL`;

/** Rows per batch handed to the writer (small: what is in flight is what the import holds in memory). */
const BATCH_ROWS = 1_000;

interface Existing {
  id: number;
  kind: ChannelKind;
  missing: boolean;
  seen: boolean;
}

export class ChannelSync {
  private readonly existing = new Map<string, Existing>();
  /** Keys used by this import (so no two entries share one). */
  private readonly used = new Set<string>();
  /** Base name key -> occurrences in this import, for "#n" suffixes. */
  private readonly nameCounts = new Map<string, number>();
  /** New keys of this import by base name key (for rescue); only kept when there are old rows. */
  private readonly newByName = new Map<string, string | null>();
  private values: SqlValue[] = [];
  private failure: Error | null = null;
  private readonly result: SyncResult = {
    items: 0,
    added: 0,
    updated: 0,
    removed: 0,
    rescued: 0,
    counts: { live: 0, vod: 0, series: 0, missing: 0 },
  };
  /** Rows listed (not missing) before this import. */
  private listed = 0;

  private constructor(
    private readonly db: Db,
    private readonly writer: SqlWriter,
    private readonly sourceId: number,
    private readonly now: number,
  ) {}

  /** Loads the source's current keys (reads on the main connection; the writer does the writing). */
  static begin(db: Db, writer: SqlWriter, sourceId: number, now: number): ChannelSync {
    const sync = new ChannelSync(db, writer, sourceId, now);
    const rows = db.$client
      .prepare('SELECT stable_key, id, kind, missing_since IS NOT NULL FROM channels WHERE source_id = ?')
      .raw()
      .all(sourceId) as Array<[string, number, ChannelKind, number]>;
    for (const [key, id, kind, missing] of rows) {
      sync.existing.set(key, { id, kind, missing: missing === 1, seen: false });
      if (missing !== 1) sync.listed++;
    }
    return sync;
  }

  get count(): number {
    return this.result.items;
  }

  /** Rows the source listed (not missing) before this import: the base of "did it shrink?". */
  get listedBefore(): number {
    return this.listed;
  }

  /** Queues one entry (synchronous, so parser callbacks can call it); pump() sends full batches. */
  add(channel: IncomingChannel): void {
    // The name key is only needed for a taken key or a possible rescue: computing it for every entry
    // of a first import was a visible share of the time.
    let base = channel.keyIsName ? channel.key : null;
    const nameKey = () => (base ??= baseNameKey(channel.name, channel.group));
    const key = channel.keyUnique ? channel.key : this.claimKey(channel.key, nameKey);
    const old = this.existing.get(key);
    if (old) {
      old.seen = true;
      this.result.updated++;
    } else {
      this.result.added++;
      if (this.existing.size !== 0) {
        // Ambiguous names (two new entries, same name and group) are never rescued.
        const name = nameKey();
        // A copy: `key` may be a slice of the parser's text chunk and would keep the whole chunk alive.
        this.newByName.set(name, this.newByName.has(name) ? null : detach(key));
      }
    }
    this.result.items++;
    this.result.counts[channel.kind]++;
    this.values.push(
      key,
      channel.name,
      channel.url,
      channel.number,
      channel.group,
      channel.logo,
      channel.headers ? JSON.stringify(channel.headers) : '{}',
      channel.kind,
      channel.tvgId,
      channel.tvgName,
      channel.attrs ? JSON.stringify(channel.attrs) : '{}',
    );
  }

  /** Sends a full batch to the writer, waiting if two are already in flight. */
  async pump(): Promise<void> {
    if (this.values.length < BATCH_ROWS * WIDTH) return;
    this.flush();
    await this.writer.drain(2);
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.values.length === 0) return;
    const values = this.values;
    this.values = [];
    // Not awaited: the writer stores while the parser goes on. A failure is rethrown by pump()/finish().
    this.writer.batch(UPSERT, WIDTH, values, [this.sourceId, this.now, this.now]).catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    });
  }

  /**
   * Stores the rest, rescues renamed rows and, when `retire`, marks rows not listed any more as missing.
   * The last two happen in one transaction.
   */
  async finish(retire: boolean): Promise<SyncResult> {
    this.flush();
    await this.writer.drain(0);
    await this.writer.commit();
    // Let the batch promises settle so a failure recorded by flush() is seen here.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure;
    const unseen: number[] = [];
    for (const entry of this.existing.values()) if (!entry.seen) unseen.push(entry.id);
    const steps = [];
    const rescued = new Set<number>();
    if (unseen.length !== 0 && this.newByName.size !== 0) {
      for (const [oldId, newKey] of this.rescuePairs(unseen)) {
        rescued.add(oldId);
        steps.push(...rescueSteps(this.sourceId, oldId, newKey, this.now));
      }
    }
    const retired = retire ? unseen.filter((id) => !rescued.has(id)) : [];
    if (retired.length !== 0) {
      steps.push({
        sql: `UPDATE channels SET missing_since = ?, updated_at = ?
          WHERE id IN (SELECT value FROM json_each(?)) AND missing_since IS NULL`,
        params: [this.now, this.now, JSON.stringify(retired)],
      });
    }
    if (steps.length !== 0) {
      const changes = await this.writer.transaction(steps);
      if (retired.length !== 0) this.result.removed = changes[changes.length - 1] as number;
    }
    this.result.rescued = rescued.size;
    this.result.added -= rescued.size;
    this.result.updated += rescued.size;
    // Rows this import did not list: missing now (retired, or were already), else still as they were.
    const retiredSet = new Set(retired);
    for (const entry of this.existing.values()) {
      if (entry.seen || rescued.has(entry.id)) continue;
      if (entry.missing || retiredSet.has(entry.id)) this.result.counts.missing++;
      else this.result.counts[entry.kind]++;
    }
    return this.result;
  }

  /** A key nobody in this import has taken: the preferred one, else the name key, else a numbered one. */
  private claimKey(preferred: string, nameKey: () => string): string {
    let key = preferred;
    if (this.used.has(key)) key = nameKey();
    if (this.used.has(key)) {
      const base = key;
      let n = this.nameCounts.get(base) ?? 1;
      do key = `${base}#${++n}`;
      while (this.used.has(key));
      this.nameCounts.set(base, n);
    }
    this.used.add(key);
    return key;
  }

  /** Old unseen rows whose name and group equal exactly one new entry's. */
  private rescuePairs(unseen: number[]): Array<[number, string]> {
    const rows = this.db.$client
      .prepare('SELECT id, name, group_name FROM channels WHERE id IN (SELECT value FROM json_each(?))')
      .raw()
      .all(JSON.stringify(unseen)) as Array<[number, string, string | null]>;
    const byName = new Map<string, number | null>();
    for (const [id, name, group] of rows) {
      const base = baseNameKey(name, group);
      byName.set(base, byName.has(base) ? null : id);
    }
    const pairs: Array<[number, string]> = [];
    for (const [base, oldId] of byName) {
      const newKey = this.newByName.get(base);
      if (oldId !== null && oldId !== undefined && newKey) pairs.push([oldId, newKey]);
    }
    return pairs;
  }
}

/** A flat copy of a string, so it does not pin the (much bigger) string it was sliced from. */
function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Moves the new row's data onto the old row (keeping the old id), then drops the new row. */
function rescueSteps(sourceId: number, oldId: number, newKey: string, now: number) {
  const parking = `rescue:${oldId}:${now}`;
  return [
    // Park the new row's key so the old row can take it without tripping the unique index.
    {
      sql: 'UPDATE channels SET stable_key = ? WHERE source_id = ? AND stable_key = ?',
      params: [parking, sourceId, newKey],
    },
    {
      sql: `UPDATE channels SET stable_key = ?, name = n.name, url = n.url, number = n.number,
          group_name = n.group_name, logo = n.logo, headers = n.headers, kind = n.kind, tvg_id = n.tvg_id,
          tvg_name = n.tvg_name, attrs = n.attrs, missing_since = NULL, updated_at = ?
        FROM (SELECT * FROM channels WHERE source_id = ? AND stable_key = ?) AS n
        WHERE channels.id = ?`,
      params: [newKey, now, sourceId, parking, oldId],
    },
    { sql: 'DELETE FROM channels WHERE source_id = ? AND stable_key = ?', params: [sourceId, parking] },
  ];
}
