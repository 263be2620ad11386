// Domain types of the library's space: retention and cleanup (what goes, and why), the log of what
// cleanup deleted, and the disk forecast. Pure TypeScript. Instants are UTC epoch milliseconds.

/** Why cleanup deletes a recording, strongest rule first (docs/library.md, Retention and cleanup). */
export const CLEANUP_REASONS = [
  'keep-last', // its rule keeps only its last N completed recordings, and this is older
  'older-than', // it ended more than keepDays days ago
  'free-space', // keepFreeGiB is not met: watched ones first, then the oldest
] as const;
export type CleanupReason = (typeof CLEANUP_REASONS)[number];

/** One recording cleanup deletes (or, in a dry run, would delete). */
export interface CleanupDeletion {
  id: number;
  title: string;
  /** Its file (null when it has none: a failed recording that captured nothing). */
  path: string | null;
  /** What it takes on disk, as recorded (its file, or the segments it kept). */
  bytes: number;
  reason: CleanupReason;
  /** The reason as a sentence: `rule "News" keeps its last 3`, `ended more than 30 days ago`. */
  detail: string;
  /** A real run only: the row went but a file could not be removed (it is left where it was). */
  error: string | null;
}

export interface CleanupResult {
  dryRun: boolean;
  at: number;
  /** In the order cleanup chose them: keep-last, then older-than, then free-space. */
  deleted: CleanupDeletion[];
  freedBytes: number;
  /** Free space on the recordings disk before the run; null when it could not be read. */
  freeBytes: number | null;
  /** keepFreeGiB still not met after deleting all cleanup may delete (0: met, or not set). */
  shortfallBytes: number;
  /** What the run applied: keepDays (the setting, or the days asked for), keepFreeGiB, rules with a keep count. */
  policy: { keepDays: number | null; keepFreeGiB: number | null; rulesKeepingLast: number };
}

/** A line of the deletion log (`library.deletions`): what cleanup deleted, when and why. */
export interface DeletionLogEntry extends Omit<CleanupDeletion, 'id'> {
  recordingId: number;
  at: number;
}

/** The payload of `library.cleaned`: one recording cleanup deleted. */
export interface CleanedEvent extends CleanupDeletion {
  at: number;
}

/** One day (24 hours from the forecast's start, not a calendar day) of the disk forecast. */
export interface ForecastDay {
  start: number;
  end: number;
  /** What the recordings planned in this day write in it (a recording over midnight counts in both days). */
  neededBytes: number;
  /** Recordings writing in this day. */
  recordings: number;
  /** What the daily cleanup at the day's start frees (by the settings and rules as they are). */
  cleanupBytes: number;
  /** Free space at the day's end (the day's lowest: cleanup frees only at its start). */
  freeAtEnd: number;
  /** The day ends above the free-space reserve. */
  fits: boolean;
}

/** What a channel (or direct URL) is expected to write, and where the figure comes from. */
export interface ForecastSource {
  channelId: number | null;
  name: string;
  bitsPerSecond: number;
  /** True when learned from its completed recordings; false: the default (8 Mbit/s). */
  learned: boolean;
  neededBytes: number;
}

/** Will the recordings planned for the next days fit on the recordings disk? */
export interface DiskForecast {
  at: number;
  freeBytes: number;
  /** Captures stop at this much free space (the diskReserveMiB setting). */
  reserveBytes: number;
  days: ForecastDay[];
  neededBytes: number;
  cleanupBytes: number;
  /** Every day ends above the reserve. */
  fits: boolean;
  /** How far the lowest point falls below the reserve (0 when it fits): what must be freed or not recorded. */
  shortfallBytes: number;
  /** When free space reaches the reserve, within the horizon; null when it does not. */
  fullAt: number | null;
  /** Days until the reserve is reached (past the horizon at the horizon's average rate); null: nothing planned. */
  daysLeft: number | null;
  sources: ForecastSource[];
}
