// A rule in one sentence, as people say it: "every new episode of Doctor Who on any channel",
// "weekdays 18:00 on BBC One, Europe/Berlin". Pure (channel names are looked up by the caller):
// unit-tested, and used by the list and, live, by the editor.
import {
  WEEKDAYS,
  type RuleConfig,
  type SeriesRuleConfig,
  type TimeRuleConfig,
  type Weekday,
} from '../../../src-shared/domain-rules';

export interface Names {
  /** A channel's name, or null while unknown. */
  channel(id: number): string | null;
  /** A guide channel's name, or null while unknown. */
  guideChannel(guideId: number, xmltvId: string): string | null;
}

const DAY: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

const LONG_DAY: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** "daily", "weekdays", "weekends", "Mon–Thu", "Fri–Mon", "Mon, Wed, Fri". */
export function daysText(days: readonly Weekday[] | null): string {
  if (days === null || days.length === 0 || days.length === 7) return 'daily';
  const ordered = WEEKDAYS.filter((d) => days.includes(d));
  const key = ordered.join(',');
  if (key === 'mon,tue,wed,thu,fri') return 'weekdays';
  if (key === 'sat,sun') return 'weekends';
  if (ordered.length === 1) return `${LONG_DAY[ordered[0]!]}s`;
  const on = new Set(ordered);
  // One run of consecutive days (also across Sunday to Monday) reads as a range.
  const starts = WEEKDAYS.filter((d, i) => on.has(d) && !on.has(WEEKDAYS[(i + 6) % 7]!));
  if (starts.length === 1 && ordered.length > 2) {
    const first = WEEKDAYS.indexOf(starts[0]!);
    return `${DAY[starts[0]!]}–${DAY[WEEKDAYS[(first + ordered.length - 1) % 7]!]}`;
  }
  return ordered.map((d) => DAY[d]).join(', ');
}

/** "A", "A and B", "A, B and C", "4 channels". */
function listText(names: string[], noun: string): string {
  if (names.length > 3) return `${names.length} ${noun}s`;
  if (names.length <= 1) return names[0] ?? `no ${noun}`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "1 h 30 min", "45 min", "2 h". */
export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return `${h} h ${m} min`;
  return h ? `${h} h` : `${m} min`;
}

function titlePart(c: SeriesRuleConfig): string {
  const what = c.newOnly ? 'every new episode' : 'every episode';
  switch (c.match) {
    case 'exact':
      return `${what} of ${c.title}`;
    case 'contains':
      return `${what} of anything with “${c.title}” in its title`;
    case 'prefix':
      return `${what} of anything whose title starts with “${c.title}”`;
    case 'regex':
      return `${what} of anything whose title matches /${c.title}/`;
  }
}

function channelPart(c: SeriesRuleConfig, names: Names): string {
  const scope = c.channels;
  if (scope.scope === 'any') return 'on any channel';
  if (scope.scope === 'guide-channel') {
    return `on any channel showing ${names.guideChannel(scope.guideId, scope.xmltvId) ?? scope.xmltvId}`;
  }
  return `on ${listText(
    scope.ids.map((id) => names.channel(id) ?? `channel ${id}`),
    'channel',
  )}`;
}

function windowPart(c: SeriesRuleConfig): string | null {
  const parts: string[] = [];
  if (c.days && c.days.length < 7) parts.push(daysText(c.days));
  if (c.after && c.before) parts.push(`${c.after}–${c.before}`);
  else if (c.after) parts.push(`from ${c.after}`);
  else if (c.before) parts.push(`before ${c.before}`);
  if (!parts.length) return null;
  return c.tz ? `${parts.join(' ')}, ${c.tz}` : parts.join(' ');
}

function seriesSummary(c: SeriesRuleConfig, names: Names): string {
  return [`${titlePart(c)} ${channelPart(c, names)}`, windowPart(c)].filter(Boolean).join(', ');
}

function timeSummary(c: TimeRuleConfig, names: Names): string {
  const on = `${daysText(c.days)} ${c.at} on ${names.channel(c.channelId) ?? `channel ${c.channelId}`}`;
  // No zone (an unsaved rule that takes the default) reads as "at that time, here".
  return c.tz ? `${on}, ${c.tz}` : on;
}

/** The rule in one sentence (without its filters: see ruleDetails). */
export function ruleSummary(config: RuleConfig, names: Names): string {
  return config.kind === 'series' ? seriesSummary(config, names) : timeSummary(config, names);
}

/** The rest, as short phrases: "at least 30 min", "in News or Sport", "once a day", "from 1 Dec". */
export function ruleDetails(config: RuleConfig): string[] {
  if (config.kind === 'time') {
    const parts = [`${minutesText(Math.round(config.durationMs / 60_000))} each`];
    if (config.from) parts.push(`from ${config.from}`);
    if (config.until) parts.push(`until ${config.until}`);
    if (config.title) parts.push(`titled “${config.title}”`);
    return parts;
  }
  const parts: string[] = [];
  const { minDurationMin: min, maxDurationMin: max } = config;
  if (min !== null && max !== null) parts.push(`${minutesText(min)} to ${minutesText(max)} long`);
  else if (min !== null) parts.push(`at least ${minutesText(min)}`);
  else if (max !== null) parts.push(`at most ${minutesText(max)}`);
  if (config.categories.length) parts.push(`in ${config.categories.join(' or ')}`);
  if (config.keywords.length) parts.push(`mentioning ${config.keywords.map((k) => `“${k}”`).join(' and ')}`);
  if (config.newOnly && config.untaggedIsNew) parts.push('untagged counts as new');
  if (config.dedupe === 'once-per-day') parts.push('once a day');
  else if (config.dedupe === 'once-per-week') parts.push('once a week');
  else if (config.dedupe === 'none') parts.push('repeats of an episode too');
  return parts;
}

export const KIND_LABEL = { series: 'Series', time: 'Time' } as const;
