// The user's settings: their schema (with the limits a settings screen shows), their defaults, and what
// `settings.update` accepts. Pure TypeScript and zod, so the renderer uses the same types and limits as
// the core; the core keeps the store (src-main/core/settings.ts: the settings table, key -> JSON).
import { z } from 'zod';
import { CONTAINERS } from './domain';
import { timeZone } from './contract-rules';
import type { NotificationKind } from './contract-system';
import { LIBRARY_DEFAULTS, LibrarySettings, LibrarySettingsUpdate } from './settings-library';
import { S3Config } from './contract-library-process';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** The notification switches (settings.notifications): each kind the core raises can be turned off. */
export const NOTIFICATION_SWITCHES = [
  'started',
  'completed',
  'failed',
  'conflicts',
  'lowDisk',
  'sourceProblems',
] as const;
export type NotificationSwitch = (typeof NOTIFICATION_SWITCHES)[number];

/** Which switch turns each kind of notification (contract-system.ts) on or off. */
export const NOTIFICATION_SWITCH: Record<NotificationKind, NotificationSwitch> = {
  started: 'started',
  completed: 'completed',
  failed: 'failed',
  conflict: 'conflicts',
  'low-disk': 'lowDisk',
  'source-problem': 'sourceProblems',
};

/** Numeric limits, for a settings screen's inputs; the schema below is built from them. */
export const SETTING_LIMITS = {
  stallTimeoutSec: { min: 3, max: 600 },
  maxFailedAttempts: { min: 1, max: 100 },
  retryBaseSec: { min: 0.1, max: 60 },
  retryMaxSec: { min: 1, max: 600 },
  padBeforeSec: { min: -6 * 3600, max: 6 * 3600 },
  padAfterSec: { min: -6 * 3600, max: 6 * 3600 },
  diskReserveMiB: { min: 0, max: 1024 * 1024 },
  keepDays: { min: 1, max: 3650 },
  keepFreeGiB: { min: 1, max: 1024 * 1024 },
  comskipTimeoutMin: { min: 1, max: 24 * 60 },
  postProcessTimeoutSec: { min: 1, max: 24 * 3600 },
} as const;

const L = SETTING_LIMITS;

/** A webhook: an absolute http(s) URL, without spaces; its path and query often hold a token (redacted in logs). */
const webhookUrl = z
  .string()
  .max(2000, 'the webhook URL is longer than 2000 characters')
  .refine((v) => /^https?:\/\/[^\s/?#]+/i.test(v) && URL.canParse(v), {
    message: 'give an http:// or https:// URL for the webhook',
  });
const int = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);

export const NotificationSettings = z
  .object({
    started: z.boolean(),
    completed: z.boolean(),
    failed: z.boolean(),
    conflicts: z.boolean(),
    lowDisk: z.boolean(),
    sourceProblems: z.boolean(),
  })
  .strict();
export type NotificationSettings = z.output<typeof NotificationSettings>;

/**
 * Every setting's type without its default: the one definition both SettingsSchema (defaults filled in)
 * and SettingsUpdate (every key optional) are built from. zod 4's `.partial()` keeps `.default()`s, so a
 * partial of the defaulted schema would fill every key the caller left out with its default.
 */
const FIELDS = {
  /** Where recordings go; null: <data folder>/recordings. */
  recordingsDir: z.string().min(1).nullable(),
  /** Where a browser's playlists and guides must be (uploads land here); null: <data>/imports. */
  importDir: z.string().min(1).nullable(),
  /** The ffmpeg to use; null: FFMPEG_BIN, ffmpeg-static, PATH (README, ffmpeg). */
  ffmpegPath: z.string().min(1).nullable(),
  container: z.enum(CONTAINERS),
  stallTimeoutSec: int(L.stallTimeoutSec),
  maxFailedAttempts: int(L.maxFailedAttempts),
  retryBaseSec: z.number().min(L.retryBaseSec.min).max(L.retryBaseSec.max),
  retryMaxSec: z.number().min(L.retryMaxSec.min).max(L.retryMaxSec.max),
  /** Padding for recordings from the guide and rules that do not set their own (negative: late/early). */
  padBeforeSec: int(L.padBeforeSec),
  padAfterSec: int(L.padAfterSec),
  /** The zone of new time and series rules when none is given; null: this computer's zone. */
  timeZone: timeZone.nullable(),
  /** Free space captures leave on the recordings disk. */
  diskReserveMiB: int(L.diskReserveMiB),
  theme: z.enum(THEMES),
  notifications: NotificationSettings,
  /** Finished recordings older than this many days may be removed by cleanup; null: kept for good. */
  keepDays: int(L.keepDays).nullable(),
  // Desktop and headless parity (issue 11).
  /** The desktop app starts at login, minimised to the tray. */
  openAtLogin: z.boolean(),
  /** Where `tapedeck serve` (and the desktop) POST each notification as JSON; null: nowhere. */
  webhookUrl: webhookUrl.nullable(),
  /** The desktop app wakes the computer before the next recording where the OS lets it (Windows). */
  wakeForRecordings: z.boolean(),
  /** Cleanup deletes (watched first, then oldest) to keep this much free; null: no free-space target. */
  keepFreeGiB: int(L.keepFreeGiB).nullable(),
  /** Naming templates and sidecar files of finished recordings (settings-library.ts, docs/library.md). */
  library: LibrarySettings,
  // Post-processing (issue 12: profiles, comskip, hook, remote storage; docs/library.md).
  /** The stream profile of recordings whose recording, rule and source set none; null: copy. */
  defaultProfileId: z.number().int().positive().nullable(),
  /** After a transcode, keep the original beside the result (`<name>.original.<ext>`). */
  transcodeKeepOriginal: z.boolean(),
  /** Run comskip on every finished recording (when comskip is found). */
  comskipEnabled: z.boolean(),
  /** The comskip to run; null: comskip on PATH. */
  comskipPath: z.string().min(1).nullable(),
  /** comskip's ini; null: Tapedeck's own (black frames and silence, EDL output). */
  comskipIni: z.string().min(1).nullable(),
  /** Cut the breaks out (stream copy), keeping the original until the cut is verified. */
  comskipCut: z.boolean(),
  comskipTimeoutMin: int(L.comskipTimeoutMin),
  /** A program and its arguments run after each recording ({path} {id} {title}...); never a shell. */
  postProcessCommand: z.array(z.string().max(4096)).min(1).max(100).nullable(),
  postProcessTimeoutSec: int(L.postProcessTimeoutSec),
  /** Segments in local scratch (the data folder): auto when the recordings folder is a network share. */
  scratchSegments: z.enum(['auto', 'always', 'never']),
  /** Upload finished recordings to S3-compatible storage; null: off. The secret is in the secret store. */
  s3: S3Config.nullable(),
};

export const SETTING_DEFAULTS = {
  recordingsDir: null,
  importDir: null,
  ffmpegPath: null,
  container: 'ts',
  stallTimeoutSec: 10,
  maxFailedAttempts: 8,
  retryBaseSec: 0.5,
  retryMaxSec: 10,
  padBeforeSec: 60,
  padAfterSec: 180,
  timeZone: null,
  diskReserveMiB: 2048,
  theme: 'system',
  notifications: {
    started: true,
    completed: true,
    failed: true,
    conflicts: true,
    lowDisk: true,
    sourceProblems: true,
  },
  keepDays: null,
  openAtLogin: false,
  webhookUrl: null,
  wakeForRecordings: true,
  keepFreeGiB: null,
  library: LIBRARY_DEFAULTS,
  defaultProfileId: null,
  transcodeKeepOriginal: false,
  comskipEnabled: false,
  comskipPath: null,
  comskipIni: null,
  comskipCut: false,
  comskipTimeoutMin: 120,
  postProcessCommand: null,
  postProcessTimeoutSec: 600,
  scratchSegments: 'auto',
  s3: null,
} as const satisfies { [K in keyof typeof FIELDS]: z.output<(typeof FIELDS)[K]> };

const F = FIELDS;
const D = SETTING_DEFAULTS;
export const SettingsSchema = z.object({
  recordingsDir: F.recordingsDir.default(D.recordingsDir),
  importDir: F.importDir.default(D.importDir),
  ffmpegPath: F.ffmpegPath.default(D.ffmpegPath),
  container: F.container.default(D.container),
  stallTimeoutSec: F.stallTimeoutSec.default(D.stallTimeoutSec),
  maxFailedAttempts: F.maxFailedAttempts.default(D.maxFailedAttempts),
  retryBaseSec: F.retryBaseSec.default(D.retryBaseSec),
  retryMaxSec: F.retryMaxSec.default(D.retryMaxSec),
  padBeforeSec: F.padBeforeSec.default(D.padBeforeSec),
  padAfterSec: F.padAfterSec.default(D.padAfterSec),
  timeZone: F.timeZone.default(D.timeZone),
  diskReserveMiB: F.diskReserveMiB.default(D.diskReserveMiB),
  theme: F.theme.default(D.theme),
  notifications: F.notifications.default(() => ({ ...D.notifications })),
  keepDays: F.keepDays.default(D.keepDays),
  openAtLogin: F.openAtLogin.default(D.openAtLogin),
  webhookUrl: F.webhookUrl.default(D.webhookUrl),
  wakeForRecordings: F.wakeForRecordings.default(D.wakeForRecordings),
  keepFreeGiB: F.keepFreeGiB.default(D.keepFreeGiB),
  library: F.library.default(() => structuredClone(D.library) as LibrarySettings),
  defaultProfileId: F.defaultProfileId.default(D.defaultProfileId),
  transcodeKeepOriginal: F.transcodeKeepOriginal.default(D.transcodeKeepOriginal),
  comskipEnabled: F.comskipEnabled.default(D.comskipEnabled),
  comskipPath: F.comskipPath.default(D.comskipPath),
  comskipIni: F.comskipIni.default(D.comskipIni),
  comskipCut: F.comskipCut.default(D.comskipCut),
  comskipTimeoutMin: F.comskipTimeoutMin.default(D.comskipTimeoutMin),
  postProcessCommand: F.postProcessCommand.default(D.postProcessCommand),
  postProcessTimeoutSec: F.postProcessTimeoutSec.default(D.postProcessTimeoutSec),
  scratchSegments: F.scratchSegments.default(D.scratchSegments),
  s3: F.s3.default(D.s3),
});
export type Settings = z.output<typeof SettingsSchema>;
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(SettingsSchema.shape) as SettingKey[];

/** Settings holding a local path: only trusted callers (the desktop window, the CLI) may change them. */
export const PATH_SETTINGS = [
  'recordingsDir',
  'importDir',
  'ffmpegPath',
  // Programs to run and where recordings are sent: as dangerous from a page as ffmpegPath.
  'comskipPath',
  'comskipIni',
  'postProcessCommand',
  's3',
] as const satisfies SettingKey[];

/**
 * What `settings.update` takes: any of the settings, unknown keys refused. `notifications` may be
 * partial (the flags given change, the others stay), and so may `library` (its templates and switches
 * merge one by one). A nullable setting set to null is back to its default.
 */
export const SettingsUpdate = z
  .object({ ...FIELDS, notifications: NotificationSettings.partial(), library: LibrarySettingsUpdate })
  .partial()
  .strict();
export type SettingsUpdate = z.input<typeof SettingsUpdate>;

/** What `settings.get` answers: the settings, and read-only facts a settings screen shows beside them. */
export interface SettingsView {
  settings: Settings;
  facts: {
    /** The recordings folder in use (the setting, or its default), absolute. */
    recordingsDir: string;
    /** The import folder in use (the setting, or its default), absolute. */
    importDir: string;
    dataDir: string;
    /** How credentials are protected ("encrypted by the OS keychain", "a file readable by its owner only"). */
    secretsProtection: string;
    /** The port of this instance's HTTP server (headless UI, CLI, media), when it runs one. */
    serverPort: number | null;
  };
}

/** What `settings.testFfmpeg` answers for an ffmpeg that runs. */
export interface FfmpegCheck {
  path: string;
  /** `ffmpeg -version`'s version, e.g. "6.1.1-3ubuntu5". */
  version: string;
  /** The ffprobe found beside it (or FFPROBE_BIN, or on PATH); null: files are checked with ffmpeg -i. */
  ffprobe: string | null;
}
