// Domain types of scheduling: series and time rules, what a recording keeps of its guide programme, and
// the upcoming list (what will and will not be recorded, and why). Pure TypeScript; instants are UTC ms.
import type { RuleLibrary } from './settings-library';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** How a series rule's title is compared with a programme's title (case-insensitive, spacing folded). */
export const MATCH_MODES = ['exact', 'contains', 'prefix', 'regex'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

/**
 * What counts as "already recorded": `episode` compares the layered episode identity (programme id,
 * season/episode, sub-title, description); programmes without one are never duplicates unless the rule
 * says once per day or once per week; `none` records every airing.
 */
export const DEDUPE_MODES = ['episode', 'once-per-day', 'once-per-week', 'none'] as const;
export type DedupeMode = (typeof DEDUPE_MODES)[number];

/** Which channels a series rule looks at. */
export type ChannelScope =
  | { scope: 'any' }
  | { scope: 'channels'; ids: number[] }
  /** Any channel (of any source) carrying this guide channel. */
  | { scope: 'guide-channel'; guideId: number; xmltvId: string };

export interface SeriesRuleConfig {
  kind: 'series';
  title: string;
  match: MatchMode;
  /** Words that must all appear in the description (case-insensitive). */
  keywords: string[];
  channels: ChannelScope;
  /** Days of the week the airing must start on (in `tz`); null: any day. */
  days: Weekday[] | null;
  /** The airing must start at or after / before this wall-clock time in `tz` ("HH:MM"); null: any. */
  after: string | null;
  before: string | null;
  minDurationMin: number | null;
  maxDurationMin: number | null;
  /** The programme must have one of these categories (case-insensitive); empty: any. */
  categories: string[];
  newOnly: boolean;
  /** For guides that tag only repeats: a programme without new/premiere/previously-shown counts as new. */
  untaggedIsNew: boolean;
  dedupe: DedupeMode;
  /** IANA time zone of `days`, `after` and `before`. */
  tz: string;
}

export interface TimeRuleConfig {
  kind: 'time';
  channelId: number;
  /** Wall-clock start ("HH:MM") in `tz`: 18:00 stays 18:00 across daylight-saving changes. */
  at: string;
  durationMs: number;
  days: Weekday[];
  tz: string;
  /** First and last date (inclusive, "YYYY-MM-DD" in `tz`); null: open. */
  from: string | null;
  until: string | null;
  /** The recordings' title; null: the guide's title at that time, else "<channel> HH:MM". */
  title: string | null;
}

export type RuleConfig = SeriesRuleConfig | TimeRuleConfig;
export type RuleKind = RuleConfig['kind'];

export interface Rule {
  id: number;
  name: string;
  enabled: boolean;
  /** Higher wins when recordings compete for connections. One-off recordings count as MANUAL_PRIORITY. */
  priority: number;
  /** Null: the settings' defaults. Negative values start late / end early. */
  padBeforeMs: number | null;
  padAfterMs: number | null;
  /** Keep only the last N recordings of this rule (older ones are deleted by cleanup); null: all. */
  keepLast: number | null;
  container: 'ts' | 'mkv' | 'mp4' | null;
  /** Sidecars this rule turns on or off, and film naming (null: the settings' choices). */
  library: RuleLibrary | null;
  config: RuleConfig;
  createdAt: number;
  updatedAt: number;
  /** From the last evaluation: what is coming, and anything the user should know (a new-only rule on a guide without new tags). */
  upcoming: number;
  warnings: string[];
}

/** The priority of a recording the user scheduled by hand (above any rule unless a rule says more). */
export const MANUAL_PRIORITY = 100;

/** What a recording made from the guide keeps of its programme (the guide may drop or move it). */
export interface ProgrammeRef {
  guideId: number;
  xmltvChannelId: string;
  /** The programme's start as the guide gave it (the recording's own startAt may differ by padding). */
  start: number;
  stop: number | null;
  title: string;
  subTitle: string | null;
  description: string | null;
  categories: string[];
  season: number | null;
  episode: number | null;
  episodeNum: string | null;
  /** The guide's own programme id (dd_progid-style), when it gives one. */
  uid: string | null;
  icon: string | null;
  /** The year of a film, when known (imports read it from "Title (1999)"; guides do not give it yet). */
  year?: number | null;
  isNew: boolean;
  previouslyShown: boolean;
  premiere: boolean;
}

export const SKIP_REASONS = [
  'duplicate', // this episode was recorded before, or another airing of it is recorded
  'not-new', // the rule records new episodes only
  'outside-window', // the title matched, but the day, time, duration or category did not
  'rule-disabled',
  'cancelled', // the user cancelled this airing; it stays cancelled until restored
  'once-per-period', // the rule records once per day or week, and this period has its recording
  'keep-limit',
  'past', // it started before now: too late to record whole
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const UPCOMING_STATES = ['will-record', 'recording', 'conflict', 'skipped'] as const;
export type UpcomingState = (typeof UPCOMING_STATES)[number];

/** One airing in the upcoming list: a recording that will happen (or cannot), or an airing a rule skips. */
export interface UpcomingAiring {
  /** Stable within a rule: the same airing has the same key through re-evaluations. */
  key: string;
  state: UpcomingState;
  ruleId: number | null;
  ruleName: string | null;
  recordingId: number | null;
  /** Why it is skipped or in conflict ("needs a 3rd connection to Provider X at 20:00, held by A and B"). */
  reason: string | null;
  skip: SkipReason | null;
  channelId: number | null;
  channelName: string | null;
  title: string;
  subTitle: string | null;
  season: number | null;
  episode: number | null;
  /** The programme (or time slot) without padding, and the padding the recording would use. */
  start: number;
  end: number;
  padBeforeMs: number;
  padAfterMs: number;
  programmeId: number | null;
  /** For a duplicate: the recording (or deleted recording's tombstone) it duplicates. */
  duplicateOf: { recordingId: number | null; title: string; at: number } | null;
  /** One-click fixes for a conflict or a skip (see upcoming.* commands). */
  fixes: UpcomingFix[];
}

export type UpcomingFix =
  | { kind: 'raise-priority'; ruleId: number; to: number }
  | { kind: 'other-airing'; ruleId: number; key: string; start: number; channelName: string | null }
  | { kind: 'drop'; recordingId: number; title: string }
  | { kind: 'restore'; ruleId: number; key: string };

export interface RulePreview {
  airings: UpcomingAiring[];
  warnings: string[];
}
