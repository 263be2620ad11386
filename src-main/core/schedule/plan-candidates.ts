// A plan's candidates: every airing each rule could record (series rules: the programmes of the titles
// they match, on the channels in their scope; time rules: their slots), before any decision. Also the
// stable keys airings are known by across evaluations (programmeKey, timeSlotKey).
import type { ProgrammeRef, Rule, SeriesRuleConfig, TimeRuleConfig } from '../../../src-shared/domain-rules';
import { episodeKeys } from './episode-identity';
import type { PlanChannel } from './guide-airings';
import type { EpisodeKeys, ProgrammeAiring } from './plan-types';
import type { PlanInputs } from './planner';
import { inScope } from './rule-match';
import { timeRuleSlots } from './time-rule';

/** A candidate airing of one rule, before the decisions. */
export interface Candidate {
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
          .allCarriers(p.guideId, p.xmltvChannelId)
          .filter((c) => (c.enabled || names(rule.config, c.id)) && inScope(rule.config, p, c));
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

/** A rule naming a channel in its scope records from it even when the channel is turned off. */
function names(config: SeriesRuleConfig, channelId: number): boolean {
  return config.channels.scope === 'channels' && config.channels.ids.includes(channelId);
}
