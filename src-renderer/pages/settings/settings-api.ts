// The core's settings (settings.get / update / testFfmpeg), and what this window may change: paths
// (recordings folder, ffmpeg) only from the desktop window or the CLI, never from a browser, which
// the core refuses (a page holding the token must not point Tapedeck at any file).
import type { SettingKey, Settings, SettingsUpdate, SettingsView } from '../../../src-shared/settings';
import type { Profile, StorageView } from '../../../src-shared/contract-library-process';
import type { CleanupResult, DiskForecast } from '../../../src-shared/domain-library-space';
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

/** Will the next 7 days' recordings fit (library.forecast)? */
export function loadForecast(): Promise<DiskForecast> {
  return api().call('library.forecast', { days: 7 });
}

/** What retention deletes now (dryRun: only lists it; both choose the same recordings). */
export function runCleanup(dryRun: boolean): Promise<CleanupResult> {
  return api().call('library.cleanup', { dryRun });
}

export function loadProfiles(): Promise<Profile[]> {
  return api().call('profiles.list', {});
}

/** The S3 settings (no secret) and whether a secret is stored. */
export function loadStorage(): Promise<StorageView> {
  return api().call('storage.get', {});
}
