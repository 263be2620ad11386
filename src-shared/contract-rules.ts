// The contract's scheduling part: recording from the guide, editing a recording, series and time rules,
// and the upcoming list with its explanations and one-click fixes. Merged into `commands` by contract.ts.
import { z } from 'zod';
import { command, id, instant, MAX_PADDING_MS } from './contract-kit';
import { CONTAINERS, type Recording } from './domain';
import {
  DEDUPE_MODES,
  MATCH_MODES,
  WEEKDAYS,
  type Rule,
  type RulePreview,
  type UpcomingAiring,
} from './domain-rules';

/** How far ahead rules are turned into recordings (and the upcoming list looks). */
export const PLAN_HORIZON_DAYS = 14;

/** Padding may be negative: start late or end early (skip a pre-game show). */
export const signedPadding = z
  .number()
  .int()
  .min(-MAX_PADDING_MS, 'padding is over 6 hours')
  .max(MAX_PADDING_MS, 'padding is over 6 hours');

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'give a time as HH:MM (00:00 to 23:59)');
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'give a date as YYYY-MM-DD');
/** An IANA time zone name this runtime knows (rules, the timeZone setting). */
export const timeZone = z
  .string()
  .min(1)
  .max(100)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a known time zone (use an IANA name such as Europe/Berlin)' },
  );
const days = z
  .array(z.enum(WEEKDAYS))
  .min(1, 'give at least one day')
  .max(7)
  .transform((list) => WEEKDAYS.filter((d) => list.includes(d)));
const text = z.string().trim().min(1, 'it is empty').max(300, 'it is longer than 300 characters');

const ChannelScope = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('any') }).strict(),
  z.object({ scope: z.literal('channels'), ids: z.array(id).min(1).max(500) }).strict(),
  z.object({ scope: z.literal('guide-channel'), guideId: id, xmltvId: z.string().min(1).max(300) }).strict(),
]);

export const SeriesRuleConfigInput = z
  .object({
    kind: z.literal('series'),
    title: text,
    match: z.enum(MATCH_MODES).default('exact'),
    keywords: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    channels: ChannelScope.default({ scope: 'any' }),
    days: days.nullable().default(null),
    after: clock.nullable().default(null),
    before: clock.nullable().default(null),
    minDurationMin: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .nullable()
      .default(null),
    maxDurationMin: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .nullable()
      .default(null),
    categories: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    newOnly: z.boolean().default(false),
    untaggedIsNew: z.boolean().default(false),
    dedupe: z.enum(DEDUPE_MODES).default('episode'),
    /** Left out: the settings' time zone, else this computer's. */
    tz: timeZone.optional(),
  })
  .strict()
  .refine((c) => c.match !== 'regex' || isRegex(c.title), {
    message: 'title: not a valid regular expression',
  })
  .refine(
    (c) => c.minDurationMin === null || c.maxDurationMin === null || c.minDurationMin <= c.maxDurationMin,
    {
      message: 'the shortest duration is longer than the longest',
    },
  );

export const TimeRuleConfigInput = z
  .object({
    kind: z.literal('time'),
    channelId: id,
    at: clock,
    durationMs: z
      .number()
      .int()
      .min(60_000, 'a time rule records at least a minute')
      .max(24 * 3600 * 1000, 'a recording cannot be longer than 24 hours'),
    days,
    tz: timeZone.optional(),
    from: date.nullable().default(null),
    until: date.nullable().default(null),
    title: text.nullable().default(null),
  })
  .strict()
  .refine((c) => c.from === null || c.until === null || c.from <= c.until, {
    message: 'the first date is after the last',
  });

const RuleConfigInput = z.union([SeriesRuleConfigInput, TimeRuleConfigInput]);

const ruleFields = {
  name: text.optional(),
  enabled: z.boolean().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  padBeforeMs: signedPadding.nullable().optional(),
  padAfterMs: signedPadding.nullable().optional(),
  keepLast: z.number().int().min(1).max(10_000).nullable().optional(),
  container: z.enum(CONTAINERS).nullable().optional(),
};

export const RuleInput = z.object({ ...ruleFields, config: RuleConfigInput }).strict();
export type RuleInput = z.input<typeof RuleInput>;
export const RuleUpdateInput = z.object({ id, ...ruleFields, config: RuleConfigInput.optional() }).strict();

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}

const ById = z.object({ id }).strict();

/** An airing of the upcoming list, by rule and key (skipped airings have no recording). */
const AiringRef = z.object({ ruleId: id, key: z.string().min(1).max(500) }).strict();

export const EditRecordingInput = z
  .object({
    id,
    start: instant.optional(),
    end: instant.optional(),
    durationMs: z.number().int().positive('the duration must be more than zero').optional(),
    padBeforeMs: signedPadding.optional(),
    padAfterMs: signedPadding.optional(),
    title: text.optional(),
    channelId: id.optional(),
    container: z.enum(CONTAINERS).optional(),
  })
  .strict()
  .refine((v) => v.end === undefined || v.durationMs === undefined, {
    message: 'give either an end or a duration, not both',
  });

export const ruleCommands = {
  /** Records one guide programme (with padding); asking twice gives the same recording. */
  'guide.record': command(
    z
      .object({
        channelId: id,
        programmeId: id,
        padBeforeMs: signedPadding.optional(),
        padAfterMs: signedPadding.optional(),
        container: z.enum(CONTAINERS).optional(),
      })
      .strict(),
  ).returns<Recording>(),
  /** Changes a scheduled recording (times, padding, title, channel, container) or a running one's end. */
  'recordings.edit': command(EditRecordingInput).returns<Recording>(),
  'rules.list': command(z.object({}).strict().default({})).returns<Rule[]>(),
  'rules.get': command(ById).returns<Rule>(),
  'rules.add': command(RuleInput).returns<Rule>(),
  'rules.update': command(RuleUpdateInput).returns<Rule>(),
  /** Removes a rule and the recordings it scheduled that have not started; recorded ones stay. */
  'rules.remove': command(ById).returns<{ id: number }>(),
  /** What a rule (saved or not) would record and skip over the next 14 days, with reasons. */
  'rules.preview': command(z.object({ rule: RuleInput, id: id.optional() }).strict()).returns<RulePreview>(),
  'upcoming.list': command(
    z
      .object({
        days: z.number().int().min(1).max(PLAN_HORIZON_DAYS).default(PLAN_HORIZON_DAYS),
        ruleId: id.optional(),
        skipped: z.boolean().default(true),
      })
      .strict()
      .default({ days: PLAN_HORIZON_DAYS, skipped: true }),
  ).returns<UpcomingAiring[]>(),
  /** Cancels an upcoming airing ("cancelled by you"): it stays cancelled through re-evaluations. */
  'upcoming.skip': command(
    z.union([z.object({ recordingId: id }).strict(), AiringRef]),
  ).returns<UpcomingAiring>(),
  /** Undoes upcoming.skip. */
  'upcoming.restore': command(AiringRef).returns<UpcomingAiring>(),
  /** Records this airing of an episode instead of the one the rule picked (a conflict's fix). */
  'upcoming.choose': command(AiringRef).returns<UpcomingAiring>(),
} as const;

export interface RuleEventMap {
  'rules.changed': { id: number; removed: boolean };
  /** The upcoming list changed (a re-evaluation finished). */
  'upcoming.changed': { at: number };
}
export const RULE_EVENT_NAMES = ['rules.changed', 'upcoming.changed'] as const;
