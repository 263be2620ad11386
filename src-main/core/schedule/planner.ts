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
import {
  MANUAL_PRIORITY,
  type ProgrammeRef,
  type Rule,
  type SeriesRuleConfig,
  type SkipReason,
  type TimeRuleConfig,
} from '../../../src-shared/domain-rules';
import { PLAN_HORIZON_DAYS } from '../../../src-shared/contract-rules';
import { allocate } from './allocate';
import { episodeKeys, hasIdentity, sameEpisode } from './episode-identity';
import { layers, type HistoryIndex } from './episode-history';
import type { GuideAirings, PlanChannel } from './guide-airings';
import type {
  ChannelOption,
  ConnectionGroup,
  EpisodeKeys,
  Placement,
  ProgrammeAiring,
  Want,
} from './plan-types';
import { filterAiring, inScope, newTagWarning } from './rule-match';
import { timeRuleSlots } from './time-rule';

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

/** A candidate airing of one rule, before the decisions. */
interface Candidate {
  key: string;
  rule: Rule;
  channels: PlanChannel[];
  programme: ProgrammeAiring | null;
  title: string;
  subTitle: string | null;
  season: number | null;
  episode: number | null;
  start: number;
  end: number;
  keys: EpisodeKeys | null;
  note: string | null;
}

export function programmeKey(p: Pick<ProgrammeAiring, 'guideId' | 'xmltvChannelId' | 'start'>): string {
  return `prog:${p.guideId}:${p.xmltvChannelId}:${p.start}`;
}

export function timeSlotKey(ruleId: number, start: number): string {
  return `time:${ruleId}:${start}`;
}

export function programmeRef(p: ProgrammeAiring): ProgrammeRef {
  return {
    guideId: p.guideId,
    xmltvChannelId: p.xmltvChannelId,
    start: p.start,
    stop: p.stop,
    title: p.title,
    subTitle: p.subTitle,
    description: p.description,
    categories: p.categories,
    season: p.season,
    episode: p.episode,
    episodeNum: p.episodeNum,
    uid: p.uid,
    icon: p.icon,
    isNew: p.isNew,
    previouslyShown: p.previouslyShown,
    premiere: p.premiere,
  };
}

export function padsOf(rule: Rule, defaults: PlanInputs['defaults']): { before: number; after: number } {
  return { before: rule.padBeforeMs ?? defaults.padBeforeMs, after: rule.padAfterMs ?? defaults.padAfterMs };
}

/** Every candidate of every rule (enabled or not), with the programmes loaded once for all of them. */
export function candidatesOf(inputs: PlanInputs, rules: readonly Rule[]): Map<number, Candidate[]> {
  const out = new Map<number, Candidate[]>();
  const series = rules.filter((r): r is Rule & { config: SeriesRuleConfig } => r.config.kind === 'series');
  if (series.length > 0) {
    const matchers = series.map((rule) => ({ rule }));
    const wanted = new Set<string>();
    const titlesOf = new Map<number, Set<string>>();
    for (const { rule } of matchers) {
      const mine = inputs.airings.titlesMatching(rule.config, rule.updatedAt);
      for (const title of mine) wanted.add(title);
      titlesOf.set(rule.id, mine);
    }
    const programmes = inputs.airings.programmes([...wanted]);
    // Details (description, categories) only where something reads them: a programme whose identity
    // rests on its description (no programme id, no episode number), and every airing of a rule that
    // filters on keywords or categories. The rest is decided on the brief columns.
    inputs.airings.loadDetails(programmes.filter((p) => p.uid === null && p.episode === null));
    for (const { rule } of matchers) {
      if (rule.config.keywords.length > 0 || rule.config.categories.length > 0) {
        const mine = titlesOf.get(rule.id)!;
        inputs.airings.loadDetails(programmes.filter((p) => mine.has(p.title)));
      }
    }
    for (const { rule } of matchers) {
      const mine = titlesOf.get(rule.id)!;
      const list: Candidate[] = [];
      for (const p of programmes) {
        if (!mine.has(p.title)) continue;
        const channels = inputs.airings
          .carriers(p.guideId, p.xmltvChannelId)
          .filter((c) =>
            inScope(rule.config, p, { id: c.id, guideId: c.guideId, guideChannelId: c.guideChannelId }),
          );
        if (channels.length === 0) continue;
        list.push({
          key: programmeKey(p),
          rule,
          channels,
          programme: p,
          title: p.title,
          subTitle: p.subTitle,
          season: p.season,
          episode: p.episode,
          start: p.start,
          end: p.stop,
          keys: episodeKeys(p),
          note: null,
        });
      }
      out.set(rule.id, list);
    }
  }
  for (const rule of rules) {
    if (rule.config.kind !== 'time') continue;
    out.set(rule.id, timeCandidates(inputs, rule as Rule & { config: TimeRuleConfig }));
  }
  return out;
}

function timeCandidates(inputs: PlanInputs, rule: Rule & { config: TimeRuleConfig }): Candidate[] {
  const config = rule.config;
  const channels = inputs.airings.withAlternatives(config.channelId);
  if (channels.length === 0) return [];
  const list: Candidate[] = [];
  for (const slot of timeRuleSlots(config, inputs.now - 24 * 3600_000, inputs.airings.to)) {
    // Titles come from the guide when it has them (what is on at the slot's middle), else the rule's.
    const programme = inputs.airings.programmeAt(config.channelId, slot.start + (slot.end - slot.start) / 2);
    const title = config.title ?? programme?.title ?? `${channels[0]!.name} ${config.at}`;
    list.push({
      key: timeSlotKey(rule.id, slot.start),
      rule,
      channels,
      programme: null,
      title,
      subTitle: config.title ? null : (programme?.subTitle ?? null),
      season: config.title ? null : (programme?.season ?? null),
      episode: config.title ? null : (programme?.episode ?? null),
      start: slot.start,
      end: slot.end,
      keys: null,
      note: slot.note,
    });
  }
  return list;
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
  const chosen: Array<{ candidate: Candidate; alternatives: Candidate[] }> = [];
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

  // Connections: rule airings and every recording not made by the plan compete for them.
  const wants: Want[] = [];
  const byWant = new Map<string, { candidate: Candidate; alternatives: Candidate[] }>();
  for (const entry of chosen) {
    const c = entry.candidate;
    const pads = padsOf(c.rule, inputs.defaults);
    const id = `a:${c.key}`;
    byWant.set(id, entry);
    wants.push({
      id,
      label: `"${c.title}"`,
      priority: c.rule.priority,
      start: c.start - pads.before,
      end: c.end + pads.after,
      channels: options(inputs, c.channels),
      alternatives: entry.alternatives.map((alt) => ({
        key: alt.key,
        start: alt.start - pads.before,
        end: alt.end + pads.after,
        channels: options(inputs, alt.channels),
      })),
      fixed: false,
    });
  }
  // Every recording the plan does not make: one-off ones, and running ones (which cannot move).
  const others = inputs.active.filter((r) => r.status === 'recording' || r.ruleId === null);
  for (const r of others) {
    // A direct URL belongs to no provider account: it needs no connection of any group.
    if (r.channelId === null) continue;
    const channels = inputs.airings.withAlternatives(r.channelId);
    wants.push({
      id: `r:${r.id}`,
      label: `"${r.title}"`,
      priority: r.status === 'recording' ? Number.MAX_SAFE_INTEGER : MANUAL_PRIORITY,
      start: r.startAt - r.padBeforeMs,
      end: r.endAt + r.padAfterMs,
      channels: options(inputs, r.status === 'recording' ? channels.slice(0, 1) : channels),
      alternatives: [],
      fixed: r.status === 'recording',
    });
  }
  const placements = allocate(wants, inputs.connections.groups, inputs.formatTime);
  const placedBy = new Map<string, Placement>(placements.map((p) => [p.want, p]));

  const airings: PlannedAiring[] = [];
  for (const [id, entry] of byWant) {
    const placement = placedBy.get(id);
    let c = entry.candidate;
    let channelId = c.channels[0]!.id;
    let conflict: string | null = null;
    if (placement?.kind === 'placed') {
      channelId = placement.channelId;
      if (placement.alternative) {
        const alt = entry.alternatives.find((a) => a.key === placement.alternative);
        if (alt) {
          skip(
            c,
            'duplicate',
            `another airing of this episode is recorded instead: ${inputs.formatTime(alt.start)} (no free connection at ${inputs.formatTime(c.start)})`,
            {
              recordingId: null,
              title: alt.title,
              at: alt.start,
            },
          );
          c = alt;
        }
      }
    } else if (placement?.kind === 'conflict') {
      conflict = placement.reason;
    }
    const pads = padsOf(c.rule, inputs.defaults);
    const channel = inputs.airings.channels.get(channelId);
    const preferred = c.channels[0];
    airings.push({
      key: c.key,
      rule: c.rule,
      channelId,
      programme: c.programme,
      title: c.title,
      start: c.start,
      end: c.end,
      padBeforeMs: pads.before,
      padAfterMs: pads.after,
      conflict,
      note:
        c.note ??
        (preferred && channel && preferred.id !== channel.id
          ? `records from ${channel.name} (source ${channel.sourceId}): ${preferred.name} has no free connection then`
          : null),
    });
  }
  const othersOut: Plan['others'] = new Map();
  for (const r of others) {
    const placement = placedBy.get(`r:${r.id}`);
    if (!placement) {
      if (r.channelId === null) othersOut.set(r.id, { conflict: null, channelId: null });
      continue;
    }
    if (placement.kind === 'conflict') {
      othersOut.set(r.id, { conflict: placement.reason, channelId: r.channelId });
    } else {
      const moved = r.channelId !== null && placement.channelId !== r.channelId ? placement.channelId : null;
      const channel = moved ? inputs.airings.channels.get(moved) : null;
      othersOut.set(r.id, {
        conflict: null,
        channelId: moved ?? r.channelId,
        ...(channel
          ? { note: `records from ${channel.name}: its own source has no free connection then` }
          : {}),
      });
    }
  }
  return { airings, skips, others: othersOut, warnings };
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

function options(inputs: PlanInputs, channels: readonly PlanChannel[]): ChannelOption[] {
  return channels.map((c) => ({
    channelId: c.id,
    channelName: c.name,
    group: inputs.connections.groupOf(c.id) ?? `channel:${c.id}`,
  }));
}
