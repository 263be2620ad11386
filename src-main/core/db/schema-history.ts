// The history tables: what was recorded, deleted, skipped or chosen, and the post-processing queue. Each
// points at a recording or a rule but nothing points at them, so they live apart from schema.ts (which
// they import; drizzle.config.ts and openDatabase() read both files).
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { SkipReason } from '../../../src-shared/domain-rules';
import { recordings, rules } from './schema';

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

/**
 * What cleanup deleted, and why (library/cleanup.ts): kept for good, without a foreign key, so the log
 * outlives the recording. `error` says when the row went but a file could not be removed.
 */
export const recordingDeletions = sqliteTable(
  'recording_deletions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordingId: integer('recording_id').notNull(),
    title: text('title').notNull(),
    path: text('path'),
    bytes: integer('bytes').notNull(),
    reason: text('reason', { enum: ['keep-last', 'older-than', 'free-space'] }).notNull(),
    /** The reason as a sentence ("older than 30 days"). */
    detail: text('detail').notNull(),
    error: text('error'),
    at: integer('at').notNull(),
  },
  (t) => [index('deletions_at').on(t.at)],
);

/**
 * The post-finalize job queue: one row per step of one finished recording (transcode, comskip, move off
 * local scratch, the user's hook, S3 upload), run in order per recording. Survives restarts: a job left
 * `running` by a process that died runs again.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordingId: integer('recording_id')
      .notNull()
      .references(() => recordings.id, { onDelete: 'cascade' }),
    step: text('step', { enum: ['transcode', 'comskip', 'move', 'hook', 'upload'] }).notNull(),
    state: text('state', { enum: ['pending', 'running', 'done', 'failed', 'skipped'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAt: integer('next_at').notNull(),
    error: text('error'),
    outputTail: text('output_tail'),
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('jobs_state_next').on(t.state, t.nextAt), index('jobs_recording').on(t.recordingId, t.id)],
);
