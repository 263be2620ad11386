// The `tapedeck` command: `serve` runs the headless host; every other command talks to the instance
// that owns the data folder, over its HTTP contract.
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { CommandInput } from '../../src-shared/contract';
import { CONTAINERS, RECORDING_STATUSES } from '../../src-shared/domain';
import { parseWhen } from '../../src-shared/time-input';
import { DataDirLockedError, resolveDataDir } from '../core/data-dir';
import { redactText } from '../core/redact';
import { call, CliError, terminalJson, terminalSafe, type CliContext, type Io } from './cli-context';
import { describe, listLine, showJson } from './cli-recordings-format';
import { recordProgramme, registerRuleCommands } from './cli-rules';
import { duration } from './cli-rules-input';
import { registerSettingsCommands } from './cli-settings';
import { registerSourceCommands } from './cli-sources';
import { positiveId } from './cli-sources-format';
import { serve } from './serve';

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
  registerRuleCommands(program, context);
  registerSettingsCommands(program, context);

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
    .description('schedule a recording of a channel or a stream URL, or of a guide programme')
    .option('--programme <id>', 'a guide programme (see `tapedeck guide`): its times and title')
    .option('--channel <id>', 'channel id (see `tapedeck channels`); with --programme, when several carry it')
    .option('--url <url>', 'stream URL (http, https, udp, rtp, rtsp, rtmp)')
    .option('--start <when>', 'ISO 8601 time, now, or +90s (required without --programme)')
    .option('--end <when>', 'ISO 8601 time, now, or +90s')
    .option('--duration <dur>', 'like 90s, 25m, 1h30m')
    .option('--title <title>')
    .option(
      '--pad-before <dur>',
      "start this much earlier; negative starts late (-10m); default 0s, or with --programme the settings'",
    )
    .option(
      '--pad-after <dur>',
      "end this much later; negative ends early; default 0s, or with --programme the settings'",
    )
    .addOption(new Option('--container <c>', 'file format').choices([...CONTAINERS]))
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const now = Date.now();
      const str = (key: string) => (typeof opts[key] === 'string' ? (opts[key] as string) : undefined);
      const container = str('container') as (typeof CONTAINERS)[number] | undefined;
      if (str('programme') !== undefined) {
        const extra = ['url', 'start', 'end', 'duration', 'title'].filter((k) => str(k) !== undefined);
        if (extra.length)
          throw new CliError(
            `--programme takes its times and title from the guide: leave out ${extra.map((k) => `--${k}`).join(', ')}`,
          );
        await recordProgramme(context, {
          programme: str('programme')!,
          ...(str('channel') !== undefined ? { channel: str('channel') } : {}),
          ...(str('padBefore') !== undefined ? { padBefore: str('padBefore') } : {}),
          ...(str('padAfter') !== undefined ? { padAfter: str('padAfter') } : {}),
          ...(container ? { container } : {}),
          json: Boolean(opts.json),
        });
        return;
      }
      // Reads like commander's own error for a missing option (it was required before --programme).
      if (str('start') === undefined) cmd.error("error: required option '--start <when>' not specified");
      const parse = <T>(fn: () => T) => {
        try {
          return fn();
        } catch (error) {
          throw new CliError((error as Error).message);
        }
      };
      const start = parse(() => parseWhen(str('start')!, now));
      // A one-off recording by time has no padding unless asked (the settings' is for guide programmes).
      const input: CommandInput<'recordings.schedule'> = {
        start,
        padBeforeMs: duration(str('padBefore') ?? '0s', '--pad-before', true),
        padAfterMs: duration(str('padAfter') ?? '0s', '--pad-after', true),
      };
      if (str('channel') !== undefined) input.channelId = positiveId(str('channel')!);
      if (str('url') !== undefined) input.url = str('url');
      if (str('end') !== undefined) input.end = parse(() => parseWhen(str('end')!, now));
      if (str('duration') !== undefined) input.durationMs = duration(str('duration')!, '--duration');
      if (str('title') !== undefined) input.title = str('title');
      if (container) input.container = container;
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
        list.length === 0 ? ['no recordings'] : list.map(listLine),
      );
    });

  program
    .command('show <id>')
    .option('--json')
    .action(async (id: string, opts: { json?: boolean }) => {
      const recording = await call(dataDir(), 'recordings.get', { id: positiveId(id) });
      // The rule by name (a removed rule leaves the recording with its id only).
      const rule =
        opts.json || recording.ruleId === null
          ? null
          : await call(dataDir(), 'rules.get', { id: recording.ruleId }).catch(() => null);
      print(opts.json, showJson(recording), () => describe(recording, rule?.name));
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
