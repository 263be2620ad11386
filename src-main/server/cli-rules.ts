// CLI commands for scheduling (docs/scheduling.md):
//   record --programme ID [--channel ID] (from cli.ts's record)    edit ID [--start ...]
//   rule add series|time ..., rule list|show|edit|enable|disable|remove, rule preview series|time ...
//   upcoming [--days N] [--rule ID] [--no-skipped], upcoming skip|restore|choose
// Every command takes --json. Input parsing is cli-rules-input.ts, output cli-rules-format.ts.
import { type Command, Option } from 'commander';
import type { CommandInput } from '../../src-shared/contract';
import { CONTAINERS } from '../../src-shared/domain';
import {
  DEDUPE_MODES,
  MATCH_MODES,
  type Rule,
  type RulePreview,
  type UpcomingAiring,
} from '../../src-shared/domain-rules';
import { CliError, type CliContext } from './cli-context';
import { channelNames, channelOfProgramme, withChannelNames } from './cli-channel-lookup';
import { describe, showJson } from './cli-recordings-format';
import { airingLines, dayHeader, ruleLine, ruleLines, upcomingJson, upcomingLines } from './cli-rules-format';
import { duration, newRuleInput, previewOfChanges, ruleChanges, type RuleOptions } from './cli-rules-input';
import { positiveId, when, wholeNumber } from './cli-sources-format';

export function registerRuleCommands(program: Command, context: CliContext): void {
  registerEdit(program, context);
  registerRule(program, context);
  registerUpcoming(program, context);
}

/** Repeatable options: undefined when not given, so `rule edit` can tell "not given" from "cleared". */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export interface RecordProgrammeOptions {
  programme: string;
  channel?: string;
  padBefore?: string;
  padAfter?: string;
  container?: (typeof CONTAINERS)[number];
  json?: boolean;
}

/** record --programme: a guide programme with its padding; asking again gives the same recording. */
export async function recordProgramme(context: CliContext, o: RecordProgrammeOptions): Promise<void> {
  const programmeId = positiveId(o.programme, 'programme id');
  const input: CommandInput<'guide.record'> = {
    programmeId,
    channelId:
      o.channel !== undefined
        ? positiveId(o.channel, 'channel id')
        : await channelOfProgramme(context, programmeId),
  };
  // Left out, padding is the settings' default (the contract fills it in).
  if (o.padBefore !== undefined) input.padBeforeMs = duration(o.padBefore, '--pad-before', true);
  if (o.padAfter !== undefined) input.padAfterMs = duration(o.padAfter, '--pad-after', true);
  if (o.container !== undefined) input.container = o.container;
  const recording = await context.call('guide.record', input);
  context.print(o.json, showJson(recording), () => describe(recording));
}

// ------------------------------------------------------------------------------------------------
// edit

function registerEdit(program: Command, context: CliContext): void {
  program
    .command('edit <id>')
    .description("change a scheduled recording (or a running one's end); a rule's recording leaves its rule")
    .option('--start <when>', 'ISO 8601 time, now, or +90s (the end moves with it unless given)')
    .option('--end <when>', 'ISO 8601 time, now, or +90s')
    .option('--duration <dur>', 'like 90s, 25m, 1h30m (from the start)')
    .option('--pad-before <dur>', 'like 2m; negative starts late: -10m')
    .option('--pad-after <dur>', 'like 5m; negative ends early')
    .option('--title <title>')
    .option('--channel <id>', 'record from another channel')
    .addOption(new Option('--container <c>', 'file format').choices([...CONTAINERS]))
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        o: {
          start?: string;
          end?: string;
          duration?: string;
          padBefore?: string;
          padAfter?: string;
          title?: string;
          channel?: string;
          container?: (typeof CONTAINERS)[number];
          json?: boolean;
        },
      ) => {
        const now = Date.now();
        const input: CommandInput<'recordings.edit'> = { id: positiveId(id) };
        if (o.end !== undefined && o.duration !== undefined)
          throw new CliError('give either --end or --duration, not both');
        if (o.start !== undefined) input.start = when(o.start, '--start', now);
        if (o.end !== undefined) input.end = when(o.end, '--end', now);
        if (o.duration !== undefined) input.durationMs = duration(o.duration, '--duration');
        if (o.padBefore !== undefined) input.padBeforeMs = duration(o.padBefore, '--pad-before', true);
        if (o.padAfter !== undefined) input.padAfterMs = duration(o.padAfter, '--pad-after', true);
        if (o.title !== undefined) input.title = o.title;
        if (o.channel !== undefined) input.channelId = positiveId(o.channel, 'channel id');
        if (o.container !== undefined) input.container = o.container;
        if (Object.keys(input).length === 1)
          throw new CliError(
            'nothing to change: give --start, --end, --duration, --pad-before, --pad-after, --title, --channel or --container',
          );
        const recording = await context.call('recordings.edit', input);
        context.print(o.json, showJson(recording), () => describe(recording));
      },
    );
}

// ------------------------------------------------------------------------------------------------
// rule ...

type OptionSet = 'series' | 'time' | 'edit';

/** The options of a rule: those of its kind, or for `rule edit` both kinds' (checked against the rule). */
function ruleOptions(cmd: Command, set: OptionSet): Command {
  const series = set !== 'time';
  const time = set !== 'series';
  const edit = set === 'edit';
  // `rule edit` takes both kinds' options: each says which kind it is for, and how to clear it.
  const kindOf = (kind: 'series' | 'time', text: string) => (edit ? `${kind}: ${text}` : text);
  const clear = (kind: 'series' | 'time', text: string, how = '"none" clears it') =>
    edit ? `${kind}: ${text}; ${how}` : text;
  const required = (text: string) => (set === 'time' ? `${text} (required)` : text);
  cmd.option(
    '--title <title>',
    set === 'series'
      ? 'the title to look for (required)'
      : set === 'time'
        ? "the recordings' title (default: the guide's)"
        : "series: the title to look for; time: the recordings' title ('' for the guide's)",
  );
  if (series) {
    cmd
      .addOption(
        new Option('--match <mode>', kindOf('series', 'how the title compares (default exact)')).choices([
          ...MATCH_MODES,
        ]),
      )
      .option(
        '--keyword <word>',
        clear('series', 'a word the description must have (repeatable)', "--keyword '' clears them"),
        collect,
      )
      .option(
        '--guide-channel <guide:xmltvid>',
        kindOf('series', 'any channel carrying this guide channel, e.g. 2:bbc1.uk'),
      );
  }
  cmd
    .option(
      '--channel <id>',
      set === 'time'
        ? 'the channel to record (required)'
        : set === 'series'
          ? 'only this channel (repeatable; default any)'
          : 'series: only these channels (repeatable; "any" for all); time: the channel',
      collect,
    )
    .option('--days <days>', required('mon-fri, sat,sun, fri-mon, weekdays, weekends, daily'));
  if (series) {
    cmd
      .option('--after <HH:MM>', clear('series', 'starts at or after this time'))
      .option('--before <HH:MM>', clear('series', 'starts before this time'))
      .option('--min-duration <dur>', clear('series', 'at least this long, like 20m'))
      .option('--max-duration <dur>', clear('series', 'at most this long, like 2h'))
      .option(
        '--category <c>',
        clear('series', 'one of these guide categories (repeatable)', "--category '' clears them"),
        collect,
      )
      .option('--new-only', kindOf('series', 'only new episodes'))
      .option('--untagged-is-new', kindOf('series', 'a programme without new/repeat tags counts as new'))
      .addOption(
        new Option('--dedupe <mode>', kindOf('series', 'what counts as recorded already')).choices([
          ...DEDUPE_MODES,
        ]),
      );
    if (edit) {
      cmd
        .option('--no-new-only', 'series: repeats too')
        .option('--no-untagged-is-new', 'series: untagged programmes are not new');
    }
  }
  if (time) {
    cmd
      .option('--at <HH:MM>', kindOf('time', required('the start, wall-clock in --tz')))
      .option('--duration <dur>', kindOf('time', required('how long, like 1h30m')))
      .option('--from <YYYY-MM-DD>', clear('time', 'the first day'))
      .option('--until <YYYY-MM-DD>', clear('time', 'the last day'));
  }
  cmd
    .option('--tz <zone>', 'IANA time zone of days and times (default: the settings, else this computer)')
    .option('--priority <n>', 'higher wins a connection (-1000 to 1000; default 0, one-off recordings 100)')
    .option('--pad-before <dur>', 'like 2m; negative starts late; "default" for the settings')
    .option('--pad-after <dur>', 'like 5m; negative ends early; "default" for the settings')
    .option('--keep <n>', 'keep the last N recordings ("all" to keep all)')
    .option('--container <c>', 'ts, mkv, mp4 or default')
    .option('--name <name>', 'a name to show (default: from the title or channel)');
  if (!edit) cmd.option('--disabled', 'add it switched off');
  return cmd.option('--json', 'print JSON');
}

async function printRule(context: CliContext, json: boolean | undefined, rule: Rule): Promise<void> {
  const c = rule.config;
  const ids = c.kind === 'time' ? [c.channelId] : c.channels.scope === 'channels' ? c.channels.ids : [];
  const names = json || ids.length === 0 ? new Map<number, string>() : await channelNames(context, ids);
  context.print(json, rule, () =>
    ruleLines(rule, (id) => (names.has(id) ? `#${id} ${names.get(id)}` : `channel ${id}`)),
  );
}

async function printPreview(
  context: CliContext,
  json: boolean | undefined,
  preview: RulePreview,
): Promise<void> {
  const airings = await withChannelNames(context, preview.airings);
  context.print(json, { warnings: preview.warnings, airings: upcomingJson(airings) }, () => [
    ...preview.warnings.map((w) => `warning: ${w}`),
    ...upcomingLines(
      // An unsaved rule is previewed as rule 0: no rule number to show.
      airings.map((a) => (a.ruleId === 0 ? { ...a, ruleId: null } : a)),
      'nothing in the guide for this rule in the next 14 days',
    ),
  ]);
}

function registerRule(program: Command, context: CliContext): void {
  const rule = program.command('rule').description('series and time rules: what to record automatically');
  const add = rule.command('add').description('add a rule (it schedules its recordings at once)');
  const preview = rule
    .command('preview')
    .description('what a rule would record and skip, and why (saves nothing)');
  for (const kind of ['series', 'time'] as const) {
    const description =
      kind === 'series'
        ? 'record a programme by title, wherever and whenever it airs (filters narrow it)'
        : 'record a channel at a wall-clock time on some days (like a VCR)';
    ruleOptions(add.command(kind).description(description), kind).action(async (o: RuleOptions) => {
      await printRule(context, o.json, await context.call('rules.add', newRuleInput(kind, o)));
    });
    ruleOptions(preview.command(kind).description(description), kind).action(async (o: RuleOptions) => {
      await printPreview(
        context,
        o.json,
        await context.call('rules.preview', { rule: newRuleInput(kind, o) }),
      );
    });
  }

  rule
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const list = await context.call('rules.list', {});
      context.print(o.json, list, () => (list.length === 0 ? ['no rules'] : list.map(ruleLine)));
    });

  rule
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      await printRule(context, o.json, await context.call('rules.get', { id: positiveId(id, 'rule id') }));
    });

  ruleOptions(
    rule
      .command('edit <id>')
      .description("change a rule: only the options given change (the config's others stay)")
      .option('--preview', 'show what the changed rule would record, without saving it'),
    'edit',
  ).action(async (id: string, o: RuleOptions & { preview?: boolean }) => {
    const current = await context.call('rules.get', { id: positiveId(id, 'rule id') });
    const changes = ruleChanges(current, o);
    if (o.preview) {
      const input = { rule: previewOfChanges(current, changes), id: current.id };
      await printPreview(context, o.json, await context.call('rules.preview', input));
    } else await printRule(context, o.json, await context.call('rules.update', changes));
  });

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    rule
      .command(`${name} <id>`)
      .description(enabled ? 'switch a rule on' : 'switch a rule off (its scheduled recordings go)')
      .option('--json', 'print JSON')
      .action(async (id: string, o: { json?: boolean }) => {
        const updated = await context.call('rules.update', { id: positiveId(id, 'rule id'), enabled });
        context.print(o.json, updated, () => [ruleLine(updated)]);
      });
  }

  rule
    .command('remove <id>')
    .description('remove a rule and the recordings it scheduled that have not started (recorded ones stay)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const ruleId = positiveId(id, 'rule id');
      const before = await context.call('recordings.list', { status: 'scheduled' });
      const result = await context.call('rules.remove', { id: ruleId });
      const gone = before.filter((r) => r.ruleId === ruleId).length;
      context.print(o.json, result, () => [
        `removed rule #${result.id}${gone ? ` and its ${gone} scheduled recording${gone === 1 ? '' : 's'}` : ''}`,
      ]);
    });
}

// ------------------------------------------------------------------------------------------------
// upcoming ...

function registerUpcoming(program: Command, context: CliContext): void {
  const upcoming = program
    .command('upcoming')
    .description('what will be recorded, what conflicts and what rules skip, and why');
  upcoming
    // The default: `tapedeck upcoming --days 3` runs this.
    .command('list', { isDefault: true })
    .description('the upcoming list by day, with one-click fixes as commands')
    .option('--days <n>', 'how many days ahead (1 to 14)', '14')
    .option('--rule <id>', "only this rule's airings")
    .option('--no-skipped', 'leave out what rules skip')
    .option('--json', 'print JSON')
    .action(async (o: { days: string; rule?: string; skipped: boolean; json?: boolean }) => {
      const input: CommandInput<'upcoming.list'> = {
        days: wholeNumber(o.days, '--days', 1, 14),
        skipped: o.skipped,
      };
      if (o.rule !== undefined) input.ruleId = positiveId(o.rule, 'rule id');
      const list = await withChannelNames(context, await context.call('upcoming.list', input));
      context.print(o.json, upcomingJson(list), () =>
        upcomingLines(list, `nothing upcoming in the next ${input.days} days`),
      );
    });

  const printAiring = async (json: boolean | undefined, airing: UpcomingAiring) => {
    const [a] = await withChannelNames(context, [airing]);
    context.print(json, upcomingJson([a!])[0], () => [dayHeader(a!.start), ...airingLines(a!)]);
  };
  const ref = (o: { rule?: string; key?: string }, what: string) => {
    if (o.rule === undefined || o.key === undefined)
      throw new CliError(
        `give the airing to ${what} with --rule ID --key KEY (see \`tapedeck upcoming --json\`)`,
      );
    return { ruleId: positiveId(o.rule, 'rule id'), key: o.key };
  };

  upcoming
    .command('skip [recordingId]')
    .description('do not record an upcoming airing (it stays skipped when the guide changes)')
    .option('--rule <id>', 'with --key: an airing of this rule')
    .option('--key <key>', "the airing's key (upcoming --json)")
    .option('--json', 'print JSON')
    .action(async (recordingId: string | undefined, o: { rule?: string; key?: string; json?: boolean }) => {
      if (recordingId !== undefined && (o.rule !== undefined || o.key !== undefined))
        throw new CliError('give either a recording id or --rule with --key, not both');
      const input: CommandInput<'upcoming.skip'> =
        recordingId !== undefined ? { recordingId: positiveId(recordingId, 'recording id') } : ref(o, 'skip');
      await printAiring(o.json, await context.call('upcoming.skip', input));
    });

  for (const [name, description] of [
    ['restore', 'record an airing you skipped after all'],
    ['choose', 'record this airing of an episode instead of the one its rule picked'],
  ] as const) {
    upcoming
      .command(name)
      .description(description)
      .option('--rule <id>', 'the rule')
      .option('--key <key>', "the airing's key (upcoming --json, or the fix the list suggests)")
      .option('--json', 'print JSON')
      .action(async (o: { rule?: string; key?: string; json?: boolean }) => {
        await printAiring(o.json, await context.call(`upcoming.${name}`, ref(o, name)));
      });
  }
}
