// The `tapedeck` command: `serve` runs the headless host; every other command talks to the instance
// that owns the data folder, over its HTTP contract.
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { CommandInput } from '../../src-shared/contract';
import { RECORDING_STATUSES, type Recording } from '../../src-shared/domain';
import { formatDuration, parseDuration, parseWhen } from '../../src-shared/time-input';
import { DataDirLockedError, resolveDataDir } from '../core/data-dir';
import { redactText } from '../core/redact';
import { call, CliError, terminalJson, terminalSafe, type CliContext, type Io } from './cli-context';
import { registerSourceCommands } from './cli-sources';
import { serve } from './serve';

function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

function describe(r: Recording): string[] {
  const health =
    r.capturedMs !== null && r.status === 'completed'
      ? ` (${Math.round((100 * r.capturedMs) / Math.max(1, r.expectedMs))}% captured${r.gaps.length ? `, ${r.gaps.length} gap(s)` : ''})`
      : '';
  return [
    `#${r.id} ${r.title}`,
    `  status:   ${r.status}${health}${r.error ? ` - ${r.error}` : ''}`,
    `  source:   ${r.channelName ?? r.url ?? '-'}`,
    `  window:   ${iso(r.startAt - r.padBeforeMs)} .. ${iso(r.endAt + r.padAfterMs)}`,
    `  actual:   ${iso(r.actualStartAt)} .. ${iso(r.actualEndAt)}`,
    `  file:     ${r.outputPath ?? '-'}${r.sizeBytes !== null ? ` (${(r.sizeBytes / 1e6).toFixed(1)} MB` + (r.durationMs !== null ? `, ${formatDuration(r.durationMs)})` : ')') : ''}`,
    ...r.segments.map(
      (s) =>
        `  segment ${s.index}: ${iso(s.startedAt)} .. ${iso(s.endedAt)} ${s.bytes} bytes ${s.endReason ?? 'open'}${s.error ? ` (${s.error})` : ''}`,
    ),
    ...r.gaps.map((g) => `  gap: ${iso(g.start)} .. ${iso(g.end)} (${g.cause})`),
  ];
}

/** What `show --json` prints: the recording with its health and segments. */
function showJson(r: Recording): Record<string, unknown> {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    channelId: r.channelId,
    url: r.url,
    scheduledStart: iso(r.startAt),
    scheduledEnd: iso(r.endAt),
    padBeforeMs: r.padBeforeMs,
    padAfterMs: r.padAfterMs,
    actualStart: r.actualStartAt === null ? null : iso(r.actualStartAt),
    actualEnd: r.actualEndAt === null ? null : iso(r.actualEndAt),
    outputPath: r.outputPath,
    sizeBytes: r.sizeBytes,
    durationSeconds: r.durationMs === null ? null : r.durationMs / 1000,
    capturedSeconds: r.capturedMs === null ? null : r.capturedMs / 1000,
    expectedSeconds: r.expectedMs / 1000,
    percentCaptured:
      r.capturedMs === null ? null : Math.round((1000 * r.capturedMs) / Math.max(1, r.expectedMs)) / 10,
    error: r.error,
    attempt: r.attempt,
    gaps: r.gaps.map((g) => ({
      start: iso(g.start),
      end: iso(g.end),
      seconds: (g.end - g.start) / 1000,
      cause: g.cause,
    })),
    segments: r.segments.map((s) => ({
      index: s.index,
      path: s.path,
      start: iso(s.startedAt),
      end: s.endedAt === null ? null : iso(s.endedAt),
      bytes: s.bytes,
      endReason: s.endReason,
      error: s.error,
    })),
  };
}

function positiveId(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new CliError(`"${value}" is not a valid id`);
  return Number(value);
}

export function buildProgram(io: Io, appDir: string): Command {
  const program = new Command('tapedeck')
    .description('Tapedeck: a DVR for internet TV')
    .option('--data-dir <dir>', 'data folder (default: TAPEDECK_DATA_DIR, else the OS default)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      // Usage errors read like every other error: one line, `tapedeck: <reason>`.
      outputError: (s) => io.err(terminalSafe(`tapedeck: ${s.replace(/^error: /, '').trim()} (see --help)`)),
    });
  const dataDir = () => resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);
  // Every line of output passes here or through the error line in runCli: names from playlists,
  // guides and titles reach the terminal without control sequences (cli-context.ts).
  const print = (json: boolean | undefined, value: unknown, human: () => string[]) => {
    if (json) io.out(terminalJson(value));
    else for (const line of human()) io.out(terminalSafe(line));
  };

  const context: CliContext = { dataDir, call: (name, input) => call(dataDir(), name, input), print };
  registerSourceCommands(program, context);

  program
    .command('serve')
    .description('run headless: the UI in a browser, the API for scripts; prints the URL on its first line')
    .option('--host <host>', 'interface to bind (loopback by default)', '127.0.0.1')
    .option('--port <n>', 'port, 0 for any free one', '0')
    .action(async (opts: { host: string; port: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`"${opts.port}" is not a port`);
      const running = await serve({ dataDir: dataDir(), host: opts.host, port, appDir, log: io.out }).catch(
        (error: unknown) => {
          if (error instanceof DataDirLockedError) throw new CliError(error.message);
          throw error;
        },
      );
      // No catch-all: each transport answers its own bad input (http-server.ts), so an error that
      // reaches the top is a bug, and running on after one leaves the scheduler, recorder and database
      // in a state nobody knows. Node prints it and exits non-zero; the next start recovers like after
      // a kill (orphaned ffmpeg reaped, segments closed, recordings resumed: docs/recording.md).
      process.on('uncaughtExceptionMonitor', () =>
        io.err('tapedeck serve stopped on an unexpected error (below); recordings resume on the next start'),
      );
      io.err(
        `Tapedeck is serving ${dataDir()}; Ctrl-C stops it (recordings in progress resume on the next start)`,
      );
      await new Promise<void>((resolve) => {
        const onSignal = () => void running.stop().then(resolve);
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
    });

  program
    .command('record')
    .description('schedule a recording of a channel or a stream URL')
    .option('--channel <id>', 'channel id (see `tapedeck channels`)')
    .option('--url <url>', 'stream URL (http, https, udp, rtp, rtsp, rtmp)')
    .requiredOption('--start <when>', 'ISO 8601 time, now, or +90s')
    .option('--end <when>', 'ISO 8601 time, now, or +90s')
    .option('--duration <dur>', 'like 90s, 25m, 1h30m')
    .option('--title <title>')
    .option('--pad-before <dur>', 'start this much earlier', '0s')
    .option('--pad-after <dur>', 'end this much later', '0s')
    .addOption(new Option('--container <c>', 'file format').choices(['ts', 'mkv', 'mp4']))
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const now = Date.now();
      const str = (key: string) => (typeof opts[key] === 'string' ? (opts[key] as string) : undefined);
      const parse = <T>(fn: () => T) => {
        try {
          return fn();
        } catch (error) {
          throw new CliError((error as Error).message);
        }
      };
      const start = parse(() => parseWhen(str('start')!, now));
      const input: CommandInput<'recordings.schedule'> = {
        start,
        padBeforeMs: parse(() => parseDuration(str('padBefore') ?? '0s')),
        padAfterMs: parse(() => parseDuration(str('padAfter') ?? '0s')),
      };
      if (str('channel') !== undefined) input.channelId = positiveId(str('channel')!);
      if (str('url') !== undefined) input.url = str('url');
      if (str('end') !== undefined) input.end = parse(() => parseWhen(str('end')!, now));
      if (str('duration') !== undefined) input.durationMs = parse(() => parseDuration(str('duration')!));
      if (str('title') !== undefined) input.title = str('title');
      const container = str('container');
      if (container === 'ts' || container === 'mkv' || container === 'mp4') input.container = container;
      const recording = await call(dataDir(), 'recordings.schedule', input);
      print(Boolean(opts.json), showJson(recording), () => describe(recording));
    });

  const channel = program.command('channel').description('hand-made channels');
  channel
    .command('add')
    .requiredOption('--name <name>')
    .requiredOption('--url <url>')
    .option(
      '--fallback-url <url>',
      'a backup URL for the same channel (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--json')
    .action(async (opts: { name: string; url: string; fallbackUrl: string[]; json?: boolean }) => {
      const added = await call(dataDir(), 'channels.add', {
        name: opts.name,
        url: opts.url,
        fallbackUrls: opts.fallbackUrl,
      });
      print(opts.json, added, () => [
        `#${added.id} ${added.name} ${added.url}`,
        ...added.fallbackUrls.map((u) => `  fallback ${u}`),
      ]);
    });

  program
    .command('list')
    .description('list recordings')
    .addOption(new Option('--status <s>').choices([...RECORDING_STATUSES]))
    .option('--json')
    .action(async (opts: { status?: (typeof RECORDING_STATUSES)[number]; json?: boolean }) => {
      const list = await call(dataDir(), 'recordings.list', opts.status ? { status: opts.status } : {});
      print(opts.json, list.map(showJson), () =>
        list.length === 0
          ? ['no recordings']
          : list.map(
              (r) =>
                `#${r.id}  ${r.status.padEnd(9)}  ${iso(r.startAt)}  ${r.title}${r.error ? `  (${r.error})` : ''}`,
            ),
      );
    });

  program
    .command('show <id>')
    .option('--json')
    .action(async (id: string, opts: { json?: boolean }) => {
      const recording = await call(dataDir(), 'recordings.get', { id: positiveId(id) });
      print(opts.json, showJson(recording), () => describe(recording));
    });

  const simple: Array<
    [string, 'recordings.stop' | 'recordings.cancel' | 'recordings.retry' | 'recordings.startNow', string]
  > = [
    ['stop', 'recordings.stop', 'stop a recording now and keep what was captured'],
    ['cancel', 'recordings.cancel', 'cancel a scheduled (or running) recording'],
    ['retry', 'recordings.retry', 'retry a failed recording inside its window'],
    ['start-now', 'recordings.startNow', 'start a scheduled recording now'],
  ];
  for (const [name, commandName, description] of simple) {
    program
      .command(`${name} <id>`)
      .description(description)
      .option('--json')
      .action(async (id: string, opts: { json?: boolean }) => {
        const recording = await call(dataDir(), commandName, { id: positiveId(id) });
        print(opts.json, showJson(recording), () => describe(recording));
      });
  }

  program
    .command('delete <id>')
    .option('--keep-file', 'remove it from the list but keep the file')
    .option('--json')
    .action(async (id: string, opts: { keepFile?: boolean; json?: boolean }) => {
      const result = await call(dataDir(), 'recordings.delete', {
        id: positiveId(id),
        keepFile: Boolean(opts.keepFile),
      });
      print(opts.json, result, () => [
        `deleted #${result.id}`,
        ...result.deletedFiles.map((f) => `  removed ${f}`),
      ]);
    });

  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: Io, appDir: string): Promise<number> {
  const program = buildProgram(io, appDir);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // Errors can quote a stream or playlist URL; the server redacts its own, this covers local ones.
    io.err(terminalSafe(`tapedeck: ${redactText(error instanceof Error ? error.message : String(error))}`));
    return 1;
  }
}

/** Entry of bin/tapedeck (bundled to dist/cli/cli.cjs; the app folder with migrations and renderer is dist/). */
export function main(): void {
  const appDir = path.resolve(__dirname, '..');
  // A reader that went away (`tapedeck list | head -1`) is not an error worth more output.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    });
  }
  const io: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };
  void runCli(process.argv.slice(2), io, appDir).then((code) => {
    process.exitCode = code;
  });
}
