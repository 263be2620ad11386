// The core's settings (settings.get / update / testFfmpeg), and what this window may change: paths
// (recordings folder, ffmpeg) only from the desktop window or the CLI, never from a browser, which
// the core refuses (a page holding the token must not point Tapedeck at any file).
import type { SettingKey, Settings, SettingsUpdate, SettingsView } from '../../../src-shared/settings';
import { api } from '../../state/connection';

/** The desktop window is trusted with paths; a browser is not. */
export const canSetPaths = (): boolean => typeof window !== 'undefined' && !!window.tapedeck;

export function loadSettings(): Promise<SettingsView> {
  return api().call('settings.get', {});
}

export function saveSettings(patch: SettingsUpdate): Promise<Settings> {
  return api().call('settings.update', patch);
}

export interface FfmpegFound {
  path: string;
  version: string;
}

/** Which ffmpeg `path` (null: the one the settings choose now) is, and its version; throws why not. */
export async function testFfmpeg(path: string | null): Promise<FfmpegFound> {
  const check = await api().call('settings.testFfmpeg', path ? { path } : {});
  return { path: check.path, version: check.version };
}

/** Puts the given settings back to their defaults; answers all the settings. */
export function resetSettings(keys: SettingKey[]): Promise<Settings> {
  return api().call('settings.reset', { keys });
}
