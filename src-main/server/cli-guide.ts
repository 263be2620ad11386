// CLI commands for guides, channels and the guide: epg add|list|refresh|remove|set|channels|map,
// channels [--search Q] [--group G] ..., guide [--channel ID] --from WHEN --to WHEN.
import { type Command } from 'commander';
import type { CommandInput } from '../../src-shared/contract';
import { type GuideInfo } from '../../src-shared/domain-sources';
import { CliError, type CliContext } from './cli-context';
import {
  positiveId,
  wholeNumber,
  location,
  when,
  describeGuide,
  channelJson,
  channelLine,
  programmeJson,
  withProgress,
  programmeLine,
} from './cli-sources-format';

// ------------------------------------------------------------------------------------------------
// epg ...

export function registerEpg(program: Command, context: CliContext): void {
  const epg = program.command('epg').description('XMLTV guides and the channel <-> guide mapping');
  const print = (json: boolean | undefined, g: GuideInfo) => context.print(json, g, () => describeGuide(g));

  epg
    .command('add <location>')
    .description('add an XMLTV guide: file path or http(s) URL, plain or gzip')
    .option('--offset <hours>', 'shift every time by whole hours, for guides that are off', '0')
    .option('--name <name>')
    .option('--refresh-hours <h>')
    .option('--source <id>', 'the source that offered it (see `source show`)')
    .option('--json', 'print JSON')
    .action(
      async (
        loc: string,
        opts: { offset: string; name?: string; refreshHours?: string; source?: string; json?: boolean },
      ) => {
        const input: CommandInput<'guides.add'> = {
          location: location(loc),
          offsetHours: wholeNumber(opts.offset, '--offset', -23, 23),
        };
        if (opts.name !== undefined) input.name = opts.name;
        if (opts.refreshHours !== undefined)
          input.refreshHours = wholeNumber(opts.refreshHours, '--refresh-hours', 1, 720);
        if (opts.source !== undefined) input.sourceId = positiveId(opts.source, 'source id');
        print(
          opts.json,
          await withProgress(context, { target: 'guide', id: null }, () => context.call('guides.add', input)),
        );
      },
    );

  epg
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await context.call('guides.list', {});
      context.print(opts.json, list, () => (list.length === 0 ? ['no guides'] : list.flatMap(describeGuide)));
    });

  epg
    .command('refresh <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const guideId = positiveId(id);
      print(
        opts.json,
        await withProgress(context, { target: 'guide', id: guideId }, () =>
          context.call('guides.refresh', { id: guideId }),
        ),
      );
    });

  epg
    .command('remove <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const result = await context.call('guides.remove', { id: positiveId(id) });
      context.print(opts.json, result, () => [`removed guide #${result.id}`]);
    });

  epg
    .command('set <id>')
    .description('change a guide; a new offset shifts the stored programmes at once')
    .option('--offset <hours>')
    .option('--name <name>')
    .option('--refresh-hours <h>')
    .option('--location <location>')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        opts: { offset?: string; name?: string; refreshHours?: string; location?: string; json?: boolean },
      ) => {
        const input: CommandInput<'guides.update'> = { id: positiveId(id) };
        if (opts.offset !== undefined) input.offsetHours = wholeNumber(opts.offset, '--offset', -23, 23);
        if (opts.name !== undefined) input.name = opts.name;
        if (opts.refreshHours !== undefined)
          input.refreshHours = wholeNumber(opts.refreshHours, '--refresh-hours', 1, 720);
        if (opts.location !== undefined) input.location = location(opts.location);
        print(opts.json, await context.call('guides.update', input));
      },
    );

  epg
    .command('channels')
    .description("list guides' channels (to map one by hand)")
    .option('--guide <id>')
    .option('--search <q>')
    .option('--limit <n>', 'at most this many', '200')
    .option('--json', 'print JSON')
    .action(async (opts: { guide?: string; search?: string; limit: string; json?: boolean }) => {
      const input: CommandInput<'guides.channels'> = { limit: wholeNumber(opts.limit, '--limit', 1, 5000) };
      if (opts.guide !== undefined) input.guideId = positiveId(opts.guide, 'guide id');
      if (opts.search !== undefined) input.search = opts.search;
      const list = await context.call('guides.channels', input);
      context.print(opts.json, list, () =>
        list.length === 0
          ? ['no guide channels']
          : list.map(
              (c) =>
                `guide #${c.guideId}  ${c.xmltvId}  ${c.displayNames.join(' / ')}${c.mappedChannels ? `  (${c.mappedChannels} mapped)` : ''}`,
            ),
      );
    });

  epg
    .command('map <channelId>')
    .description('map a channel to a guide channel by hand (kept across refreshes)')
    .option('--guide <id>', 'the guide')
    .option('--xmltv-id <id>', 'the channel id in that guide')
    .option('--none', 'this channel has no guide (stop automatic mapping)')
    .option('--auto', 'back to automatic mapping')
    .option('--json', 'print JSON')
    .action(
      async (
        channelId: string,
        opts: { guide?: string; xmltvId?: string; none?: boolean; auto?: boolean; json?: boolean },
      ) => {
        const chosen = [opts.none, opts.auto, opts.guide !== undefined || opts.xmltvId !== undefined].filter(
          Boolean,
        ).length;
        if (chosen !== 1) throw new CliError('give either --guide with --xmltv-id, or --none, or --auto');
        let to: CommandInput<'channels.map'>['to'];
        if (opts.none) to = 'none';
        else if (opts.auto) to = 'auto';
        else {
          if (opts.guide === undefined || opts.xmltvId === undefined) {
            throw new CliError('--guide and --xmltv-id go together');
          }
          to = { guideId: positiveId(opts.guide, 'guide id'), xmltvId: opts.xmltvId };
        }
        const channel = await context.call('channels.map', {
          channelId: positiveId(channelId, 'channel id'),
          to,
        });
        context.print(opts.json, channelJson(channel), () => [channelLine(channel)]);
      },
    );
}

// ------------------------------------------------------------------------------------------------
// channels, guide

export function registerChannels(program: Command, context: CliContext): void {
  program
    .command('channels')
    .description('list channels with their source and guide mapping (live ones; --all adds VOD and series)')
    .option('--search <q>', 'name, number or tvg-id')
    .option('--group <g>', 'only this group')
    .option('--source <id>', 'only this source')
    .option('--all', 'include VOD and series entries')
    .option('--missing', 'include channels the last refresh no longer listed')
    .option('--unmapped', 'only channels without a guide')
    .option('--limit <n>', 'at most this many', '500')
    .option('--offset <n>', 'skip this many', '0')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        search?: string;
        group?: string;
        source?: string;
        all?: boolean;
        missing?: boolean;
        unmapped?: boolean;
        limit: string;
        offset: string;
        json?: boolean;
      }) => {
        const input: CommandInput<'channels.search'> = {
          kinds: opts.all ? ['live', 'vod', 'series'] : ['live'],
          includeMissing: Boolean(opts.missing),
          limit: wholeNumber(opts.limit, '--limit', 1, 5000),
          offset: wholeNumber(opts.offset, '--offset', 0, Number.MAX_SAFE_INTEGER),
        };
        if (opts.search !== undefined) input.search = opts.search;
        if (opts.group !== undefined) input.group = opts.group;
        if (opts.source !== undefined) input.sourceId = positiveId(opts.source, 'source id');
        if (opts.unmapped) input.mapped = false;
        const page = await context.call('channels.search', input);
        // The total says whether there is more than this page (--offset / --limit).
        const json = { total: page.total, channels: page.channels.map(channelJson) };
        context.print(opts.json, json, () => [
          ...page.channels.map(channelLine),
          page.total > page.channels.length
            ? `${page.channels.length} of ${page.total} channels (use --offset / --limit for more)`
            : `${page.total} channel${page.total === 1 ? '' : 's'}`,
        ]);
      },
    );
}

export function registerGuide(program: Command, context: CliContext): void {
  program
    .command('guide')
    .description('what is on: programmes of mapped channels in a time window')
    .option(
      '--channel <id>',
      'a channel id (repeatable; default: the first mapped channels)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .requiredOption('--from <when>', 'ISO 8601 time, now, or +90m')
    .requiredOption('--to <when>', 'ISO 8601 time, now, or +12h')
    .option('--search <q>', 'only channels whose name matches')
    .option('--group <g>', 'only channels of this group')
    .option('--limit <n>', 'at most this many channels', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        channel: string[];
        from: string;
        to: string;
        search?: string;
        group?: string;
        limit: string;
        json?: boolean;
      }) => {
        const now = Date.now();
        const input: CommandInput<'guide.query'> = {
          from: when(opts.from, '--from', now),
          to: when(opts.to, '--to', now),
          limit: wholeNumber(opts.limit, '--limit', 1, 1000),
        };
        if (opts.channel.length) input.channelIds = opts.channel.map((c) => positiveId(c, 'channel id'));
        if (opts.search !== undefined) input.search = opts.search;
        if (opts.group !== undefined) input.group = opts.group;
        const window = await context.call('guide.query', input);
        const items = window.channels.flatMap((ch) => ch.programmes.map((p) => programmeJson(p, ch)));
        context.print(opts.json, items, () => {
          if (window.channels.length === 0)
            return ['no mapped channels (see `tapedeck channels` and `tapedeck epg add`)'];
          return window.channels.flatMap((ch) => [
            `#${ch.channelId} ${ch.number ? `${ch.number} ` : ''}${ch.name}`,
            ...(ch.programmes.length
              ? ch.programmes.map(programmeLine)
              : ['  (nothing in the guide for this time)']),
          ]);
        });
      },
    );
}
