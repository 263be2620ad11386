// What people type for rules, turned into the contract's rule input: days ("mon-fri", "sat,sun",
// "weekdays", "fri-mon"), wall-clock times ("8:30"), signed padding ("-10m"), and the options of
// `rule add|edit|preview` as a rule (add, preview) or as changes merged into a saved rule (edit).
// Pure: no I/O, so the parsing is unit-tested on its own (tests/unit/cli-rules-input.test.ts).
import type { CommandInput } from '../../src-shared/contract';
import {
  WEEKDAYS,
  type ChannelScope,
  type DedupeMode,
  type MatchMode,
  type Rule,
  type RuleConfig,
  type SeriesRuleConfig,
  type TimeRuleConfig,
  type Weekday,
} from '../../src-shared/domain-rules';
import { parseDuration } from '../../src-shared/time-input';
import { CliError } from './cli-context';
import { positiveId, wholeNumber } from './cli-sources-format';

const DAY_NAMES: Record<string, Weekday> = {};
for (const [i, long] of [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
].entries()) {
  DAY_NAMES[long] = WEEKDAYS[i]!;
  DAY_NAMES[long.slice(0, 3)] = WEEKDAYS[i]!;
}
const DAY_WORDS: Record<string, readonly Weekday[]> = {
  weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  weekends: ['sat', 'sun'],
  daily: WEEKDAYS,
};

const DAYS_FORMS = 'use forms like mon-fri, sat,sun, fri-mon, weekdays, weekends, daily';

/** Days of the week in week order (Monday first), each once. A range may wrap: fri-mon is Fri..Mon. */
export function parseDays(text: string): Weekday[] {
  const chosen = new Set<Weekday>();
  const parts = text.toLowerCase().split(',');
  for (const raw of parts) {
    const part = raw.trim();
    const word = DAY_WORDS[part];
    if (word) {
      for (const d of word) chosen.add(d);
      continue;
    }
    const range = /^([a-z]+)\s*-\s*([a-z]+)$/.exec(part);
    const from = DAY_NAMES[range ? range[1]! : part];
    const to = range ? DAY_NAMES[range[2]!] : from;
    if (from === undefined || to === undefined)
      throw new CliError(`--days: "${text}" is not a set of days: ${DAYS_FORMS}`);
    const start = WEEKDAYS.indexOf(from);
    const length = (WEEKDAYS.indexOf(to) - start + 7) % 7;
    for (let i = 0; i <= length; i++) chosen.add(WEEKDAYS[(start + i) % 7]!);
  }
  return WEEKDAYS.filter((d) => chosen.has(d));
}

/** "HH:MM" from "H:MM" or "HH:MM" (24-hour), as the contract wants it. */
export function parseClock(text: string, what: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new CliError(`${what}: "${text}" is not a time of day: use HH:MM, 00:00 to 23:59`);
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** "YYYY-MM-DD" that is a real date. */
export function parseDate(text: string, what: string): string {
  const value = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value)
    throw new CliError(`${what}: "${text}" is not a date: use YYYY-MM-DD`);
  return value;
}

export function duration(text: string, what: string, signed = false): number {
  try {
    return parseDuration(text, { signed });
  } catch (error) {
    throw new CliError(`${what}: ${(error as Error).message}`);
  }
}

function wholeMinutes(text: string, what: string): number {
  const ms = duration(text, what);
  if (ms < 60_000 || ms % 60_000 !== 0) throw new CliError(`${what}: give whole minutes (like 20m or 1h30m)`);
  return ms / 60_000;
}

/** Options shared by `rule add series|time`, `rule edit` and `rule preview`, as commander gives them. */
export interface RuleOptions {
  // series
  title?: string;
  match?: MatchMode;
  keyword?: string[];
  channel?: string[];
  guideChannel?: string;
  days?: string;
  after?: string;
  before?: string;
  minDuration?: string;
  maxDuration?: string;
  category?: string[];
  newOnly?: boolean;
  untaggedIsNew?: boolean;
  dedupe?: DedupeMode;
  // time
  at?: string;
  duration?: string;
  from?: string;
  until?: string;
  // both
  tz?: string;
  keep?: string;
  priority?: string;
  padBefore?: string;
  padAfter?: string;
  name?: string;
  container?: string;
  disabled?: boolean;
  json?: boolean;
}

const SERIES_ONLY = [
  'match',
  'keyword',
  'guideChannel',
  'after',
  'before',
  'minDuration',
  'maxDuration',
  'category',
  'newOnly',
  'untaggedIsNew',
  'dedupe',
] as const;
const TIME_ONLY = ['at', 'duration', 'from', 'until'] as const;

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
/** "none" clears an optional setting in `rule edit` (and means "not set" in `rule add`). */
const orNone = <T>(text: string, parse: (t: string) => T): T | null =>
  text.trim().toLowerCase() === 'none' ? null : parse(text);
/** Repeated options; an empty value (--keyword '') clears the list in `rule edit`. */
const list = (values: string[]) => values.map((v) => v.trim()).filter(Boolean);

function seriesChannels(o: RuleOptions): ChannelScope | undefined {
  if (o.channel !== undefined && o.guideChannel !== undefined)
    throw new CliError('give either --channel or --guide-channel, not both');
  if (o.guideChannel !== undefined) {
    const m = /^(\d+):(.+)$/.exec(o.guideChannel);
    if (!m) throw new CliError(`--guide-channel: "${o.guideChannel}" is not GUIDE:XMLTVID (like 2:bbc1.uk)`);
    return { scope: 'guide-channel', guideId: positiveId(m[1]!, 'guide id'), xmltvId: m[2]! };
  }
  if (o.channel === undefined) return undefined;
  const ids = list(o.channel);
  if (ids.length === 0 || (ids.length === 1 && ids[0]!.toLowerCase() === 'any')) return { scope: 'any' };
  return { scope: 'channels', ids: ids.map((c) => positiveId(c, 'channel id')) };
}

/** What the options say about a series rule's config (only what was given). */
function seriesPatch(o: RuleOptions): Partial<SeriesRuleConfig> {
  const p: Partial<SeriesRuleConfig> = {};
  if (o.title !== undefined) p.title = o.title;
  if (o.match !== undefined) p.match = o.match;
  if (o.keyword !== undefined) p.keywords = list(o.keyword);
  const channels = seriesChannels(o);
  if (channels) p.channels = channels;
  // Every day is no day filter: stored as null, shown as "any day".
  if (o.days !== undefined) p.days = orNone(o.days, parseDays);
  if (p.days?.length === 7) p.days = null;
  if (o.after !== undefined) p.after = orNone(o.after, (t) => parseClock(t, '--after'));
  if (o.before !== undefined) p.before = orNone(o.before, (t) => parseClock(t, '--before'));
  if (o.minDuration !== undefined)
    p.minDurationMin = orNone(o.minDuration, (t) => wholeMinutes(t, '--min-duration'));
  if (o.maxDuration !== undefined)
    p.maxDurationMin = orNone(o.maxDuration, (t) => wholeMinutes(t, '--max-duration'));
  if (o.category !== undefined) p.categories = list(o.category);
  if (o.newOnly !== undefined) p.newOnly = o.newOnly;
  if (o.untaggedIsNew !== undefined) p.untaggedIsNew = o.untaggedIsNew;
  if (o.dedupe !== undefined) p.dedupe = o.dedupe;
  if (o.tz !== undefined) p.tz = o.tz;
  return p;
}

function timePatch(o: RuleOptions): Partial<TimeRuleConfig> {
  const p: Partial<TimeRuleConfig> = {};
  if (o.channel !== undefined) {
    const ids = list(o.channel);
    if (ids.length !== 1) throw new CliError('a time rule records one channel: give one --channel');
    p.channelId = positiveId(ids[0]!, 'channel id');
  }
  if (o.at !== undefined) p.at = parseClock(o.at, '--at');
  if (o.duration !== undefined) p.durationMs = duration(o.duration, '--duration');
  if (o.days !== undefined) p.days = parseDays(o.days);
  if (o.tz !== undefined) p.tz = o.tz;
  if (o.from !== undefined) p.from = orNone(o.from, (t) => parseDate(t, '--from'));
  if (o.until !== undefined) p.until = orNone(o.until, (t) => parseDate(t, '--until'));
  // An empty title goes back to the guide's title at that time.
  if (o.title !== undefined) p.title = o.title.trim() === '' ? null : o.title;
  return p;
}

type RuleFields = Omit<CommandInput<'rules.update'>, 'id' | 'config'>;

/** The rule's own fields (not its config) the options give. */
function fieldsOf(o: RuleOptions): RuleFields {
  const f: RuleFields = {};
  if (o.name !== undefined) f.name = o.name;
  if (o.priority !== undefined) f.priority = wholeNumber(o.priority, '--priority', -1000, 1000);
  const pad = (text: string, what: string) =>
    text.trim().toLowerCase() === 'default' ? null : duration(text, what, true);
  if (o.padBefore !== undefined) f.padBeforeMs = pad(o.padBefore, '--pad-before');
  if (o.padAfter !== undefined) f.padAfterMs = pad(o.padAfter, '--pad-after');
  if (o.keep !== undefined)
    f.keepLast = ['none', 'all'].includes(o.keep.trim().toLowerCase())
      ? null
      : wholeNumber(o.keep, '--keep', 1, 10_000);
  if (o.container !== undefined) {
    const c = o.container.trim().toLowerCase();
    if (c !== 'ts' && c !== 'mkv' && c !== 'mp4' && c !== 'default')
      throw new CliError(`--container: "${o.container}" is not ts, mkv, mp4 or default`);
    f.container = c === 'default' ? null : c;
  }
  if (o.disabled) f.enabled = false;
  return f;
}

/** A new rule (rule add, rule preview) of this kind from the options. */
export function newRuleInput(kind: RuleConfig['kind'], o: RuleOptions): CommandInput<'rules.add'> {
  if (kind === 'series') {
    if (o.title === undefined) throw new CliError('give the title to look for with --title');
    return { ...fieldsOf(o), config: { kind: 'series', ...seriesPatch(o), title: o.title } };
  }
  const missing = (['channel', 'days', 'at', 'duration'] as const).filter((k) => o[k] === undefined);
  if (missing.length)
    throw new CliError(`a time rule needs ${missing.map(flag).join(', ')} (like --days mon-fri --at 18:00)`);
  const p = timePatch(o);
  return {
    ...fieldsOf(o),
    config: {
      kind: 'time',
      ...p,
      channelId: p.channelId!,
      at: p.at!,
      durationMs: p.durationMs!,
      days: p.days!,
    },
  };
}

/** `rule edit`: the rule's fields and config with the options' changes merged in; throws if none. */
export function ruleChanges(rule: Rule, o: RuleOptions): CommandInput<'rules.update'> {
  const other = rule.config.kind === 'series' ? TIME_ONLY : SERIES_ONLY;
  const misplaced = other.filter((k) => o[k] !== undefined);
  if (misplaced.length) {
    const kind = rule.config.kind === 'series' ? 'time' : 'series';
    throw new CliError(
      `${misplaced.map(flag).join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} for ${kind} rules; rule ${rule.id} is a ${rule.config.kind} rule`,
    );
  }
  const fields = fieldsOf(o);
  const patch = rule.config.kind === 'series' ? seriesPatch(o) : timePatch(o);
  const changes: CommandInput<'rules.update'> = { id: rule.id, ...fields };
  if (Object.keys(patch).length > 0) {
    // The saved config (with its zone) plus the changes: the contract takes a whole config.
    changes.config = { ...rule.config, ...patch } as RuleConfig;
  }
  if (Object.keys(patch).length === 0 && Object.keys(fields).length === 0)
    throw new CliError(`nothing to change: give the options to change (see tapedeck rule edit --help)`);
  return changes;
}

/** A saved rule as the input of rules.add / rules.preview (for previewing an edit). */
export function asRuleInput(rule: Rule): CommandInput<'rules.add'> {
  return {
    name: rule.name,
    enabled: rule.enabled,
    priority: rule.priority,
    padBeforeMs: rule.padBeforeMs,
    padAfterMs: rule.padAfterMs,
    keepLast: rule.keepLast,
    container: rule.container,
    config: rule.config,
  };
}

/** A saved rule with the changes of ruleChanges() applied, as rules.preview takes it. */
export function previewOfChanges(
  rule: Rule,
  changes: CommandInput<'rules.update'>,
): CommandInput<'rules.add'> {
  const { id: _id, ...rest } = changes;
  const base = asRuleInput(rule);
  return { ...base, ...rest, config: rest.config ?? base.config };
}
