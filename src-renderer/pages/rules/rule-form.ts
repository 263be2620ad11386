// The rule editor's fields and how they become the contract's RuleInput (and back from a saved Rule or
// the address the Guide links to). Pure: unit-tested. Checked with the contract's own schemas, so each
// field shows the sentence the core would give, next to it.
import type { z } from 'zod';
import type { CommandInput } from '../../../src-shared/contract';
import { RuleInput, SeriesRuleConfigInput, TimeRuleConfigInput } from '../../../src-shared/contract-rules';
import type { Container } from '../../../src-shared/domain';
import {
  DEDUPE_MODES,
  MATCH_MODES,
  WEEKDAYS,
  type DedupeMode,
  type MatchMode,
  type Rule,
  type Weekday,
} from '../../../src-shared/domain-rules';
import { parseDuration } from '../../../src-shared/time-input';

export type ScopeKind = 'any' | 'channels' | 'guide-channel';

export interface RuleForm {
  kind: 'series' | 'time';
  // Both kinds
  name: string;
  enabled: boolean;
  priority: string;
  /** Minutes, or 90s / 1h30m; negative starts late / ends early; empty: the settings' default. */
  padBefore: string;
  padAfter: string;
  keepLast: string;
  container: '' | Container;
  /** IANA zone; empty: the settings' zone, else the computer's. */
  tz: string;
  /** Series: empty means any day. Time: at least one. */
  days: Weekday[];
  // Series
  title: string;
  match: MatchMode;
  keywords: string;
  scope: ScopeKind;
  channelIds: number[];
  guideChannel: { guideId: number; xmltvId: string } | null;
  after: string;
  before: string;
  minDuration: string;
  maxDuration: string;
  categories: string;
  newOnly: boolean;
  untaggedIsNew: boolean;
  dedupe: DedupeMode;
  // Time
  channelId: number | null;
  at: string;
  /** Minutes, or 1h30m. */
  duration: string;
  from: string;
  until: string;
  timeTitle: string;
}

export type FormField = keyof RuleForm;
export type FormErrors = Partial<Record<FormField | 'form', string>>;

export const ALL_DAYS: Weekday[] = [...WEEKDAYS];

export function emptyForm(kind: RuleForm['kind'] = 'series'): RuleForm {
  return {
    kind,
    name: '',
    enabled: true,
    priority: '0',
    padBefore: '',
    padAfter: '',
    keepLast: '',
    container: '',
    tz: '',
    days: kind === 'time' ? [...ALL_DAYS] : [],
    title: '',
    match: 'exact',
    keywords: '',
    scope: 'any',
    channelIds: [],
    guideChannel: null,
    after: '',
    before: '',
    minDuration: '',
    maxDuration: '',
    categories: '',
    newOnly: false,
    untaggedIsNew: false,
    dedupe: 'episode',
    channelId: null,
    at: '',
    duration: '',
    from: '',
    until: '',
    timeTitle: '',
  };
}

/** Padding as typed back into the field: whole minutes as a number, else seconds ("90s"). */
export function paddingField(ms: number | null): string {
  if (ms === null) return '';
  if (ms % 60_000 === 0) return String(ms / 60_000);
  return `${ms < 0 ? '-' : ''}${Math.abs(Math.round(ms / 1000))}s`;
}

export function formOf(rule: Rule): RuleForm {
  const base: RuleForm = {
    ...emptyForm(rule.config.kind),
    name: rule.name,
    enabled: rule.enabled,
    priority: String(rule.priority),
    padBefore: paddingField(rule.padBeforeMs),
    padAfter: paddingField(rule.padAfterMs),
    keepLast: rule.keepLast === null ? '' : String(rule.keepLast),
    container: rule.container ?? '',
    tz: rule.config.tz ?? '',
  };
  const c = rule.config;
  if (c.kind === 'time') {
    return {
      ...base,
      days: [...c.days],
      channelId: c.channelId,
      at: c.at,
      duration:
        c.durationMs % 60_000 === 0 ? String(c.durationMs / 60_000) : `${Math.round(c.durationMs / 1000)}s`,
      from: c.from ?? '',
      until: c.until ?? '',
      timeTitle: c.title ?? '',
    };
  }
  return {
    ...base,
    days: c.days ? [...c.days] : [],
    title: c.title,
    match: c.match,
    keywords: c.keywords.join(', '),
    scope: c.channels.scope,
    channelIds: c.channels.scope === 'channels' ? [...c.channels.ids] : [],
    guideChannel:
      c.channels.scope === 'guide-channel'
        ? { guideId: c.channels.guideId, xmltvId: c.channels.xmltvId }
        : null,
    after: c.after ?? '',
    before: c.before ?? '',
    minDuration: c.minDurationMin === null ? '' : String(c.minDurationMin),
    maxDuration: c.maxDurationMin === null ? '' : String(c.maxDurationMin),
    categories: c.categories.join(', '),
    newOnly: c.newOnly,
    untaggedIsNew: c.untaggedIsNew,
    dedupe: c.dedupe,
  };
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A new rule from the address the Guide links to: `?kind=series&title=X` (also `match=`, `channel=`),
 * `?kind=time&channel=ID&at=HH:MM&duration=MIN` (also `days=mon,tue`, `title=`).
 */
export function formFromQuery(params: URLSearchParams): RuleForm {
  const kind = params.get('kind') === 'time' ? 'time' : 'series';
  const form = emptyForm(kind);
  const channel = Number(params.get('channel'));
  const channelId = Number.isInteger(channel) && channel > 0 ? channel : null;
  const days = (params.get('days') ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d));
  if (kind === 'time') {
    const at = params.get('at') ?? '';
    const duration = Number(params.get('duration'));
    return {
      ...form,
      channelId,
      at: CLOCK.test(at) ? at : '',
      duration: Number.isFinite(duration) && duration > 0 ? String(Math.round(duration)) : '',
      days: days.length ? days : form.days,
      timeTitle: params.get('title')?.trim() ?? '',
    };
  }
  const match = params.get('match');
  return {
    ...form,
    title: params.get('title')?.trim() ?? '',
    match: (MATCH_MODES as readonly string[]).includes(match ?? '') ? (match as MatchMode) : 'exact',
    ...(channelId !== null ? { scope: 'channels' as const, channelIds: [channelId] } : {}),
    days,
  };
}

/** "News, Sport , ,Drama" -> ["News", "Sport", "Drama"]. */
export function listOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

type Checked = { ok: true; input: CommandInput<'rules.add'> } | { ok: false; errors: FormErrors };

function whole(text: string, field: FormField, what: string, errors: FormErrors): number | null {
  const t = text.trim();
  if (t === '') return null;
  if (!/^[-+]?\d+$/.test(t)) {
    errors[field] = `${what} must be a whole number`;
    return null;
  }
  return Number(t);
}

function padding(text: string, field: FormField, errors: FormErrors): number | null {
  if (text.trim() === '') return null;
  try {
    return parseDuration(text, { signed: true });
  } catch {
    errors[field] = 'Give minutes (5, -10) or a duration such as 90s or 1h';
    return null;
  }
}

const SERIES_FIELD: Record<string, FormField> = {
  title: 'title',
  match: 'match',
  keywords: 'keywords',
  channels: 'scope',
  days: 'days',
  after: 'after',
  before: 'before',
  minDurationMin: 'minDuration',
  maxDurationMin: 'maxDuration',
  categories: 'categories',
  dedupe: 'dedupe',
  tz: 'tz',
};
const TIME_FIELD: Record<string, FormField> = {
  channelId: 'channelId',
  at: 'at',
  durationMs: 'duration',
  days: 'days',
  tz: 'tz',
  from: 'from',
  until: 'until',
  title: 'timeTitle',
};
const COMMON_FIELD: Record<string, FormField> = {
  name: 'name',
  priority: 'priority',
  padBeforeMs: 'padBefore',
  padAfterMs: 'padAfter',
  keepLast: 'keepLast',
  container: 'container',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Issues of a whole-object check (no path) belong to the field they are about. */
function objectIssueField(message: string): FormField {
  if (/regular expression/.test(message)) return 'title';
  if (/shortest duration/.test(message)) return 'maxDuration';
  if (/first date/.test(message)) return 'until';
  return 'title';
}

function addIssues(
  issues: z.ZodError['issues'],
  fields: Record<string, FormField>,
  errors: FormErrors,
): void {
  for (const issue of issues) {
    const head = issue.path[0];
    const field = head === undefined ? objectIssueField(issue.message) : (fields[String(head)] ?? null);
    const message = capital(issue.message.replace(/^title: /, ''));
    if (field) errors[field] ??= message;
    else errors.form ??= message;
  }
}

/** The form as the contract's input, or what is wrong with it, field by field. */
export function toRuleInput(form: RuleForm): Checked {
  const errors: FormErrors = {};
  const tz = form.tz.trim() ? { tz: form.tz.trim() } : {};
  let config: CommandInput<'rules.add'>['config'];
  if (form.kind === 'series') {
    const minDurationMin = whole(form.minDuration, 'minDuration', 'The shortest duration', errors);
    const maxDurationMin = whole(form.maxDuration, 'maxDuration', 'The longest duration', errors);
    const channels =
      form.scope === 'channels'
        ? { scope: 'channels' as const, ids: form.channelIds }
        : form.scope === 'guide-channel' && form.guideChannel
          ? { scope: 'guide-channel' as const, ...form.guideChannel }
          : { scope: 'any' as const };
    if (form.scope === 'channels' && form.channelIds.length === 0)
      errors.scope = 'Choose at least one channel';
    if (form.scope === 'guide-channel' && !form.guideChannel) errors.scope = 'Choose a guide channel';
    config = {
      kind: 'series',
      title: form.title.trim(),
      match: form.match,
      keywords: listOf(form.keywords),
      channels,
      days: form.days.length ? WEEKDAYS.filter((d) => form.days.includes(d)) : null,
      after: form.after || null,
      before: form.before || null,
      minDurationMin,
      maxDurationMin,
      categories: listOf(form.categories),
      newOnly: form.newOnly,
      untaggedIsNew: form.untaggedIsNew,
      dedupe: (DEDUPE_MODES as readonly string[]).includes(form.dedupe) ? form.dedupe : 'episode',
      ...tz,
    };
    if (!form.title.trim()) errors.title = 'Give the programme’s title';
    const parsed = SeriesRuleConfigInput.safeParse(config);
    if (!parsed.success) addIssues(parsed.error.issues, SERIES_FIELD, errors);
  } else {
    let durationMs = 0;
    if (!form.duration.trim()) errors.duration = 'Give how long to record';
    else {
      try {
        durationMs = parseDuration(form.duration);
      } catch {
        errors.duration = 'Give minutes (90) or a duration such as 1h30m';
      }
    }
    if (form.channelId === null) errors.channelId = 'Choose a channel';
    if (!form.at) errors.at = 'Give the time it starts';
    if (form.days.length === 0) errors.days = 'Choose at least one day';
    config = {
      kind: 'time',
      channelId: form.channelId ?? 0,
      at: form.at,
      durationMs,
      days: WEEKDAYS.filter((d) => form.days.includes(d)),
      from: form.from || null,
      until: form.until || null,
      title: form.timeTitle.trim() || null,
      ...tz,
    };
    const parsed = TimeRuleConfigInput.safeParse(config);
    if (!parsed.success) addIssues(parsed.error.issues, TIME_FIELD, errors);
  }
  const priority = whole(form.priority, 'priority', 'The priority', errors);
  const keepLast = whole(form.keepLast, 'keepLast', 'The number to keep', errors);
  const input: CommandInput<'rules.add'> = {
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    enabled: form.enabled,
    priority: priority ?? 0,
    padBeforeMs: padding(form.padBefore, 'padBefore', errors),
    padAfterMs: padding(form.padAfter, 'padAfter', errors),
    keepLast,
    container: form.container || null,
    config,
  };
  const parsed = RuleInput.safeParse(input);
  if (!parsed.success) {
    // Config issues were reported above, per field; here only the rule's own fields.
    addIssues(
      parsed.error.issues.filter((i) => i.path[0] !== 'config'),
      COMMON_FIELD,
      errors,
    );
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, input };
}
