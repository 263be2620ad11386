// The contract's settings part: read the settings (with the folders and facts a settings screen shows),
// change some, put some back to their defaults, and check an ffmpeg. Merged into `commands` by contract.ts.
import { z } from 'zod';
import { command } from './contract-kit';
import {
  SETTING_KEYS,
  SettingsUpdate,
  type FfmpegCheck,
  type SettingKey,
  type Settings,
  type SettingsView,
} from './settings';

const settingKey = z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]], {
  error: (issue) => `unknown setting ${JSON.stringify(issue.input)}; settings are ${SETTING_KEYS.join(', ')}`,
});

export const settingsCommands = {
  'settings.get': command(z.object({}).strict().default({})).returns<SettingsView>(),
  /**
   * Changes the settings given (validated by the settings' schema; unknown keys refused) and returns
   * them all. A new ffmpegPath is used from the next capture on; a new recordingsDir is created. Paths
   * (recordingsDir, importDir, ffmpegPath) may only be set by the desktop window and the CLI.
   */
  'settings.update': command(SettingsUpdate).returns<Settings>(),
  /** Puts settings back to their defaults (what `tapedeck settings set KEY null` does). */
  'settings.reset': command(z.object({ keys: z.array(settingKey).min(1) }).strict()).returns<Settings>(),
  /** Runs `ffmpeg -version` on the given ffmpeg, or on the one the settings choose now. */
  'settings.testFfmpeg': command(
    z
      .object({ path: z.string().trim().min(1).max(4096).optional() })
      .strict()
      .default({}),
  ).returns<FfmpegCheck>(),
} as const;

export interface SettingsEventMap {
  /** The settings changed (every window's settings screen and theme follow). */
  'settings.changed': Settings;
}
export const SETTINGS_EVENT_NAMES = ['settings.changed'] as const;
