// Turns rules into recordings for the next 14 days, and explains what it will not record.
//
// The database is the truth and the plan is a function of it: every evaluation reads the rules, the
// guide, the channels, the episode history and the user's per-airing decisions, decides every airing,
// and writes the difference (new scheduled recordings, changed ones, ones no longer planned, the skip
// list). Running it twice changes nothing; a guide refresh, a rule edit, a source's limit, a clock jump
// all simply mean "evaluate again" (triggers.ts).
//
// One evaluation:
//  1. candidates: series rules match titles (distinct titles in the horizon, then their programmes),
//     time rules give their slots; each candidate is an airing with a stable key;
//  2. per rule, in priority order: the user's cancellations, the rule's filters (day, time, duration,
//     category, new only), already-recorded episodes (history, tombstones included), one airing per
//     episode (the earliest, unless the user chose another; the others become its alternatives), and
//     once-per-day/week; an airing another rule already took is that rule's;
//  3. connections: every chosen airing and every scheduled or running recording wants a connection of
//     its source's group for its padded window; allocate.ts places them by priority, falling back to
//     another source carrying the same guide channel, then another airing of the same episode, and
//     marks the rest as conflicts with a reason;
//  4. the result is written in one short transaction (plan-writer via RecordingStore.applyPlan).
import { DateTime } from 'luxon';
import type { Recording } from '../../../src-shared/domain';
import type { Rule, SkipReason } from '../../../src-shared/domain-rules';
import { PLAN_HORIZON_DAYS } from '../../../src-shared/contract-rules';
import { hasIdentity, sameEpisode } from './episode-identity';
import { layers, type HistoryIndex } from './episode-history';
import type { GuideAirings } from './guide-airings';
import { candidatesOf, padsOf, type Candidate } from './plan-candidates';
import { placeConnections, type ChosenAiring } from './plan-connections';
import type { ConnectionGroup, EpisodeKeys, ProgrammeAiring } from './plan-types';
import { filterAiring, newTagWarning } from './rule-match';

export const HORIZON_MS = PLAN_HORIZON_DAYS * 24 * 3600_000;

/** What the planner knows about connections: groups and the group of each channel. */
export interface ConnectionMap {
  groups: Map<string, ConnectionGroup>;
  /** The channel's group key; null when it has none (no limit). */
  groupOf(channelId: number): string | null;
}

export interface PlanInputs {
  now: number;
  rules: Rule[];
  airings: GuideAirings;
  history: HistoryIndex;
  overrides: Map<number, Map<string, 'skip' | 'choose'>>;
  /** Scheduled and recording recordings (all of them: rule-made and one-off). */
  active: Recording[];
  connections: ConnectionMap;
  defaults: { padBeforeMs: number; padAfterMs: number; container: Recording['container'] };
  /** How a time reads in reasons ("20:00" in the user's zone). */
  formatTime: (ms: number) => string;
}

/** An airing a rule will record (or wants to, and is in conflict). */
export interface PlannedAiring {
  key: string;
  rule: Rule;
  channelId: number;
  programme: ProgrammeAiring | null;
  title: string;
  start: number;
  end: number;
  padBeforeMs: number;
  padAfterMs: number;
  conflict: string | null;
  note: string | null;
}

export interface PlannedSkip {
  ruleId: number;
  key: string;
  channelId: number | null;
  programmeId: number | null;
  start: number;
  end: number;
  title: string;
  subTitle: string | null;
  season: number | null;
  episode: number | null;
  skip: SkipReason;
  reason: string;
  duplicateOf: { recordingId: number | null; title: string; at: number } | null;
}

export interface Plan {
  airings: PlannedAiring[];
  skips: PlannedSkip[];
  /**
   * Recordings not made by the plan (one-off, or running) and what allocation says of them; `note`
   * undefined leaves the recording's note alone (the guide-follow note, say).
   */
  others: Map<number, { conflict: string | null; channelId: number | null; note?: string | null }>;
  warnings: Map<number, string[]>;
}

/** Decides every airing of every rule, allocates connections, and returns the plan. */
export function makePlan(inputs: PlanInputs): Plan {
  const { now } = inputs;
  const enabled = inputs.rules
    .filter((r) => r.enabled)
    .sort((a, b) => b.priority - a.priority || a.id - b.id);
  const candidates = candidatesOf(inputs, enabled);
  const skips: PlannedSkip[] = [];
  const warnings = new Map<number, string[]>();
  /** Airings already taken (by a higher-priority rule), by key. */
  const taken = new Map<string, Rule>();
  /** Chosen airings by each layer of their episode identity, for duplicates across rules. */
  const chosenByKey = new Map<string, Candidate[]>();
  /** Per rule, the chosen airings with the other airings of the same episode (alternatives). */
  const chosen: ChosenAiring[] = [];
  // Airings a recording holds outside the plan: running ones, and one-off recordings of a programme
  // (recorded from the guide by hand): a rule matching them leaves them alone.
  const held = new Map<string, Recording>();
  for (const r of inputs.active) {
    if (r.airingKey && (r.status === 'recording' || r.ruleId === null)) held.set(r.airingKey, r);
  }

  const skip = (
    c: Candidate,
    kind: SkipReason,
    reason: string,
    duplicateOf: PlannedSkip['duplicateOf'] = null,
  ) =>
    skips.push({
      ruleId: c.rule.id,
      key: c.key,
      channelId: c.channels[0]?.id ?? null,
      programmeId: c.programme?.programmeId ?? null,
      start: c.start,
      end: c.end,
      title: c.title,
      subTitle: c.subTitle,
      season: c.season,
      episode: c.episode,
      skip: kind,
      reason,
      duplicateOf,
    });

  for (const rule of enabled) {
    const list = (candidates.get(rule.id) ?? []).sort((a, b) => a.start - b.start);
    const overrides = inputs.overrides.get(rule.id) ?? new Map<string, 'skip' | 'choose'>();
    const pads = padsOf(rule, inputs.defaults);
    const ruleWarnings: string[] = [];
    if (rule.config.kind === 'series') {
      const warning = newTagWarning(
        rule.config,
        list.flatMap((c) => (c.programme ? [c.programme] : [])),
      );
      if (warning) ruleWarnings.push(warning);
    }
    // Airings that pass everything but the duplicate checks, in the order episodes are decided.
    const eligible: Candidate[] = [];
    for (const c of list) {
      const holder = held.get(c.key);
      if (holder?.status === 'recording') {
        // Being recorded right now: it holds its airing whatever the rule says now.
        taken.set(c.key, rule);
        continue;
      }
      if (holder) {
        skip(c, 'duplicate', `already scheduled by hand: recording ${holder.id}`, {
          recordingId: holder.id,
          title: holder.title,
          at: holder.startAt,
        });
        continue;
      }
      if (c.end + pads.after <= now) continue;
      if (c.start - pads.before < now) {
        skip(c, 'past', `started at ${inputs.formatTime(c.start)}, before the rule could record it whole`);
        continue;
      }
      if (overrides.get(c.key) === 'skip') {
        skip(c, 'cancelled', 'cancelled by you');
        continue;
      }
      const other = taken.get(c.key);
      if (other) {
        skip(c, 'duplicate', `recorded by rule "${other.name}"`);
        continue;
      }
      if (rule.config.kind === 'series' && c.programme) {
        const verdict = filterAiring(rule.config, c.programme);
        if (verdict) {
          skip(c, verdict.skip, verdict.reason);
          continue;
        }
      }
      eligible.push(c);
    }
    // The user's pick of one airing of an episode goes first; then the earliest.
    eligible.sort((a, b) => rank(overrides, b) - rank(overrides, a) || a.start - b.start);
    const dedupe = rule.config.kind === 'series' ? rule.config.dedupe : 'none';
    const periods = new Map<string, Candidate>();
    for (const c of eligible) {
      if (dedupe === 'episode' && c.keys && hasIdentity(c.keys)) {
        const past = inputs.history.find(c.keys);
        if (past) {
          skip(
            c,
            'duplicate',
            `already recorded${past.deleted ? ' (since deleted)' : ''}: "${past.title}" on ${inputs.formatTime(past.airedAt)}`,
            { recordingId: past.deleted ? null : past.recordingId, title: past.title, at: past.airedAt },
          );
          continue;
        }
        const earlier = findChosen(chosenByKey, c.keys);
        if (earlier) {
          const entry = chosen.find((x) => x.candidate === earlier);
          if (entry && earlier.rule.id === rule.id) entry.alternatives.push(c);
          skip(
            c,
            'duplicate',
            `another airing of this episode is recorded: ${inputs.formatTime(earlier.start)}`,
            {
              recordingId: null,
              title: earlier.title,
              at: earlier.start,
            },
          );
          continue;
        }
      } else if (dedupe === 'once-per-day' || dedupe === 'once-per-week') {
        const period = periodOf(c.start, dedupe, rule.config.kind === 'series' ? rule.config.tz : 'UTC');
        const first = periods.get(period);
        const recorded = inputs.history.all.find(
          (p) =>
            p.ruleId === rule.id &&
            periodOf(p.airedAt, dedupe, rule.config.kind === 'series' ? rule.config.tz : 'UTC') === period,
        );
        if (first || recorded) {
          skip(
            c,
            'once-per-period',
            `the rule records once per ${dedupe === 'once-per-day' ? 'day' : 'week'}, and this one has ${first ? `the ${inputs.formatTime(first.start)} airing` : 'its recording'}`,
          );
          continue;
        }
        periods.set(period, c);
      }
      taken.set(c.key, rule);
      chosen.push({ candidate: c, alternatives: [] });
      if (c.keys) for (const key of layers(c.keys)) pushTo(chosenByKey, key, c);
    }
    warnings.set(rule.id, ruleWarnings);
  }

  const { airings, others } = placeConnections(inputs, chosen, skip);
  return { airings, skips, others, warnings };
}

function rank(overrides: Map<string, 'skip' | 'choose'>, c: Candidate): number {
  return overrides.get(c.key) === 'choose' ? 1 : 0;
}

function findChosen(byKey: Map<string, Candidate[]>, keys: EpisodeKeys): Candidate | null {
  for (const key of layers(keys)) {
    for (const c of byKey.get(key) ?? []) if (c.keys && sameEpisode(keys, c.keys)) return c;
  }
  return null;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function periodOf(at: number, dedupe: 'once-per-day' | 'once-per-week', tz: string): string {
  const local = DateTime.fromMillis(at, { zone: tz });
  return dedupe === 'once-per-day' ? local.toISODate()! : `${local.weekYear}-W${local.weekNumber}`;
}
