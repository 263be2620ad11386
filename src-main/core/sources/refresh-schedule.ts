// When a source or guide is next due for a refresh: refreshHours after the last success; after a failed
// attempt, not before an hour has passed (so a dead server is not hammered), and never sooner than the
// regular schedule would have it.

/** Wait after a failed attempt before trying again (or refreshHours, if that is shorter). */
export const RETRY_AFTER_FAILURE_MS = 3600 * 1000;

export interface RefreshTimes {
  refreshHours: number;
  lastRefreshAt: number | null;
  lastAttemptAt: number | null;
}

export function dueAt(t: RefreshTimes): number {
  const every = t.refreshHours * 3600 * 1000;
  if (t.lastRefreshAt === null && t.lastAttemptAt === null) return 0;
  const regular = t.lastRefreshAt === null ? 0 : t.lastRefreshAt + every;
  const failedLast =
    t.lastAttemptAt !== null && (t.lastRefreshAt === null || t.lastAttemptAt > t.lastRefreshAt);
  if (!failedLast) return regular;
  return Math.max(regular, (t.lastAttemptAt as number) + Math.min(RETRY_AFTER_FAILURE_MS, every));
}
