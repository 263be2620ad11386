// The scheduling commands: record from the guide, edit a recording, series and time rules, the upcoming
// list with its fixes. The planning itself is schedule/planner.ts; these check what the user asked for,
// write it, and have the plan evaluated. See docs/scheduling.md.
import { TapedeckError, type CommandName, type ParsedInput } from '../../../src-shared/contract';
import { windowOf, type Recording } from '../../../src-shared/domain';
import type { Rule, RuleConfig, UpcomingAiring, Weekday } from '../../../src-shared/domain-rules';
import { programmeById } from '../schedule/guide-airings';
import { programmeKey, programmeRef } from '../schedule/plan-candidates';
import type { NewRule } from '../schedule/rule-store';
import { recordingAiring, upcomingList } from '../schedule/upcoming';
import { channelById, channelRow } from '../sources/channel-store';
import type { CommandContext } from './context';
import type { CommandHandlers } from './handlers';

type RuleCommandName = Extract<
  CommandName,
  `rules.${string}` | `upcoming.${string}` | 'guide.record' | 'recordings.edit'
>;

const MAX_RECORDING_MS = 24 * 3600 * 1000;

export function ruleHandlers(ctx: CommandContext): CommandHandlers<RuleCommandName> {
  return {
    'guide.record': (input) => recordProgramme(ctx, input),
    'recordings.edit': (input) => editRecording(ctx, input),
    'rules.list': () => ctx.ruleStore.all(),
    'rules.get': (input) => ctx.ruleStore.get(input.id),
    'rules.add': async (input) => {
      const rule = ctx.ruleStore.insert(newRule(ctx, input), ctx.clock.now());
      ctx.bus.emit('rules.changed', { id: rule.id, removed: false });
      await ctx.planner.evaluate();
      return ctx.ruleStore.get(rule.id);
    },
    'rules.update': async (input) => {
      const before = ctx.ruleStore.get(input.id);
      const merged = newRule(ctx, {
        name: input.name ?? before.name,
        enabled: input.enabled ?? before.enabled,
        priority: input.priority ?? before.priority,
        padBeforeMs: input.padBeforeMs !== undefined ? input.padBeforeMs : before.padBeforeMs,
        padAfterMs: input.padAfterMs !== undefined ? input.padAfterMs : before.padAfterMs,
        keepLast: input.keepLast !== undefined ? input.keepLast : before.keepLast,
        container: input.container !== undefined ? input.container : before.container,
        library: input.library !== undefined ? input.library : before.library,
        config: input.config ?? before.config,
      });
      const rule = ctx.ruleStore.update(before.id, merged, ctx.clock.now());
      ctx.bus.emit('rules.changed', { id: rule.id, removed: false });
      // What the rule still matches keeps its recording (same airing key); what it no longer matches goes.
      await ctx.planner.evaluate();
      return ctx.ruleStore.get(rule.id);
    },
    'rules.remove': async (input) => {
      ctx.ruleStore.get(input.id);
      for (const r of ctx.recordings.list({ status: 'scheduled' })) {
        if (r.ruleId === input.id) ctx.recordings.delete(r.id, 'its rule was removed');
      }
      ctx.ruleStore.remove(input.id);
      ctx.bus.emit('rules.changed', { id: input.id, removed: true });
      await ctx.planner.evaluate();
      return { id: input.id };
    },
    'rules.preview': (input) => {
      const rule: Rule = {
        ...newRule(ctx, input.rule),
        id: input.id ?? 0,
        createdAt: ctx.clock.now(),
        updatedAt: ctx.clock.now(),
        upcoming: 0,
        warnings: [],
      };
      return ctx.planner.preview(rule);
    },
    'upcoming.list': (input) =>
      upcomingList(
        {
          db: ctx.db,
          recordings: ctx.recordings,
          rules: ctx.ruleStore.all(),
          connections: ctx.connections(),
        },
        {
          now: ctx.clock.now(),
          days: input.days,
          skipped: input.skipped,
          ...(input.ruleId ? { ruleId: input.ruleId } : {}),
        },
      ),
    'upcoming.skip': async (input) => {
      let ruleId: number;
      let key: string;
      if ('recordingId' in input) {
        const r = ctx.recordings.get(input.recordingId);
        if (r.status !== 'scheduled') {
          throw new TapedeckError(
            'conflict',
            `recording ${r.id} is ${r.status}; only upcoming ones can be skipped`,
          );
        }
        if (r.ruleId === null || r.airingKey === null) {
          ctx.recordings.transition(r.id, 'cancelled', 'cancelled by you');
          return asUpcoming(ctx.recordings.get(r.id));
        }
        ruleId = r.ruleId;
        key = r.airingKey;
      } else {
        ctx.ruleStore.get(input.ruleId);
        findAiring(ctx, input.ruleId, input.key);
        ruleId = input.ruleId;
        key = input.key;
      }
      ctx.ruleStore.setOverride(ruleId, key, 'skip', ctx.clock.now());
      await ctx.planner.evaluate();
      return findAiring(ctx, ruleId, key);
    },
    'upcoming.restore': async (input) => {
      ctx.ruleStore.get(input.ruleId);
      // Only what is there: a wrong key must not leave a decision behind for some later airing.
      findAiring(ctx, input.ruleId, input.key);
      ctx.ruleStore.setOverride(input.ruleId, input.key, null, ctx.clock.now());
      await ctx.planner.evaluate();
      return findAiring(ctx, input.ruleId, input.key);
    },
    'upcoming.choose': async (input) => {
      ctx.ruleStore.get(input.ruleId);
      findAiring(ctx, input.ruleId, input.key);
      ctx.ruleStore.setOverride(input.ruleId, input.key, 'choose', ctx.clock.now());
      await ctx.planner.evaluate();
      return findAiring(ctx, input.ruleId, input.key);
    },
  };
}

/** A rule's row from the contract's input: defaults (zone, name) filled in, references checked. */
function newRule(ctx: CommandContext, input: ParsedInput<'rules.add'>): NewRule {
  const tz =
    input.config.tz ?? ctx.settings.all().timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const config: RuleConfig = { ...input.config, tz } as RuleConfig;
  if (config.kind === 'time') channelById(ctx.db, config.channelId);
  if (config.kind === 'series' && config.channels.scope === 'channels') {
    for (const id of config.channels.ids) channelById(ctx.db, id);
  }
  if (config.kind === 'series' && config.channels.scope === 'guide-channel') {
    ctx.guides.row(config.channels.guideId);
    if (!ctx.guides.hasChannel(config.channels.guideId, config.channels.xmltvId)) {
      throw new TapedeckError(
        'not_found',
        `guide ${config.channels.guideId} has no channel "${config.channels.xmltvId}"`,
      );
    }
  }
  return {
    name: input.name ?? defaultRuleName(ctx, config),
    enabled: input.enabled ?? true,
    priority: input.priority ?? 0,
    padBeforeMs: input.padBeforeMs ?? null,
    padAfterMs: input.padAfterMs ?? null,
    keepLast: input.keepLast ?? null,
    container: input.container ?? null,
    library: input.library ?? null,
    config,
  };
}

function defaultRuleName(ctx: CommandContext, config: RuleConfig): string {
  if (config.kind === 'series') return config.title;
  const channel = channelById(ctx.db, config.channelId);
  return `${channel.name} ${daysLabel(config.days)} ${config.at}`;
}

export function daysLabel(days: readonly Weekday[]): string {
  const key = days.join(',');
  if (key === 'mon,tue,wed,thu,fri') return 'weekdays';
  if (key === 'sat,sun') return 'weekends';
  if (days.length === 7) return 'daily';
  return days.map((d) => d[0]!.toUpperCase() + d.slice(1)).join(', ');
}

async function recordProgramme(ctx: CommandContext, input: ParsedInput<'guide.record'>): Promise<Recording> {
  const channel = channelRow(ctx.db, input.channelId);
  if (!channel) throw new TapedeckError('not_found', `channel ${input.channelId} does not exist`);
  const programme = programmeById(ctx.db, input.programmeId, channel.id);
  if (!programme) throw new TapedeckError('not_found', `programme ${input.programmeId} is not in the guide`);
  if (programme.guideId !== channel.guideId || programme.xmltvChannelId !== channel.guideChannelId) {
    throw new TapedeckError(
      'invalid_input',
      `programme ${programme.programmeId} is not on channel ${channel.id} (${channel.name})`,
    );
  }
  const key = programmeKey(programme);
  // Asked twice (a double click, two windows, a CLI retry): the same recording.
  const existing = ctx.recordings
    .list({ status: ['scheduled', 'recording'] })
    .find((r) => r.airingKey === key);
  if (existing) return existing;
  const settings = ctx.settings.all();
  const padBeforeMs = input.padBeforeMs ?? settings.padBeforeSec * 1000;
  const padAfterMs = input.padAfterMs ?? settings.padAfterSec * 1000;
  const now = ctx.clock.now();
  if (programme.stop + padAfterMs <= now) {
    throw new TapedeckError('conflict', `"${programme.title}" has already ended`);
  }
  if (programme.stop + padAfterMs <= programme.start - padBeforeMs) {
    throw new TapedeckError('invalid_input', 'the padding leaves nothing of the programme to record');
  }
  const recording = ctx.recordings.create(
    {
      title: programme.title,
      channelId: channel.id,
      url: null,
      startAt: programme.start,
      endAt: programme.stop,
      padBeforeMs,
      padAfterMs,
      container: input.container ?? settings.container,
      airingKey: key,
      programmeId: programme.programmeId,
      programme: programmeRef(programme),
    },
    'recorded from the guide by the user',
  );
  if (windowOf(recording).start <= now) await ctx.scheduler.reconcile();
  // Connections: the plan decides whether it fits, and says so on the recording.
  await ctx.planner.evaluate();
  return ctx.recordings.get(recording.id);
}

async function editRecording(ctx: CommandContext, input: ParsedInput<'recordings.edit'>): Promise<Recording> {
  const r = ctx.recordings.get(input.id);
  const now = ctx.clock.now();
  if (r.status === 'recording') {
    const touched = (['start', 'padBeforeMs', 'title', 'channelId', 'container'] as const).filter(
      (k) => input[k] !== undefined,
    );
    if (touched.length > 0) {
      throw new TapedeckError(
        'conflict',
        `recording ${r.id} is in progress; only its end can change (not ${touched.join(', ')})`,
      );
    }
    const endAt = input.end ?? (input.durationMs !== undefined ? r.startAt + input.durationMs : r.endAt);
    const padAfterMs = input.padAfterMs ?? r.padAfterMs;
    const windowEnd = endAt + padAfterMs;
    if (windowEnd <= now)
      throw new TapedeckError('invalid_input', 'that end has already passed: stop the recording instead');
    if (endAt <= r.startAt) throw new TapedeckError('invalid_input', 'the end must be after the start');
    const updated = ctx.recordings.update(
      r.id,
      { endAt, padAfterMs },
      `end moved to ${new Date(windowEnd).toISOString()} by you`,
    );
    ctx.recorder.setWindowEnd(r.id, windowEnd);
    return updated;
  }
  if (r.status !== 'scheduled') {
    throw new TapedeckError(
      'conflict',
      `recording ${r.id} is ${r.status}; only scheduled or running recordings can be edited`,
    );
  }
  const startAt = input.start ?? r.startAt;
  const endAt =
    input.end ??
    (input.durationMs !== undefined
      ? startAt + input.durationMs
      : input.start !== undefined
        ? startAt + (r.endAt - r.startAt)
        : r.endAt);
  const padBeforeMs = input.padBeforeMs ?? r.padBeforeMs;
  const padAfterMs = input.padAfterMs ?? r.padAfterMs;
  if (endAt <= startAt) throw new TapedeckError('invalid_input', 'the end must be after the start');
  if (endAt - startAt > MAX_RECORDING_MS)
    throw new TapedeckError('invalid_input', 'a recording cannot be longer than 24 hours');
  if (endAt + padAfterMs <= startAt - padBeforeMs) {
    throw new TapedeckError('invalid_input', 'the padding leaves nothing of the window to record');
  }
  if (endAt + padAfterMs <= now)
    throw new TapedeckError('invalid_input', 'the recording window has already ended');
  if (input.channelId !== undefined) channelById(ctx.db, input.channelId);
  const changed = Object.keys(input).filter((k) => k !== 'id');
  const updated = ctx.recordings.update(
    r.id,
    {
      startAt,
      endAt,
      padBeforeMs,
      padAfterMs,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.channelId !== undefined ? { channelId: input.channelId } : {}),
      ...(input.container !== undefined ? { container: input.container } : {}),
      // Edited by hand, it no longer follows its rule (the rule sees the airing as taken, not twice).
      ...(r.ruleId !== null ? { ruleId: null } : {}),
    },
    `edited by you (${changed.join(', ')})${r.ruleId !== null ? '; it no longer follows its rule' : ''}`,
  );
  if (windowOf(updated).start <= now) await ctx.scheduler.reconcile();
  await ctx.planner.evaluate();
  return ctx.recordings.get(updated.id);
}

function findAiring(ctx: CommandContext, ruleId: number, key: string): UpcomingAiring {
  const list = upcomingList(
    { db: ctx.db, recordings: ctx.recordings, rules: ctx.ruleStore.all(), connections: ctx.connections() },
    { now: ctx.clock.now(), days: 14, skipped: true, ruleId },
  );
  const found = list.find((a) => a.key === key);
  if (!found) throw new TapedeckError('not_found', `rule ${ruleId} has no upcoming airing ${key}`);
  return found;
}

/** A one-off recording's entry in the upcoming list, once cancelled from it. */
function asUpcoming(r: Recording): UpcomingAiring {
  return {
    ...recordingAiring(r, {
      state: 'skipped',
      ruleName: null,
      reason: 'cancelled by you',
      skip: 'cancelled',
      fixes: [],
    }),
    ruleId: null,
  };
}
