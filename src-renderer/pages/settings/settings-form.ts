// The Settings screen's fields and their checks, in the units people think in (minutes of padding,
// gigabytes of reserve, days to keep), turned into the core's settings (seconds, MiB). Pure: unit-tested.
import { CONTAINERS, type Container } from '../../../src-shared/domain';
import {
  NOTIFICATION_SWITCHES,
  SETTING_LIMITS,
  type NotificationSettings,
  type Settings,
} from '../../../src-shared/settings';
import { parseDuration } from '../../../src-shared/time-input';
import {
  checkMore,
  MORE_CORE_KEY,
  MORE_KEYS,
  moreFormOf,
  type MoreForm,
  type MoreSettings,
} from './settings-form-more';

/** The settings this screen edits (the theme has its own control; the retry tuning stays for the CLI). */
export type CoreSettings = Pick<
  Settings,
  | 'recordingsDir'
  | 'container'
  | 'padBeforeSec'
  | 'padAfterSec'
  | 'diskReserveMiB'
  | 'ffmpegPath'
  | 'notifications'
  | 'timeZone'
  | 'keepDays'
> &
  MoreSettings;

const BASE_KEYS = [
  'recordingsDir',
  'container',
  'padBeforeSec',
  'padAfterSec',
  'diskReserveMiB',
  'ffmpegPath',
  'notifications',
  'timeZone',
  'keepDays',
] as const satisfies ReadonlyArray<keyof CoreSettings>;

/** The part of the core's settings this screen edits. */
export function editableOf(s: Settings): CoreSettings {
  const out: Record<string, unknown> = {};
  for (const key of [...BASE_KEYS, ...MORE_KEYS]) out[key] = s[key];
  return out as CoreSettings;
}

export interface SettingsForm extends MoreForm {
  recordingsDir: string;
  container: Container;
  /** Minutes (or 90s, 1h); negative starts late / ends early. */
  padBefore: string;
  padAfter: string;
  /** Gigabytes (decimal, as disks are sold). */
  diskReserveGb: string;
  ffmpegPath: string;
  notifications: NotificationSettings;
  /** IANA zone; empty: this computer's. */
  timeZone: string;
  /** Days; empty: kept for good. */
  keepDays: string;
}

export type SettingsErrors = Partial<Record<keyof SettingsForm, string>>;

const MIB = 1024 * 1024;
const GB = 1e9;

export const allNotifications = (on = true): NotificationSettings =>
  Object.fromEntries(NOTIFICATION_SWITCHES.map((k) => [k, on])) as NotificationSettings;

/** Padding as typed back: whole minutes as a number, else seconds ("90s", "-30s"). */
export function padField(sec: number): string {
  return sec % 60 === 0 ? String(sec / 60) : `${sec}s`;
}

/** "2", "2.1", "0.5": at most one decimal. */
export function gbField(mib: number): string {
  const gb = (mib * MIB) / GB;
  return String(Math.round(gb * 10) / 10);
}

export function formOf(s: CoreSettings): SettingsForm {
  return {
    recordingsDir: s.recordingsDir ?? '',
    container: s.container,
    padBefore: padField(s.padBeforeSec),
    padAfter: padField(s.padAfterSec),
    diskReserveGb: gbField(s.diskReserveMiB),
    ffmpegPath: s.ffmpegPath ?? '',
    notifications: { ...allNotifications(true), ...s.notifications },
    timeZone: s.timeZone ?? '',
    keepDays: s.keepDays === null ? '' : String(s.keepDays),
    ...moreFormOf(s),
  };
}

function padSeconds(text: string, key: 'padBefore' | 'padAfter', errors: SettingsErrors): number {
  if (!text.trim()) {
    errors[key] = 'Give minutes (0 for none)';
    return 0;
  }
  try {
    const sec = Math.round(parseDuration(text, { signed: true }) / 1000);
    const { min, max } = SETTING_LIMITS[key === 'padBefore' ? 'padBeforeSec' : 'padAfterSec'];
    if (sec < min || sec > max) errors[key] = 'At most 6 hours either way';
    return sec;
  } catch {
    errors[key] = 'Give minutes (2, -5) or a duration such as 90s';
    return 0;
  }
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

function knownZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type SettingsChecked = { ok: true; settings: CoreSettings } | { ok: false; errors: SettingsErrors };

/** The form as the core's settings, or what is wrong, in words, per field. */
export function checkSettings(form: SettingsForm): SettingsChecked {
  const errors: SettingsErrors = {};
  const padBeforeSec = padSeconds(form.padBefore, 'padBefore', errors);
  const padAfterSec = padSeconds(form.padAfter, 'padAfter', errors);
  const gbText = form.diskReserveGb.trim().replace(',', '.');
  const gb = Number(gbText);
  const maxGb = (SETTING_LIMITS.diskReserveMiB.max * MIB) / GB;
  if (!gbText || !/^\d+(\.\d+)?$/.test(gbText) || !Number.isFinite(gb)) {
    errors.diskReserveGb = 'Give gigabytes, such as 2 or 0.5 (0: no reserve)';
  } else if (gb > maxGb) errors.diskReserveGb = `At most ${Math.floor(maxGb)} GB`;
  const dir = form.recordingsDir.trim();
  if (dir && !isAbsolute(dir)) errors.recordingsDir = 'Give a full path, such as /home/me/TV or D:\\TV';
  const ffmpeg = form.ffmpegPath.trim();
  if (ffmpeg && !isAbsolute(ffmpeg))
    errors.ffmpegPath = 'Give the full path to ffmpeg, or leave it empty to find it';
  if (!(CONTAINERS as readonly string[]).includes(form.container)) errors.container = 'Choose a format';
  const tz = form.timeZone.trim();
  if (tz && !knownZone(tz)) errors.timeZone = 'Not a known time zone';
  let keepDays: number | null = null;
  if (form.keepDays.trim()) {
    const { min, max } = SETTING_LIMITS.keepDays;
    const n = Number(form.keepDays.trim());
    if (!/^\d+$/.test(form.keepDays.trim()) || n < min || n > max) {
      errors.keepDays = `Give whole days from ${min} to ${max}, or leave it empty to keep them`;
    } else keepDays = n;
  }
  const more = checkMore(form, errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      ...more,
      recordingsDir: dir || null,
      container: form.container,
      padBeforeSec,
      padAfterSec,
      diskReserveMiB: Math.round((gb * GB) / MIB),
      ffmpegPath: ffmpeg || null,
      notifications: { ...form.notifications },
      timeZone: tz || null,
      keepDays,
    },
  };
}

const CORE_KEY: Record<keyof SettingsForm, keyof CoreSettings> = {
  recordingsDir: 'recordingsDir',
  container: 'container',
  padBefore: 'padBeforeSec',
  padAfter: 'padAfterSec',
  diskReserveGb: 'diskReserveMiB',
  ffmpegPath: 'ffmpegPath',
  notifications: 'notifications',
  timeZone: 'timeZone',
  keepDays: 'keepDays',
  ...MORE_CORE_KEY,
};

/**
 * What settings.update is sent: the settings whose field the user changed. Compared as shown, so a
 * value the form rounds (2048 MiB shows as 2.1 GB) is not rewritten when something else is saved.
 */
export function changes(
  saved: CoreSettings,
  form: SettingsForm,
  checked: CoreSettings,
): Partial<CoreSettings> {
  const shown = formOf(saved);
  const patch: Partial<CoreSettings> = {};
  for (const key of Object.keys(CORE_KEY) as Array<keyof SettingsForm>) {
    if (JSON.stringify(shown[key]) === JSON.stringify(form[key])) continue;
    const core = CORE_KEY[key];
    (patch as Record<string, unknown>)[core] = checked[core];
  }
  return patch;
}
