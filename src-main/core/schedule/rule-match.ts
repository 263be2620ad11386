// Does a series rule want this airing? Three pure steps the planner runs in order: the title
// (titleMatcher, over every distinct title of the guide), the channel scope (inScope), then the rule's
// filters (filterAiring), which say in a sentence why an airing with the right title is skipped. No
// database, no clock: times are the airing's, read in the rule's zone.
import { WEEKDAYS, type SeriesRuleConfig, type Weekday } from '../../../src-shared/domain-rules';
import { foldText, normalizeTitle } from './episode-identity';
import type { FilterVerdict, ProgrammeAiring } from './plan-types';
import { clockOfMinute, MINUTE_MS, minuteOfClock, zoneClock } from './zone-time';

// ---------------------------------------------------------------------------------------------------
// Title

/** Regex rules see at most this much of a title (bounds the work of a slow pattern on a long title). */
export const REGEX_TITLE_LIMIT = 500;

/**
 * A title test for a rule, compiled once (the planner runs it over ~10,000 distinct titles per rule).
 * exact / contains / prefix compare normalizeTitle forms as plain strings ("Star" is a prefix of
 * "Stargate"); a rule title that normalises to nothing ("???") compares trimmed lower-case text instead.
 * regex runs on the raw title (its first REGEX_TITLE_LIMIT characters), flags 'iu'; the contract has
 * checked that it compiles. The cut bounds the input, not the pattern: a catastrophically backtracking
 * pattern is still slow on 500 characters.
 */
export function titleMatcher(config: Pick<SeriesRuleConfig, 'title' | 'match'>): (title: string) => boolean {
  if (config.match === 'regex') {
    const re = new RegExp(config.title, 'iu');
    return (title) => re.test(title.length > REGEX_TITLE_LIMIT ? title.slice(0, REGEX_TITLE_LIMIT) : title);
  }
  const normalised = normalizeTitle(config.title);
  const fold = normalised.length > 0 ? normalizeTitle : (s: string) => s.trim().toLowerCase();
  const want = normalised.length > 0 ? normalised : config.title.trim().toLowerCase();
  switch (config.match) {
    case 'exact':
      return (title) => fold(title) === want;
    case 'contains':
      return (title) => fold(title).includes(want);
    case 'prefix':
      return (title) => fold(title).startsWith(want);
  }
}

// ---------------------------------------------------------------------------------------------------
// Channel scope

/** A channel as the scope needs it: its id and the guide channel it is mapped to (if any). */
export interface ScopeChannel {
  id: number;
  guideId: number | null;
  guideChannelId: string | null;
}

/**
 * Is the airing on a channel the rule looks at? 'channels': the channel is listed. 'guide-channel': the
 * channel carries that guide channel (its mapping), or the airing comes from it; the planner takes
 * airings through channel mappings, so the two agree and either is enough.
 */
export function inScope(
  config: Pick<SeriesRuleConfig, 'channels'>,
  airing: Pick<ProgrammeAiring, 'guideId' | 'xmltvChannelId'>,
  channel: ScopeChannel,
): boolean {
  const scope = config.channels;
  switch (scope.scope) {
    case 'any':
      return true;
    case 'channels':
      return scope.ids.includes(channel.id);
    case 'guide-channel':
      return (
        (channel.guideId === scope.guideId && channel.guideChannelId === scope.xmltvId) ||
        (airing.guideId === scope.guideId && airing.xmltvChannelId === scope.xmltvId)
      );
  }
}

// ---------------------------------------------------------------------------------------------------
// Filters

type FilterInput = Pick<
  ProgrammeAiring,
  'start' | 'stop' | 'description' | 'categories' | 'isNew' | 'previouslyShown' | 'premiere'
>;

/** A rule's filters with everything that does not depend on the airing worked out once. */
interface CompiledFilter {
  keywords: Array<{ text: string; folded: string }>;
  days: ReadonlySet<Weekday> | null;
  after: number | null;
  before: number | null;
  minMs: number | null;
  maxMs: number | null;
  categories: ReadonlySet<string>;
  /** "Mon–Fri 18:00–20:00": the rule's day/time window, for reasons. */
  window: string;
}

const compiled = new WeakMap<SeriesRuleConfig, CompiledFilter>();

function compile(config: SeriesRuleConfig): CompiledFilter {
  let c = compiled.get(config);
  if (c === undefined) {
    const after = config.after === null ? null : minuteOfClock(config.after);
    const before = config.before === null ? null : minuteOfClock(config.before);
    c = {
      keywords: config.keywords.map((k) => ({ text: k.trim(), folded: foldText(k) })),
      days: config.days === null ? null : new Set(config.days),
      after,
      before,
      minMs: config.minDurationMin === null ? null : config.minDurationMin * MINUTE_MS,
      maxMs: config.maxDurationMin === null ? null : config.maxDurationMin * MINUTE_MS,
      categories: new Set(config.categories.map(foldText)),
      window: describeWindow(config.days, config.after, config.before),
    };
    compiled.set(config, c);
  }
  return c;
}

/**
 * Is the start minute inside after/before? `after` is inclusive, `before` exclusive. When after > before
 * the window wraps midnight (22:00–02:00 is 22:00..23:59 and 00:00..01:59); after = before is the whole
 * day (a wrap of 24 hours), not an empty window that would silently record nothing.
 */
export function inTimeWindow(minute: number, after: number | null, before: number | null): boolean {
  if (after === null) return before === null || minute < before;
  if (before === null) return minute >= after;
  return after < before ? minute >= after && minute < before : minute >= after || minute < before;
}

/**
 * Why the rule does not want this airing, or null when it does. Checked in this order, the first that
 * fails answering:
 *  1. keywords: every one appears (as a substring, both sides foldText'd) in the description; an
 *     airing without a description matches no keyword;
 *  2. days: the weekday on which the airing STARTS, in the rule's zone (for a window that wraps
 *     midnight, an airing at 00:30 on Saturday is Saturday's);
 *  3. after/before: the start's wall-clock time in the rule's zone (see inTimeWindow);
 *  4. min/max duration: stop - start, both limits inclusive;
 *  5. categories: any of the rule's, foldText'd on both sides (case, accents and punctuation folded);
 *  6. new only (see isNewAiring).
 * 1-5 answer 'outside-window', 6 'not-new'. The config is treated as immutable: what does not depend
 * on the airing is worked out once per config object.
 */
export function filterAiring(config: SeriesRuleConfig, airing: FilterInput): FilterVerdict | null {
  const c = compile(config);

  if (c.keywords.length > 0) {
    const verdict = keywordVerdict(c, airing.description);
    if (verdict !== null) return verdict;
  }

  if (c.days !== null || c.after !== null || c.before !== null) {
    const local = zoneClock(config.tz).local(airing.start);
    if (
      (c.days !== null && !c.days.has(local.weekday)) ||
      !inTimeWindow(local.minuteOfDay, c.after, c.before)
    ) {
      return outside(
        `starts at ${clockOfMinute(local.minuteOfDay)} on ${DAY_NAMES[local.weekday]}; the rule records ${c.window}`,
      );
    }
  }

  const duration = airing.stop - airing.start;
  if (c.minMs !== null && duration < c.minMs)
    return outside(
      `${formatDuration(duration)} long; the rule records at least ${config.minDurationMin} min`,
    );
  if (c.maxMs !== null && duration > c.maxMs)
    return outside(`${formatDuration(duration)} long; the rule records at most ${config.maxDurationMin} min`);

  if (c.categories.size > 0 && !airing.categories.some((k) => c.categories.has(foldText(k)))) {
    const wanted = listWith(config.categories, 'or');
    return outside(
      airing.categories.length === 0
        ? `the guide gives it no category; the rule records ${wanted} only`
        : `listed as ${airing.categories.join(', ')}; the rule records ${wanted} only`,
    );
  }

  if (config.newOnly && !isNewAiring(config, airing)) {
    return {
      skip: 'not-new',
      reason: airing.previouslyShown
        ? 'a repeat (previously shown); the rule records new episodes only'
        : 'the guide does not mark it as new; the rule records new episodes only',
    };
  }
  return null;
}

function keywordVerdict(c: CompiledFilter, description: string | null): FilterVerdict | null {
  const quoted = c.keywords.map((k) => `"${k.text}"`);
  if (description === null || description.trim().length === 0)
    return outside(`the guide gives no description; the rule looks for ${listWith(quoted, 'and')} in it`);
  const text = foldText(description);
  const missing = c.keywords.filter((k) => !text.includes(k.folded)).map((k) => `"${k.text}"`);
  return missing.length === 0 ? null : outside(`the description does not mention ${listWith(missing, 'or')}`);
}

function outside(reason: string): FilterVerdict {
  return { skip: 'outside-window', reason };
}

/**
 * New for a new-only rule: previously-shown is never new (even with a new or premiere tag: a premiere
 * on this channel may be a repeat elsewhere); else new or premiere is new; else, with untaggedIsNew
 * (for guides that tag only repeats), an airing with none of the three tags is new.
 */
export function isNewAiring(
  config: Pick<SeriesRuleConfig, 'untaggedIsNew'>,
  airing: Pick<ProgrammeAiring, 'isNew' | 'previouslyShown' | 'premiere'>,
): boolean {
  if (airing.previouslyShown) return false;
  if (airing.isNew || airing.premiere) return true;
  return config.untaggedIsNew;
}

export const NO_NEW_TAGS_WARNING =
  "the guide marks no programme as new or repeat; turn on 'untagged counts as new' or new-only will record nothing";

/**
 * For a rule's warnings: a new-only rule (without untaggedIsNew) on a guide that tags nothing would
 * record nothing, silently. `airings` are the ones the rule's title matched on its channels; when some
 * matched and none carries a new, premiere or previously-shown tag, this says so. Else null.
 */
export function newTagWarning(
  config: Pick<SeriesRuleConfig, 'newOnly' | 'untaggedIsNew'>,
  airings: ReadonlyArray<Pick<ProgrammeAiring, 'isNew' | 'previouslyShown' | 'premiere'>>,
): string | null {
  if (!config.newOnly || config.untaggedIsNew || airings.length === 0) return null;
  return airings.some((a) => a.isNew || a.premiere || a.previouslyShown) ? null : NO_NEW_TAGS_WARNING;
}

// ---------------------------------------------------------------------------------------------------
// Words for reasons

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** "Mon–Fri", "Sat, Sun", "Mon, Wed–Fri", "every day"; runs of three or more get a dash. */
export function describeDays(days: readonly Weekday[]): string {
  const indexes = WEEKDAYS.map((d, i) => (days.includes(d) ? i : -1)).filter((i) => i >= 0);
  if (indexes.length === 7) return 'every day';
  const parts: string[] = [];
  for (let i = 0; i < indexes.length;) {
    let j = i;
    while (j + 1 < indexes.length && (indexes[j + 1] as number) === (indexes[j] as number) + 1) j++;
    const names = indexes.slice(i, j + 1).map((k) => short(k));
    parts.push(names.length >= 3 ? `${names[0]}–${names[names.length - 1]}` : names.join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

function short(index: number): string {
  const day = WEEKDAYS[index] as Weekday;
  return DAY_NAMES[day].slice(0, 3);
}

/** "Mon–Fri 18:00–20:00", "18:00–20:00", "from 18:00", "before 06:00", "Sat, Sun". */
export function describeWindow(days: Weekday[] | null, after: string | null, before: string | null): string {
  const time =
    after !== null && before !== null
      ? `${after}–${before}`
      : after !== null
        ? `from ${after}`
        : before !== null
          ? `before ${before}`
          : '';
  return [days === null ? '' : describeDays(days), time].filter((s) => s.length > 0).join(' ');
}

/** "72 min", or "60 min 24 s" when not whole minutes (so "61 min; at most 60" never reads as a tie). */
function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const min = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${min} min` : `${min} min ${s} s`;
}

/** ["a"] -> "a"; ["a", "b"] -> "a or b"; ["a", "b", "c"] -> "a, b or c". */
function listWith(items: readonly string[], word: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}
