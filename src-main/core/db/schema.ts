// The database schema. `npm run db:generate` turns changes here into a new SQL migration under
// ./migrations (drizzle-kit); migrations are applied at startup by openDatabase().
// Instants are UTC epoch milliseconds (integers); JSON columns hold small structured values.
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import type { ProgrammeRef, RuleConfig, SkipReason } from '../../../src-shared/domain-rules';
import type { ImportReport } from '../../../src-shared/domain-sources';

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const sources = sqliteTable('sources', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: ['manual', 'm3u', 'xtream', 'hdhomerun'] }).notNull(),
  name: text('name').notNull(),
  /** Playlist URL or path, Xtream server, HDHomeRun address. Null for the manual source. */
  location: text('location'),
  /** Kind-specific settings (never secrets: those live in the secret store). */
  config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  maxConnections: integer('max_connections'),
  /**
   * Sources with the same group share one connection limit (two playlists of one subscription): the
   * smallest max_connections among them. Null: the source is its own group.
   */
  connectionGroup: text('connection_group'),
  refreshHours: integer('refresh_hours').notNull().default(24),
  /** The last successful import. */
  lastRefreshAt: integer('last_refresh_at'),
  /** The last import attempt, successful or not (failed ones retry sooner than refreshHours). */
  lastAttemptAt: integer('last_attempt_at'),
  lastError: text('last_error'),
  /** What the last successful import did (counts, skipped lines), for the UI and the CLI. */
  lastImport: text('last_import', { mode: 'json' }).$type<ImportReport>(),
  /** Listed channels by kind and missing ones, as of the last import (counting 100,000 rows takes ~0.3 s). */
  channelCounts: text('channel_counts', { mode: 'json' }).$type<{
    live: number;
    vod: number;
    series: number;
    missing: number;
  }>(),
  /**
   * Set while the first import of a source added by the user runs: if the app dies meanwhile, the next
   * start removes the source and what it imported (an add is all or nothing).
   */
  firstImportPending: integer('first_import_pending', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

export const channels = sqliteTable(
  'channels',
  {
    // No AUTOINCREMENT on channels and programmes (measured ~20 % of an import's write time: it updates
    // sqlite_sequence per row). An id can only come back after the highest row was deleted, and every
    // reference to a deleted row is cleared by its foreign key (ON DELETE SET NULL) first.
    id: integer('id').primaryKey(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    /** Identity within the source that survives URL/token changes (tvg-id, stream id, name). */
    stableKey: text('stable_key').notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    number: text('number'),
    groupName: text('group_name'),
    logo: text('logo'),
    /** HTTP headers to send when recording (user agent, referrer). */
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    /** Backup stream URLs, tried in order when the main URL keeps failing during a recording. */
    fallbackUrls: text('fallback_urls', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** live channels are listed; vod/series entries are kept out of the channel list by default. */
    kind: text('kind', { enum: ['live', 'vod', 'series'] })
      .notNull()
      .default('live'),
    tvgId: text('tvg_id'),
    tvgName: text('tvg_name'),
    /** Playlist attributes without a column of their own (catchup*, provider extras), as given. */
    attrs: text('attrs', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    /** Guide mapping: the guide and the XMLTV channel id (in it) this channel shows programmes of. */
    guideId: integer('guide_id').references((): AnySQLiteColumn => guides.id, { onDelete: 'set null' }),
    guideChannelId: text('guide_channel_id'),
    /** True when the user chose the mapping: refreshes never overwrite it. */
    guideMappingManual: integer('guide_mapping_manual', { mode: 'boolean' }).notNull().default(false),
    /** How the mapping was made: by the user, by tvg-id, by normalized name (null: unmapped). */
    guideMatch: text('guide_match', { enum: ['manual', 'tvg-id', 'name'] }),
    /** Set when a refresh no longer lists the channel; cleared when it comes back. Rows are kept for recordings. */
    missingSince: integer('missing_since'),
    /**
     * False when the user turned the channel off: out of the guide grid and guide search, and not
     * recorded by series rules that take any channel. The user's choice: imports never write it.
     */
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    // The only index: every other one would cost each imported row another B-tree insert (measured:
    // an index on name made a 100,000-entry import ~25 % slower). Listings go in playlist order (id),
    // searches scan (~30 ms for 100,000 rows), and the guide goes channel -> programmes.
    uniqueIndex('channels_source_key').on(t.sourceId, t.stableKey),
  ],
);

/** XMLTV guides (file path or URL), several at once. */
export const guides = sqliteTable('guides', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  location: text('location').notNull(),
  /** Whole hours added to every programme time, for guides that are off. */
  offsetHours: integer('offset_hours').notNull().default(0),
  /** The source whose playlist header or Xtream account offered this guide, if any. */
  sourceId: integer('source_id').references(() => sources.id, { onDelete: 'set null' }),
  refreshHours: integer('refresh_hours').notNull().default(24),
  lastRefreshAt: integer('last_refresh_at'),
  lastAttemptAt: integer('last_attempt_at'),
  lastError: text('last_error'),
  lastImport: text('last_import', { mode: 'json' }).$type<ImportReport>(),
  /** As for sources: the first import of a guide added by the user is all or nothing. */
  firstImportPending: integer('first_import_pending', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

export const guideChannels = sqliteTable(
  'guide_channels',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guideId: integer('guide_id')
      .notNull()
      .references(() => guides.id, { onDelete: 'cascade' }),
    xmltvId: text('xmltv_id').notNull(),
    displayNames: text('display_names', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** Lower-cased, punctuation- and quality-suffix-free name for automatic mapping. */
    normalizedName: text('normalized_name'),
    icon: text('icon'),
  },
  (t) => [
    uniqueIndex('guide_channels_key').on(t.guideId, t.xmltvId),
    index('guide_channels_norm').on(t.normalizedName),
  ],
);

/**
 * Programmes. Identity is (guide, channel, start, title): a re-import updates the row in place even when
 * the provider changed its ids, so rules and recordings that point at it stay attached.
 * The identity index is also the guide query's index (guide, channel, time range). No other index: each
 * one costs every import a B-tree insert per programme, and pruning is one scan a day.
 */
export const programmes = sqliteTable(
  'programmes',
  {
    id: integer('id').primaryKey(),
    guideId: integer('guide_id')
      .notNull()
      .references(() => guides.id, { onDelete: 'cascade' }),
    xmltvChannelId: text('xmltv_channel_id').notNull(),
    startAt: integer('start_at').notNull(),
    stopAt: integer('stop_at'),
    title: text('title').notNull(),
    subTitle: text('sub_title'),
    description: text('description'),
    categories: text('categories', { mode: 'json' }).$type<string[]>().notNull().default([]),
    season: integer('season'),
    episode: integer('episode'),
    episodeNum: text('episode_num'),
    isNew: integer('is_new', { mode: 'boolean' }).notNull().default(false),
    previouslyShown: integer('previously_shown', { mode: 'boolean' }).notNull().default(false),
    premiere: integer('premiere', { mode: 'boolean' }).notNull().default(false),
    icon: text('icon'),
    rating: text('rating'),
    /** The guide's own programme id (XMLTV episode-num system="dd_progid"), the strongest episode identity. */
    uid: text('uid'),
    /** The import run that last saw this programme; rows not seen by a full import are stale. */
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [uniqueIndex('programmes_identity').on(t.guideId, t.xmltvChannelId, t.startAt, t.title)],
);

/**
 * Each guide's distinct programme titles, rewritten by every import (on its writer thread): series
 * rules match titles first, and reading these few thousand rows is much cheaper than a scan of every
 * programme per plan.
 */
export const guideTitles = sqliteTable(
  'guide_titles',
  {
    guideId: integer('guide_id')
      .notNull()
      .references(() => guides.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guideId, t.title] })],
);

export const recordings = sqliteTable(
  'recordings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    /** The channel to record; kept null (not deleted) if the channel disappears. */
    channelId: integer('channel_id').references(() => channels.id, { onDelete: 'set null' }),
    /** A direct stream URL, for recordings not tied to a channel. */
    url: text('url'),
    /** The guide programme this recording was made from, if any (kept null if the guide drops it). */
    programmeId: integer('programme_id').references(() => programmes.id, { onDelete: 'set null' }),
    /** The rule that scheduled it (null: scheduled by hand, or the rule was removed). */
    ruleId: integer('rule_id').references((): AnySQLiteColumn => rules.id, { onDelete: 'set null' }),
    /**
     * The airing it records: `prog:<guide>:<xmltv channel>:<start>` or `time:<rule>:<start>`. At most
     * one scheduled or running recording per airing (two clicks, two rules: one recording).
     */
    airingKey: text('airing_key'),
    /** What it keeps of its guide programme: the guide may move or drop it. */
    programme: text('programme', { mode: 'json' }).$type<ProgrammeRef>(),
    /** Why it cannot record at its time (no free connection...); null when it can. Set by the planner. */
    conflict: text('conflict'),
    /** The planner's note for the user ("the programme is no longer in the guide; kept at its time"). */
    planNote: text('plan_note'),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
    padBeforeMs: integer('pad_before_ms').notNull().default(0),
    padAfterMs: integer('pad_after_ms').notNull().default(0),
    container: text('container', { enum: ['ts', 'mkv', 'mp4'] })
      .notNull()
      .default('ts'),
    status: text('status', {
      enum: ['scheduled', 'recording', 'completed', 'failed', 'cancelled'],
    }).notNull(),
    attempt: integer('attempt').notNull().default(0),
    error: text('error'),
    actualStartAt: integer('actual_start_at'),
    actualEndAt: integer('actual_end_at'),
    outputPath: text('output_path'),
    sizeBytes: integer('size_bytes'),
    durationMs: integer('duration_ms'),
    capturedMs: integer('captured_ms'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    index('recordings_status_start').on(t.status, t.startAt),
    // deleting a channel or pruning programmes checks these references row by row
    index('recordings_channel').on(t.channelId),
    index('recordings_programme').on(t.programmeId),
    index('recordings_rule').on(t.ruleId),
    uniqueIndex('recordings_airing_active')
      .on(t.airingKey)
      .where(sql`airing_key IS NOT NULL AND status IN ('scheduled', 'recording')`),
  ],
);

export const recordingSegments = sqliteTable(
  'recording_segments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordingId: integer('recording_id')
      .notNull()
      .references(() => recordings.id, { onDelete: 'cascade' }),
    index: integer('idx').notNull(),
    path: text('path').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    bytes: integer('bytes').notNull().default(0),
    /** Seconds of media in the segment as ffmpeg reported it (out_time), in ms. */
    mediaMs: integer('media_ms').notNull().default(0),
    endReason: text('end_reason'),
    error: text('error'),
    /** The ffmpeg process writing this segment, so a restart can reap an orphan. */
    pid: integer('pid'),
  },
  (t) => [uniqueIndex('segments_recording_idx').on(t.recordingId, t.index)],
);

/** Append-only audit log: every status transition and notable capture event, with its reason.
 *  Deliberately without a foreign key so the history outlives a deleted recording. */
export const recordingEvents = sqliteTable(
  'recording_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordingId: integer('recording_id').notNull(),
    at: integer('at').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('events_recording').on(t.recordingId, t.id)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: integer('updated_at').notNull().default(now),
});

/**
 * How long a stream takes from spawning ffmpeg to its first bytes, per channel or URL origin: captures
 * start this much (and a margin) before their window, so a slow source or a busy machine does not cost
 * the first seconds of a programme.
 */
export const streamLatency = sqliteTable('stream_latency', {
  /** `channel:<id>` or `url:<origin>`. */
  key: text('key').primaryKey(),
  /** A decaying high-water mark of the time to first byte (ms): it rises at once and falls slowly. */
  ttfbMs: integer('ttfb_ms').notNull(),
  samples: integer('samples').notNull().default(0),
  updatedAt: integer('updated_at').notNull(),
});

/** Series and time rules. The config is validated by the contract's schemas (src-shared/contract-rules.ts). */
export const rules = sqliteTable('rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['series', 'time'] }).notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  priority: integer('priority').notNull().default(0),
  padBeforeMs: integer('pad_before_ms'),
  padAfterMs: integer('pad_after_ms'),
  keepLast: integer('keep_last'),
  container: text('container', { enum: ['ts', 'mkv', 'mp4'] }),
  config: text('config', { mode: 'json' }).$type<RuleConfig>().notNull(),
  /** From the last evaluation, for listings. */
  upcoming: integer('upcoming').notNull().default(0),
  warnings: text('warnings', { mode: 'json' }).$type<string[]>().notNull().default([]),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

/**
 * Episodes recorded, remembered for good (also after the recording and its file are deleted: then
 * deleted_at is set, a tombstone), so a rule never records an episode twice. One row per recording,
 * with each layer of its episode identity (see schedule/episode-identity.ts).
 */
export const episodeHistory = sqliteTable(
  'episode_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** No foreign key: the history outlives the recording. */
    recordingId: integer('recording_id'),
    ruleId: integer('rule_id'),
    title: text('title').notNull(),
    uidKey: text('uid_key'),
    episodeKey: text('episode_key'),
    subTitleKey: text('sub_title_key'),
    descriptionKey: text('description_key'),
    /** When the programme aired (its start). */
    airedAt: integer('aired_at').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    index('history_uid').on(t.uidKey),
    index('history_episode').on(t.episodeKey),
    index('history_sub_title').on(t.subTitleKey),
    index('history_description').on(t.descriptionKey),
    index('history_recording').on(t.recordingId),
  ],
);

/** The user's decisions about single airings of a rule: cancelled ("skip") or picked ("choose"). */
export const airingOverrides = sqliteTable(
  'airing_overrides',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => rules.id, { onDelete: 'cascade' }),
    airingKey: text('airing_key').notNull(),
    action: text('action', { enum: ['skip', 'choose'] }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('overrides_rule_airing').on(t.ruleId, t.airingKey)],
);

/** What each rule matched but will not record, and why: rewritten by every evaluation (the "explain"). */
export const ruleSkips = sqliteTable(
  'rule_skips',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => rules.id, { onDelete: 'cascade' }),
    airingKey: text('airing_key').notNull(),
    channelId: integer('channel_id'),
    programmeId: integer('programme_id'),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
    title: text('title').notNull(),
    subTitle: text('sub_title'),
    season: integer('season'),
    episode: integer('episode'),
    skip: text('skip').$type<SkipReason>().notNull(),
    reason: text('reason').notNull(),
    duplicateOf: text('duplicate_of', { mode: 'json' }).$type<{
      recordingId: number | null;
      title: string;
      at: number;
    }>(),
  },
  (t) => [index('skips_rule_start').on(t.ruleId, t.startAt)],
);
