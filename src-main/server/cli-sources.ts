// CLI commands for sources, guides, channels and the guide:
//   source add m3u|xtream|hdhomerun, source list|show|refresh|remove|set
//   epg add|list|refresh|remove|set|channels|map
//   channels [--search Q] [--group G] ...      guide [--channel ID] --from WHEN --to WHEN
// Every command takes --json. Long commands (add, refresh) show live progress on a terminal.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import WebSocket from 'ws';
import type { CommandInput, TapedeckEvent } from '../../src-shared/contract';
import {
  XTREAM_OUTPUT_FORMATS,
  type ChannelListing,
  type GuideChannelRow,
  type GuideInfo,
  type GuideProgramme,
  type ImportReport,
  type SourceInfo,
  type SourceProgress,
} from '../../src-shared/domain-sources';
import { parseWhen } from '../../src-shared/time-input';
import { CliError, type CliContext } from './cli-context';
import { readInstanceFile } from './instance-file';

export function registerSourceCommands(program: Command, context: CliContext): void {
  registerSource(program, context);
  registerEpg(program, context);
  registerChannels(program, context);
  registerGuide(program, context);
}

// ------------------------------------------------------------------------------------------------
// Input helpers

function positiveId(value: string, what = 'id'): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new CliError(`"${value}" is not a valid ${what}`);
  return Number(value);
}

function wholeNumber(value: string, what: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value)) throw new CliError(`${what} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new CliError(`${what} must be between ${min} and ${max}`);
  return n;
}

/** URLs pass as they are; a file path is made absolute here, because the server has another cwd. */
function location(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  return path.resolve(process.cwd(), value);
}

function when(value: string, what: string, now: number): number {
  try {
    return parseWhen(value, now);
  } catch (error) {
    throw new CliError(`${what}: ${(error as Error).message}`);
  }
}

// ------------------------------------------------------------------------------------------------
// Output helpers

/** Local time with its UTC offset, e.g. 2026-03-01T20:15:00+01:00 (what `guide` shows). */
export function isoWithOffset(ms: number): string {
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

function isoOrDash(ms: number | null): string {
  return ms === null ? '-' : isoWithOffset(ms);
}

function reportLine(report: ImportReport | null): string {
  if (!report) return 'never imported';
  const parts = [`${report.items} read`, `${report.added} new`, `${report.updated} updated`];
  if (report.removed) parts.push(`${report.removed} removed`);
  if (report.tooOld) parts.push(`${report.tooOld} left out as already over`);
  parts.push(`${(report.durationMs / 1000).toFixed(1)} s`);
  if (report.problemCount) parts.push(`${report.problemCount} skipped or repaired`);
  return parts.join(', ');
}

function problemLines(report: ImportReport | null, max = 5): string[] {
  if (!report || report.problemCount === 0) return [];
  const lines = report.problems.slice(0, max).map((p) => {
    const where = p.line !== null ? `line ${p.line}` : p.offset !== null ? `at ${p.offset}` : '';
    return `    ${where ? `${where}: ` : ''}${p.message}`;
  });
  if (report.problemCount > lines.length) lines.push(`    ... ${report.problemCount - lines.length} more`);
  return lines;
}

function describeSource(s: SourceInfo): string[] {
  const limit =
    s.maxConnections === null
      ? 'no limit known'
      : `${s.maxConnections}${s.maxConnectionsOverride !== null ? ' (set by you)' : ''}`;
  const lines = [
    `#${s.id} ${s.name} (${s.kind})${s.refreshing ? ' [refreshing]' : ''}`,
    `  location:    ${s.location ?? '-'}`,
    `  channels:    ${s.counts.live} live, ${s.counts.vod} VOD, ${s.counts.series} series${s.counts.missing ? `, ${s.counts.missing} missing` : ''}`,
    `  connections: ${limit}`,
  ];
  if (s.kind !== 'manual') {
    lines.push(
      `  refreshed:   ${isoOrDash(s.lastRefreshAt)} (every ${s.refreshHours} h): ${reportLine(s.lastImport)}`,
      ...problemLines(s.lastImport),
    );
  }
  if (s.lastError) lines.push(`  last error:  ${s.lastError}`);
  if (s.account) {
    const a = s.account;
    lines.push(
      `  account:     ${a.status}, expires ${a.expiresAt === null ? 'never' : isoWithOffset(a.expiresAt)}, ` +
        `${a.activeConnections ?? '?'}/${a.maxConnections ?? '?'} connections in use, streams as ${a.outputFormat}` +
        (a.catchupChannels ? `, ${a.catchupChannels} with catch-up` : ''),
    );
  }
  if (s.device)
    lines.push(
      `  device:      ${s.device.friendlyName ?? '?'} ${s.device.deviceId ?? ''}, ${s.device.tunerCount ?? '?'} tuners`,
    );
  if (s.credentialProtection) lines.push(`  credentials: kept in ${s.credentialProtection}`);
  for (const url of s.offeredGuides)
    lines.push(`  guide offered: ${url}  (tapedeck epg add "${url}" --source ${s.id})`);
  if (s.guideIds.length) lines.push(`  guides:      ${s.guideIds.map((id) => `#${id}`).join(', ')}`);
  return lines;
}

function describeGuide(g: GuideInfo): string[] {
  const lines = [
    `#${g.id} ${g.name}${g.refreshing ? ' [refreshing]' : ''}`,
    `  location:   ${g.location}${g.offsetHours ? ` (offset ${g.offsetHours > 0 ? '+' : ''}${g.offsetHours} h)` : ''}`,
    `  content:    ${g.channelCount} channels, ${g.programmeCount} programmes` +
      (g.coverage ? `, ${isoWithOffset(g.coverage.from)} .. ${isoWithOffset(g.coverage.to)}` : ''),
    `  refreshed:  ${isoOrDash(g.lastRefreshAt)} (every ${g.refreshHours} h): ${reportLine(g.lastImport)}`,
    ...problemLines(g.lastImport),
  ];
  if (g.lastImport?.stoppedEarly) lines.push(`  stopped early: ${g.lastImport.stoppedEarly}`);
  if (g.lastError) lines.push(`  last error: ${g.lastError}`);
  if (g.sourceId !== null) lines.push(`  belongs to source #${g.sourceId}`);
  return lines;
}

/** channels --json: each channel with its source and guide mapping. */
function channelJson(c: ChannelListing): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    number: c.number,
    group: c.group,
    kind: c.kind,
    logo: c.logo,
    tvgId: c.tvgId,
    source: { id: c.sourceId, name: c.sourceName, kind: c.sourceKind },
    guide: c.guide
      ? {
          guideId: c.guide.guideId,
          guideName: c.guide.guideName,
          xmltvId: c.guide.xmltvId,
          displayName: c.guide.displayName,
          match: c.guide.match,
        }
      : null,
    guideManual: c.guideManual,
    catchup: c.catchup,
    missingSince: c.missingSince === null ? null : new Date(c.missingSince).toISOString(),
  };
}

function channelLine(c: ChannelListing): string {
  const guide = c.guide
    ? `guide ${c.guide.xmltvId} (${c.guide.match})`
    : c.guideManual
      ? 'no guide (by choice)'
      : 'no guide';
  return `#${c.id}  ${c.number ? `${c.number}  ` : ''}${c.name}  [${c.group ?? '-'}] ${c.kind !== 'live' ? `${c.kind} ` : ''}- ${c.sourceName} - ${guide}${c.missingSince !== null ? ' - MISSING' : ''}`;
}

/** guide --json: one programme per item, times in local ISO with offset. */
function programmeJson(p: GuideProgramme, channel: GuideChannelRow): Record<string, unknown> {
  return {
    id: p.id,
    channelId: channel.channelId,
    channel: channel.name,
    start: isoWithOffset(p.start),
    stop: p.stop === null ? null : isoWithOffset(p.stop),
    title: p.title,
    subTitle: p.subTitle,
    season: p.season,
    episode: p.episode,
    episodeNum: p.episodeNum,
    categories: p.categories,
    new: p.isNew,
    previouslyShown: p.previouslyShown,
    premiere: p.premiere,
    rating: p.rating,
    description: p.description,
  };
}

function programmeLine(p: GuideProgramme): string {
  const hhmm = (ms: number) => isoWithOffset(ms).slice(11, 16);
  const se =
    p.season !== null || p.episode !== null
      ? ` S${String(p.season ?? '?').padStart(2, '0')}E${String(p.episode ?? '?').padStart(2, '0')}`
      : '';
  const flags = [p.isNew && 'new', p.premiere && 'premiere', p.previouslyShown && 'repeat'].filter(Boolean);
  return `  ${hhmm(p.start)}-${p.stop === null ? '?' : hhmm(p.stop)}  ${p.title}${p.subTitle ? ` - ${p.subTitle}` : ''}${se}${flags.length ? ` (${flags.join(', ')})` : ''}  [#${p.id}]`;
}

// ------------------------------------------------------------------------------------------------
// Progress (terminal only): the instance's event stream over its WebSocket.

function formatProgress(p: SourceProgress): string {
  const what = `${p.target} #${p.id}`;
  const count =
    p.phase === 'downloading'
      ? `${(p.done / 1e6).toFixed(1)}${p.total !== null ? ` / ${(p.total / 1e6).toFixed(1)}` : ''} MB`
      : p.total !== null
        ? `${p.done} / ${p.total}`
        : p.done
          ? String(p.done)
          : '';
  return `${what}: ${p.phase}${count ? ` ${count}` : ''}`;
}

/** Shows progress events for `target` on stderr while `work` runs; silent unless stderr is a terminal. */
async function withProgress<T>(
  context: CliContext,
  target: { target: 'source' | 'guide'; id: number | null },
  work: () => Promise<T>,
): Promise<T> {
  const instance = process.stderr.isTTY ? readInstanceFile(context.dataDir()) : null;
  if (!instance) return work();
  let socket: WebSocket | null = null;
  let shown = false;
  try {
    socket = new WebSocket(
      `${instance.url.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(instance.token)}`,
    );
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      let message: { type?: string; event?: TapedeckEvent };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      if (message.type !== 'event' || message.event?.name !== 'sources.progress') return;
      const p = message.event.payload as SourceProgress;
      // An add does not know its id yet: show the first target of the right kind that reports.
      if (p.target !== target.target) return;
      if (target.id === null) target.id = p.id;
      if (p.id !== target.id) return;
      process.stderr.write(`\r\x1b[2K${formatProgress(p)}`);
      shown = true;
    });
  } catch {
    // No progress then; the command itself still runs.
  }
  try {
    return await work();
  } finally {
    if (shown) process.stderr.write('\r\x1b[2K');
    socket?.terminate();
  }
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

// ------------------------------------------------------------------------------------------------
// epg ...

function registerEpg(program: Command, context: CliContext): void {
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

function registerChannels(program: Command, context: CliContext): void {
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
        context.print(opts.json, page.channels.map(channelJson), () => [
          ...page.channels.map(channelLine),
          page.total > page.channels.length
            ? `${page.channels.length} of ${page.total} channels (use --offset / --limit for more)`
            : `${page.total} channel${page.total === 1 ? '' : 's'}`,
        ]);
      },
    );
}

function registerGuide(program: Command, context: CliContext): void {
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
