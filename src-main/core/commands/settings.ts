// The settings.* commands: read the settings with the facts a settings screen shows, change or reset
// some (with their effects: a new ffmpeg is found again, a new recordings folder is created), and check
// an ffmpeg. Paths are the desktop window's and the CLI's to set, like local imports (import-location.ts).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TapedeckError, type CommandName, type ParsedInput } from '../../../src-shared/contract';
import {
  PATH_SETTINGS,
  SETTING_DEFAULTS,
  type FfmpegCheck,
  type SettingKey,
  type Settings,
} from '../../../src-shared/settings';
import { ffmpegVersion, resolveFfmpeg } from '../record/ffmpeg-path';
import type { CommandContext } from './context';
import type { Caller, CommandHandlers } from './handlers';

type SettingsCommandName = Extract<CommandName, `settings.${string}`>;

export function settingsHandlers(ctx: CommandContext): CommandHandlers<SettingsCommandName> {
  return {
    'settings.get': () => ({
      settings: ctx.settings.all(),
      facts: {
        recordingsDir: ctx.recordingsDir(),
        importDir: ctx.importDir(),
        dataDir: ctx.dataDir,
        secretsProtection: ctx.secrets.protection,
        serverPort: ctx.serverPort(),
      },
    }),
    'settings.update': async (input, caller) => {
      const before = ctx.settings.all();
      const next: Partial<Settings> = {};
      for (const [key, value] of Object.entries(input) as Array<[SettingKey, unknown]>) {
        if (value === undefined) continue;
        (next as Record<string, unknown>)[key] =
          key === 'notifications'
            ? { ...before.notifications, ...(value as ParsedInput<'settings.update'>['notifications']) }
            : value;
      }
      await prepare(ctx, before, next, caller);
      ctx.settings.setMany(next);
      return changed(ctx, before);
    },
    'settings.reset': async (input, caller) => {
      const before = ctx.settings.all();
      const keys = [...new Set(input.keys)];
      const next = Object.fromEntries(keys.map((key) => [key, SETTING_DEFAULTS[key]])) as Partial<Settings>;
      await prepare(ctx, before, next, caller);
      ctx.settings.clear(...keys);
      return changed(ctx, before);
    },
    'settings.testFfmpeg': async (input, caller) => {
      if (input.path !== undefined) assertTrusted(caller, ['ffmpegPath']);
      return testFfmpeg(input.path ?? ctx.settings.all().ffmpegPath);
    },
  };
}

/**
 * Checks a change before anything is written, and does what must happen before it is: paths only from
 * trusted callers and absolute, no new recordings folder under a running capture, the new folder made.
 */
async function prepare(
  ctx: CommandContext,
  before: Settings,
  next: Partial<Settings>,
  caller: Caller | undefined,
): Promise<void> {
  const changedPaths = PATH_SETTINGS.filter((key) => key in next && next[key] !== before[key]);
  // Back to a default is harmless from anywhere; naming a path is not.
  assertTrusted(
    caller,
    changedPaths.filter((key) => next[key] !== null),
  );
  for (const key of changedPaths) {
    const value = next[key];
    // The server's working directory means nothing to the user (the CLI makes paths absolute).
    if (typeof value === 'string' && !path.isAbsolute(value)) {
      throw new TapedeckError('invalid_input', `${key}: give an absolute path (got "${value}")`);
    }
  }
  if ('ffmpegPath' in next && typeof next.ffmpegPath === 'string' && next.ffmpegPath !== before.ffmpegPath) {
    // A path that does not run as ffmpeg is refused now rather than failing the next recording.
    await testFfmpeg(next.ffmpegPath);
  }
  if (changedPaths.includes('recordingsDir')) {
    const target = path.resolve(next.recordingsDir ?? path.join(ctx.dataDir, 'recordings'));
    if (target !== ctx.recordingsDir()) {
      // Segments live under the recordings folder and are joined into it at the end: moving the folder
      // under a running capture would leave them behind (and a rename across disks fails).
      const running = ctx.recorder.activeIds().length;
      if (running > 0) {
        throw new TapedeckError(
          'conflict',
          `${running} recording${running === 1 ? ' is' : 's are'} in progress: change the recordings folder when ${running === 1 ? 'it has' : 'they have'} finished`,
        );
      }
      await fs.mkdir(target, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        throw new TapedeckError(
          'invalid_input',
          `recordingsDir: cannot create ${target}: ${error.code ?? error.message}`,
        );
      });
    }
  }
}

/** After a write: the effects that follow it, the event, and the settings as they are now. */
function changed(ctx: CommandContext, before: Settings): Settings {
  const after = ctx.settings.all();
  if (after.ffmpegPath !== before.ffmpegPath) ctx.dropFfmpegCache();
  ctx.bus.emit('settings.changed', after);
  return after;
}

function assertTrusted(caller: Caller | undefined, keys: readonly SettingKey[]): void {
  if (keys.length === 0 || !caller || caller.trustedPaths) return;
  // A page holding the token could otherwise widen the import folder to the whole disk (and read any
  // file through an import), or run any program as "ffmpeg".
  throw new TapedeckError(
    'invalid_input',
    `from a browser, ${keys.join(' and ')} cannot be changed: use the desktop app or \`tapedeck settings set\``,
  );
}

async function testFfmpeg(setting: string | null): Promise<FfmpegCheck> {
  let bins;
  try {
    bins = resolveFfmpeg({ setting });
  } catch (error) {
    throw new TapedeckError('not_found', (error as Error).message);
  }
  const version = await ffmpegVersion(bins.ffmpeg);
  if (version === null) {
    throw new TapedeckError(
      'invalid_input',
      `${bins.ffmpeg} does not run as ffmpeg (\`${path.basename(bins.ffmpeg)} -version\` failed or printed no ffmpeg version)`,
    );
  }
  return { path: bins.ffmpeg, version, ffprobe: bins.ffprobe };
}
