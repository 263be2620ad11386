// How the CLI shows rules and the upcoming list: rules as a line (list) or a block (show), airings
// grouped by local day with their state, reason and one-click fixes as commands to run. Pure, so the
// output is unit-tested (tests/unit/cli-rules-format.test.ts); times are this computer's local time,
// like `guide` (TZ decides, which is what keeps the tests stable).
import {
  WEEKDAYS,
  type Rule,
  type RuleConfig,
  type UpcomingAiring,
  type UpcomingFix,
  type Weekday,
} from '../../src-shared/domain-rules';
import { formatDuration } from '../../src-shared/time-input';
import { isoWithOffset } from './cli-sources-format';

/** `Title S01E02 "Sub-title"`: what tells one episode from another. */
export function episodeLabel(a: {
  title: string;
  subTitle: string | null;
  season: number | null;
  episode: number | null;
}): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const se =
    a.season !== null && a.episode !== null
      ? `S${two(a.season)}E${two(a.episode)}`
      : a.season !== null
        ? `S${two(a.season)}`
        : a.episode !== null
          ? `E${two(a.episode)}`
          : '';
  return [a.title, se, a.subTitle ? `"${a.subTitle}"` : ''].filter(Boolean).join(' ');
}

/** An argument as a POSIX shell reads it back (keys hold guide channel ids, which may hold anything). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_.:@%+=,/-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A fix as the command that applies it, and what it does. */
export function fixCommand(fix: UpcomingFix): { command: string; does: string } {
  switch (fix.kind) {
    case 'raise-priority':
      return {
        command: `tapedeck rule edit ${fix.ruleId} --priority ${fix.to}`,
        does: 'put its rule above the recordings it competes with',
      };
    case 'other-airing':
      return {
        command: `tapedeck upcoming choose --rule ${fix.ruleId} --key ${shellQuote(fix.key)}`,
        does: 'record this airing of the episode instead',
      };
    case 'drop':
      return {
        command: `tapedeck cancel ${fix.recordingId}`,
        does: `cancel "${fix.title}" to free its connection`,
      };
    case 'restore':
      return {
        command: `tapedeck upcoming restore --rule ${fix.ruleId} --key ${shellQuote(fix.key)}`,
        does: 'record it after all',
      };
  }
}

const STATE_LABEL: Record<UpcomingAiring['state'], string> = {
  'will-record': 'will record',
  recording: 'recording',
  conflict: 'CONFLICT',
  skipped: 'skipped',
};

const hhmm = (ms: number) => isoWithOffset(ms).slice(11, 16);
const DAY_ABBR = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** "Mon 2026-03-02" in local time. */
export function dayHeader(ms: number): string {
  return `${DAY_ABBR[new Date(ms).getDay()]} ${isoWithOffset(ms).slice(0, 10)}`;
}

/** One airing: its line, then one line per fix. */
export function airingLines(a: UpcomingAiring): string[] {
  const ids = [
    a.recordingId !== null ? `#${a.recordingId}` : null,
    a.ruleId !== null ? `rule ${a.ruleId}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const channel = a.channelName ?? (a.channelId !== null ? `channel ${a.channelId}` : '-');
  const state = STATE_LABEL[a.state];
  // Skips and conflicts say why; a recording that will happen may carry the planner's note.
  const why =
    a.state === 'skipped' || a.state === 'conflict'
      ? `: ${a.reason ?? a.skip ?? 'no reason given'}`
      : a.reason
        ? ` (${a.reason})`
        : '';
  return [
    `  ${hhmm(a.start)}-${hhmm(a.end)}  ${channel}  ${episodeLabel(a)}${ids ? `  [${ids}]` : ''}  ${state}${why}`,
    ...a.fixes.map((f) => {
      const { command, does } = fixCommand(f);
      return `      fix: ${command}   # ${does}`;
    }),
  ];
}

/** Airings by local day, in the order given (the contract sorts them by start). */
export function upcomingLines(airings: readonly UpcomingAiring[], empty: string): string[] {
  if (airings.length === 0) return [empty];
  const lines: string[] = [];
  let day = '';
  for (const a of airings) {
    const header = dayHeader(a.start);
    if (header !== day) {
      if (day) lines.push('');
      lines.push(header);
      day = header;
    }
    lines.push(...airingLines(a));
  }
  const count = (state: UpcomingAiring['state']) => airings.filter((a) => a.state === state).length;
  const summary = [
    `${count('will-record')} to record`,
    count('recording') ? `${count('recording')} recording` : '',
    count('conflict') ? `${count('conflict')} in conflict` : '',
    `${count('skipped')} skipped`,
  ].filter(Boolean);
  return [...lines, '', summary.join(', ')];
}

/** upcoming --json: the contract's airings, each fix with the command that applies it. */
export function upcomingJson(airings: readonly UpcomingAiring[]): unknown[] {
  return airings.map((a) => ({
    ...a,
    fixes: a.fixes.map((f) => ({ ...f, command: fixCommand(f).command })),
  }));
}

/** "weekdays", "weekends", "daily", "Mon-Thu", "Fri-Mon", "Mon, Wed, Fri". */
export function daysLabel(days: readonly Weekday[] | null): string {
  if (days === null || days.length === 7) return 'daily';
  const key = days.join(',');
  if (key === 'mon,tue,wed,thu,fri') return 'weekdays';
  if (key === 'sat,sun') return 'weekends';
  const cap = (d: Weekday) => d[0]!.toUpperCase() + d.slice(1);
  const on = new Set(days);
  // One run of consecutive days (wrapping past Sunday) reads as a range.
  const starts = WEEKDAYS.filter((d, i) => on.has(d) && !on.has(WEEKDAYS[(i + 6) % 7]!));
  if (starts.length === 1 && days.length > 2) {
    const first = WEEKDAYS.indexOf(starts[0]!);
    return `${cap(starts[0]!)}-${cap(WEEKDAYS[(first + days.length - 1) % 7]!)}`;
  }
  return days.map(cap).join(', ');
}

/** What the rule looks for, in one phrase. */
export function configSummary(config: RuleConfig, channelName?: (id: number) => string): string {
  const channel = (id: number) => channelName?.(id) ?? `channel ${id}`;
  if (config.kind === 'time') {
    return `${channel(config.channelId)} ${daysLabel(config.days)} at ${config.at} for ${formatDuration(config.durationMs)} (${config.tz})`;
  }
  const where =
    config.channels.scope === 'any'
      ? 'any channel'
      : config.channels.scope === 'channels'
        ? config.channels.ids.map(channel).join(', ')
        : `guide ${config.channels.guideId} channel ${config.channels.xmltvId}`;
  return `"${config.title}" (${config.match}) on ${where}`;
}

function padding(ms: number | null): string {
  return ms === null ? 'default' : ms < 0 ? formatDuration(ms) : `+${formatDuration(ms)}`;
}

/** rule list: one line a rule. */
export function ruleLine(rule: Rule): string {
  return (
    `#${rule.id}  ${rule.config.kind.padEnd(6)}  ${rule.name}  - ${configSummary(rule.config)}` +
    `  (priority ${rule.priority}, ${rule.upcoming} upcoming)${rule.enabled ? '' : '  DISABLED'}` +
    (rule.warnings.length ? `  ${rule.warnings.length} warning(s)` : '')
  );
}

/** rule show, add, edit: the whole rule. */
export function ruleLines(rule: Rule, channelName?: (id: number) => string): string[] {
  const c = rule.config;
  const lines = [
    `#${rule.id} ${rule.name} (${c.kind} rule${rule.enabled ? '' : ', DISABLED'})`,
    `  records:   ${configSummary(c, channelName)}`,
  ];
  if (c.kind === 'series') {
    const window = [
      daysLabel(c.days),
      c.after || c.before ? `starting ${c.after ?? '00:00'}-${c.before ?? '24:00'}` : '',
      c.minDurationMin !== null || c.maxDurationMin !== null
        ? `${c.minDurationMin ?? 0}-${c.maxDurationMin ?? '...'} min long`
        : '',
    ].filter(Boolean);
    lines.push(`  when:      ${window.join(', ')} (${c.tz})`);
    if (c.keywords.length) lines.push(`  keywords:  ${c.keywords.join(', ')}`);
    if (c.categories.length) lines.push(`  category:  ${c.categories.join(' or ')}`);
    const dedupe =
      c.dedupe === 'episode' ? 'each episode once' : c.dedupe === 'none' ? 'every airing' : c.dedupe;
    const fresh = c.newOnly ? `new episodes only${c.untaggedIsNew ? ' (untagged count as new)' : ''}, ` : '';
    lines.push(`  airings:   ${fresh}${dedupe}`);
  } else {
    if (c.from !== null || c.until !== null)
      lines.push(`  dates:     ${c.from ?? '...'} to ${c.until ?? '...'}`);
    lines.push(`  title:     ${c.title ?? "the guide's title at that time"}`);
  }
  lines.push(
    `  priority:  ${rule.priority}`,
    `  padding:   ${padding(rule.padBeforeMs)} before, ${padding(rule.padAfterMs)} after`,
  );
  if (rule.keepLast !== null) lines.push(`  keep:      the last ${rule.keepLast}`);
  if (rule.container !== null) lines.push(`  container: ${rule.container}`);
  lines.push(`  upcoming:  ${rule.upcoming} (tapedeck upcoming --rule ${rule.id})`);
  for (const w of rule.warnings) lines.push(`  warning:   ${w}`);
  return lines;
}
