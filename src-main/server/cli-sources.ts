// CLI commands for sources, guides, channels and the guide:
//   source add m3u|xtream|hdhomerun, source list|show|refresh|remove|set
//   epg add|list|refresh|remove|set|channels|map
//   channels [--search Q] [--group G] ...      guide [--channel ID] --from WHEN --to WHEN
// Every command takes --json. Long commands (add, refresh) show live progress on a terminal.
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { CommandInput } from '../../src-shared/contract';
import { XTREAM_OUTPUT_FORMATS, type SourceInfo } from '../../src-shared/domain-sources';
import { CliError, type CliContext } from './cli-context';
import { registerChannels, registerEpg, registerGuide } from './cli-guide';
import { positiveId, wholeNumber, location, describeSource, withProgress } from './cli-sources-format';

export function registerSourceCommands(program: Command, context: CliContext): void {
  registerSource(program, context);
  registerEpg(program, context);
  registerChannels(program, context);
  registerGuide(program, context);
}
// ------------------------------------------------------------------------------------------------
// source ...

function registerSource(program: Command, context: CliContext): void {
  const source = program.command('source').description('playlists and tuners: M3U, Xtream Codes, HDHomeRun');
  const add = source.command('add').description('add a source and import its channels');
  const print = (json: boolean | undefined, s: SourceInfo) => context.print(json, s, () => describeSource(s));
  const common = (cmd: Command) =>
    cmd
      .option('--name <name>', 'a name to show (default: from the location)')
      .option('--max-connections <n>', 'how many streams the source allows at once')
      .option('--refresh-hours <h>', 'refresh every this many hours (default 24)')
      .option('--json', 'print JSON');
  type Common = { name?: string; maxConnections?: string; refreshHours?: string; json?: boolean };
  const commonInput = (opts: Common) => ({
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.maxConnections !== undefined
      ? { maxConnections: wholeNumber(opts.maxConnections, '--max-connections', 1, 1000) }
      : {}),
    ...(opts.refreshHours !== undefined
      ? { refreshHours: wholeNumber(opts.refreshHours, '--refresh-hours', 1, 720) }
      : {}),
  });

  common(
    add
      .command('m3u <location>')
      .description('an M3U/M3U8 playlist: file path or http(s) URL, plain or gzip')
      .option('--with-guide', 'also add the guide(s) the playlist header offers'),
  ).action(async (loc: string, opts: Common & { withGuide?: boolean }) => {
    const input: CommandInput<'sources.add'> = {
      kind: 'm3u',
      location: location(loc),
      addOfferedGuides: Boolean(opts.withGuide),
      ...commonInput(opts),
    };
    print(
      opts.json,
      await withProgress(context, { target: 'source', id: null }, () => context.call('sources.add', input)),
    );
  });

  common(
    add
      .command('xtream')
      .description('an Xtream Codes account')
      .requiredOption('--server <url>', 'the panel URL, e.g. http://provider.example:8080')
      .requiredOption('--username <user>')
      .option('--password <password>', 'the password (or use --password-stdin)')
      .option('--password-stdin', 'read the password from standard input (keeps it out of shell history)')
      .addOption(
        new Option('--output <format>', 'stream format (default: ts if allowed)').choices([
          ...XTREAM_OUTPUT_FORMATS,
        ]),
      )
      .option('--no-guide', "do not add the provider's XMLTV guide"),
  ).action(
    async (
      opts: Common & {
        server: string;
        username: string;
        password?: string;
        passwordStdin?: boolean;
        output?: (typeof XTREAM_OUTPUT_FORMATS)[number];
        guide: boolean;
      },
    ) => {
      const password = opts.passwordStdin ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : opts.password;
      if (!password) throw new CliError('give the password with --password or --password-stdin');
      const input: CommandInput<'sources.add'> = {
        kind: 'xtream',
        server: opts.server,
        username: opts.username,
        password,
        withGuide: opts.guide,
        ...(opts.output ? { outputFormat: opts.output } : {}),
        ...commonInput(opts),
      };
      print(
        opts.json,
        await withProgress(context, { target: 'source', id: null }, () => context.call('sources.add', input)),
      );
    },
  );

  common(
    add.command('hdhomerun <address>').description('an HDHomeRun tuner: IP address or host[:port]'),
  ).action(async (address: string, opts: Common) => {
    const input: CommandInput<'sources.add'> = { kind: 'hdhomerun', address, ...commonInput(opts) };
    print(
      opts.json,
      await withProgress(context, { target: 'source', id: null }, () => context.call('sources.add', input)),
    );
  });

  source
    .command('list')
    .description('list sources with their channel counts, connection limits and last refresh')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await context.call('sources.list', {});
      context.print(opts.json, list, () =>
        list.length === 0 ? ['no sources'] : list.flatMap(describeSource),
      );
    });

  source
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      print(opts.json, await context.call('sources.get', { id: positiveId(id) }));
    });

  source
    .command('refresh <id>')
    .description('import the source again now')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const sourceId = positiveId(id);
      print(
        opts.json,
        await withProgress(context, { target: 'source', id: sourceId }, () =>
          context.call('sources.refresh', { id: sourceId }),
        ),
      );
    });

  source
    .command('remove <id>')
    .description('remove a source, its channels and its own guides (recordings are kept)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const result = await context.call('sources.remove', { id: positiveId(id) });
      context.print(opts.json, result, () => [`removed source #${result.id}`]);
    });

  source
    .command('set <id>')
    .description('change a source (a new location or login is tried first; on failure nothing changes)')
    .option('--name <name>')
    .option('--max-connections <n>', 'a number, or "auto" for what the provider/device says')
    .option(
      '--connection-group <name>',
      'share one connection limit with the sources of this group (one account), or "none"',
    )
    .option('--refresh-hours <h>')
    .option('--location <location>', 'M3U: a new playlist path or URL')
    .option('--address <address>', 'HDHomeRun: a new device address')
    .option('--server <url>', 'Xtream: a new panel URL')
    .option('--username <user>', 'Xtream')
    .option('--password <password>', 'Xtream')
    .option('--password-stdin', 'Xtream: read the password from standard input')
    .addOption(
      new Option('--output <format>', 'Xtream stream format, or auto').choices([
        ...XTREAM_OUTPUT_FORMATS,
        'auto',
      ]),
    )
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        opts: Common & {
          location?: string;
          address?: string;
          server?: string;
          username?: string;
          password?: string;
          passwordStdin?: boolean;
          output?: string;
          connectionGroup?: string;
        },
      ) => {
        const input: CommandInput<'sources.update'> = { id: positiveId(id) };
        if (opts.name !== undefined) input.name = opts.name;
        if (opts.refreshHours !== undefined)
          input.refreshHours = wholeNumber(opts.refreshHours, '--refresh-hours', 1, 720);
        if (opts.maxConnections !== undefined) {
          input.maxConnections =
            opts.maxConnections === 'auto'
              ? null
              : wholeNumber(opts.maxConnections, '--max-connections', 1, 1000);
        }
        if (opts.connectionGroup !== undefined)
          input.connectionGroup = opts.connectionGroup === 'none' ? null : opts.connectionGroup;
        if (opts.location !== undefined) input.location = location(opts.location);
        if (opts.address !== undefined) input.address = opts.address;
        if (opts.server !== undefined) input.server = opts.server;
        if (opts.username !== undefined) input.username = opts.username;
        const password = opts.passwordStdin ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : opts.password;
        if (password !== undefined) input.password = password;
        if (opts.output !== undefined)
          input.outputFormat = opts.output === 'auto' ? null : (opts.output as 'ts' | 'm3u8');
        print(opts.json, await context.call('sources.update', input));
      },
    );
}
