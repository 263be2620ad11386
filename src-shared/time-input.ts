// Parses the times and durations people type: WHEN is ISO 8601, `now` or `+90s`; DUR is `90s`,
// `25m`, `1h30m`. Pure, so the CLI and the renderer read them the same way.

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/**
 * Milliseconds, or throws with the accepted forms. A bare number is minutes. `signed` also takes a
 * leading minus (or plus): padding may be negative ("-10m": start ten minutes late), a duration may not,
 * so only callers that mean an offset ask for it.
 */
export function parseDuration(text: string, options: { signed?: boolean } = {}): number {
  let value = text.trim().toLowerCase();
  let sign = 1;
  if (options.signed && /^[-+]/.test(value)) {
    sign = value.startsWith('-') ? -1 : 1;
    value = value.slice(1);
  }
  const forms = options.signed ? '90s, 25m, 1h30m, -10m' : '90s, 25m, 1h30m';
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 60_000;
  else {
    const m = DURATION.exec(value);
    if (!value || !m || (!m[1] && !m[2] && !m[3])) {
      throw new Error(`"${text}" is not a duration: use forms like ${forms}`);
    }
    ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  }
  // `|| 0`: "-0s" is zero, not -0 (which compares unequal with Object.is and prints as "-0").
  return sign * ms || 0;
}

/** Epoch milliseconds, or throws with the accepted forms. */
export function parseWhen(text: string, now: number): number {
  const value = text.trim();
  if (value.toLowerCase() === 'now') return now;
  if (value.startsWith('+')) return now + parseDuration(value.slice(1));
  // Only ISO 8601 shapes: Date.parse accepts too much ("1", "March 7") to trust with schedules.
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const ms = Date.parse(value.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw new Error(
    `"${text}" is not a time: use ISO 8601 (2026-12-24T20:15, with Z or +01:00 for a zone), now, or +90s`,
  );
}

/** "1h30m00s", "25m00s", "9s"; a negative one (padding) with a leading minus. */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h
    ? `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`
    : m
      ? `${m}m${String(s).padStart(2, '0')}s`
      : `${s}s`;
}
