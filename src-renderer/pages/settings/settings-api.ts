// The core's settings commands (settings.get, settings.update, settings.testFfmpeg) come with a newer
// core. Until the contract names them, the screen shows what status.get tells (the recordings folder,
// the ffmpeg in use) read-only and says why; the theme works either way (it lives in this browser).
import type { ThemeChoice } from '../../app/theme';
import { api } from '../../state/connection';
import { hasCommand } from '../sources/common/optional-commands';
import { allNotifications, type CoreSettings } from './settings-form';

export const canEditSettings = (): boolean => hasCommand('settings.get') && hasCommand('settings.update');
export const canTestFfmpeg = (): boolean => hasCommand('settings.testFfmpeg');

type LooseCall = (name: string, input: unknown) => Promise<unknown>;
function call(name: string, input: unknown): Promise<unknown> {
  const client = api();
  return (client.call as unknown as LooseCall).call(client, name, input);
}

export interface LoadedSettings {
  settings: CoreSettings;
  theme: ThemeChoice | null;
  /** False: read-only (the core cannot change settings yet). */
  editable: boolean;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Reads what the core answers, keeping to the fields this screen knows (defaults where absent). */
export function readSettings(value: unknown): { settings: CoreSettings; theme: ThemeChoice | null } {
  const v = record(value);
  const num = (key: string, fallback: number) => (typeof v[key] === 'number' ? (v[key] as number) : fallback);
  const str = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : null);
  const container = str('container');
  const theme = str('theme');
  const notifications = record(v.notifications);
  const flags = allNotifications(true);
  for (const kind of Object.keys(flags) as Array<keyof typeof flags>) {
    if (typeof notifications[kind] === 'boolean') flags[kind] = notifications[kind] as boolean;
  }
  return {
    settings: {
      recordingsDir: str('recordingsDir'),
      container: container === 'mkv' || container === 'mp4' ? container : 'ts',
      padBeforeSec: num('padBeforeSec', 60),
      padAfterSec: num('padAfterSec', 180),
      diskReserveMiB: num('diskReserveMiB', 2048),
      ffmpegPath: str('ffmpegPath'),
      notifications: flags,
    },
    theme: theme === 'light' || theme === 'dark' || theme === 'system' ? theme : null,
  };
}

export async function loadSettings(): Promise<LoadedSettings> {
  if (canEditSettings()) return { ...readSettings(await call('settings.get', {})), editable: true };
  // Read-only: what the status tells.
  const status = await api().call('status.get', {});
  const { settings } = readSettings({
    recordingsDir: status.recordingsDir,
    ffmpegPath: status.ffmpeg?.path ?? null,
  });
  return { settings, theme: null, editable: false };
}

export async function saveSettings(
  patch: Partial<CoreSettings> & { theme?: ThemeChoice },
): Promise<CoreSettings> {
  return readSettings(await call('settings.update', patch)).settings;
}

export interface FfmpegFound {
  path: string;
  version: string | null;
}

/** Which ffmpeg `path` (null: the one Tapedeck finds itself) is, and its version. */
export async function testFfmpeg(path: string | null): Promise<FfmpegFound> {
  if (canTestFfmpeg()) {
    const v = record(await call('settings.testFfmpeg', path ? { path } : {}));
    return {
      path: typeof v.path === 'string' ? v.path : (path ?? ''),
      version: typeof v.version === 'string' ? v.version : null,
    };
  }
  // Without the command: the ffmpeg the core uses now, as status.get reports it.
  const status = await api().call('status.get', {});
  if (!status.ffmpeg) throw new Error('Tapedeck has not found ffmpeg');
  return { path: status.ffmpeg.path, version: status.ffmpeg.version };
}
