// The database schema. `npm run db:generate` turns changes here into a new SQL migration under
// ./migrations (drizzle-kit); migrations are applied at startup by openDatabase().
// Instants are UTC epoch milliseconds (integers); JSON columns hold small structured values.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
  lastRefreshAt: integer('last_refresh_at'),
  lastError: text('last_error'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

export const channels = sqliteTable(
  'channels',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('channels_source_key').on(t.sourceId, t.stableKey), index('channels_name').on(t.name)],
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
  (t) => [index('recordings_status_start').on(t.status, t.startAt)],
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
