// How a capture behaves (stalls, retries, the disk reserve): the settings part of capture.ts, split off
// so that file stays within its size.
import type { Settings } from '../../../src-shared/settings';

export interface CaptureSettings {
  /** No new bytes for this long ends the segment and reconnects. */
  stallTimeoutMs: number;
  /** Backoff before the n-th consecutive retry: see retryDelay(). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive runs that capture nothing before the recording gives up. */
  maxFailedAttempts: number;
  /** Free bytes to keep on the recordings disk; capture stops cleanly at this reserve. */
  diskReserveBytes: number;
  /** Free bytes kept for the database on its disk (see disk-space.ts). */
  databaseHeadroomBytes: number;
  diskCheckMs: number;
}

export const DEFAULT_CAPTURE_SETTINGS: CaptureSettings = {
  stallTimeoutMs: 10_000,
  retryBaseMs: 500,
  retryMaxMs: 10_000,
  maxFailedAttempts: 8,
  diskReserveBytes: 2 * 1024 ** 3,
  databaseHeadroomBytes: 16 * 1024 ** 2,
  diskCheckMs: 10_000,
};

/** The capture settings the user's settings give, with a caller's overrides (tests) on top. */
export function captureSettingsOf(
  s: Pick<
    Settings,
    'stallTimeoutSec' | 'maxFailedAttempts' | 'retryBaseSec' | 'retryMaxSec' | 'diskReserveMiB'
  >,
  overrides: Partial<CaptureSettings> = {},
): CaptureSettings {
  return {
    ...DEFAULT_CAPTURE_SETTINGS,
    stallTimeoutMs: s.stallTimeoutSec * 1000,
    maxFailedAttempts: s.maxFailedAttempts,
    retryBaseMs: s.retryBaseSec * 1000,
    retryMaxMs: s.retryMaxSec * 1000,
    diskReserveBytes: s.diskReserveMiB * 1024 * 1024,
    ...overrides,
  };
}
