// The contract's library-space part: cleanup (what retention deletes, or would), its log, the disk
// forecast, and the two marks cleanup reads on a recording (protected, watched). Merged into `commands`
// by contract.ts. See docs/library.md, Retention and cleanup, and Disk forecast.
import { z } from 'zod';
import type { Recording } from './domain';
import type { CleanedEvent, CleanupResult, DeletionLogEntry, DiskForecast } from './domain-library-space';
import { command, id } from './contract-kit';
import { SETTING_LIMITS } from './settings';

export const FORECAST_MAX_DAYS = 14;

export const librarySpaceCommands = {
  /**
   * Deletes what retention says (per rule keep the last N, older than keepDays, keepFreeGiB free) or,
   * with dryRun, lists it: both choose the same recordings. `days` replaces keepDays for this run.
   */
  'library.cleanup': command(
    z
      .object({
        dryRun: z.boolean().default(false),
        days: z.number().int().min(SETTING_LIMITS.keepDays.min).max(SETTING_LIMITS.keepDays.max).optional(),
      })
      .strict()
      .default({ dryRun: false }),
  ).returns<CleanupResult>(),
  /** What cleanup deleted, newest first. */
  'library.deletions': command(
    z
      .object({ limit: z.number().int().min(1).max(1000).default(100) })
      .strict()
      .default({ limit: 100 }),
  ).returns<DeletionLogEntry[]>(),
  /** Will the recordings planned for the next days (default 7) fit above the reserve, cleanup included? */
  'library.forecast': command(
    z
      .object({ days: z.number().int().min(1).max(FORECAST_MAX_DAYS).default(7) })
      .strict()
      .default({ days: 7 }),
  ).returns<DiskForecast>(),
  /** Protects a recording from cleanup (or, with protected: false, no longer). */
  'recordings.protect': command(
    z.object({ id, protected: z.boolean().default(true) }).strict(),
  ).returns<Recording>(),
  /** The player says a recording was watched (or, with watched: false, not): cleanup frees watched ones first. */
  'recordings.watched': command(
    z.object({ id, watched: z.boolean().default(true) }).strict(),
  ).returns<Recording>(),
} as const;

export interface LibrarySpaceEventMap {
  /** Cleanup deleted a recording (one event each; `recording.deleted` follows for the lists). */
  'library.cleaned': CleanedEvent;
  /** The forecast's verdict changed: the next days' recordings will not fit (or fit again). */
  'disk.forecast': DiskForecast;
}
export const LIBRARY_SPACE_EVENT_NAMES = ['library.cleaned', 'disk.forecast'] as const;
