// One way to show times, durations and sizes everywhere, in the user's locale and zone (Intl).
// Instants are UTC epoch milliseconds; conversion happens only here, at the edge.

const locale = typeof navigator === 'undefined' ? 'en' : navigator.language;

const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' });
const longDayFormat = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

export const DAY_MS = 24 * 3600_000;

/** "20:15" (or "8:15 PM"). */
export function formatTime(ms: number): string {
  return timeFormat.format(ms);
}

/** Midnight of the local day that holds `ms`. */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "Today", "Tomorrow", "Yesterday", else "Sat 5 Dec". */
export function formatDay(ms: number, now = Date.now()): string {
  const days = Math.round((startOfDay(ms) - startOfDay(now)) / DAY_MS);
  if (days >= -1 && days <= 1) {
    const word = relative.format(days, 'day');
    return word.charAt(0).toUpperCase() + word.slice(1);
  }
  return dayFormat.format(ms);
}

/** "Saturday 5 December". */
export function formatLongDay(ms: number): string {
  return longDayFormat.format(ms);
}

/** "Today 20:15", "Sat 5 Dec 20:15". */
export function formatWhen(ms: number, now = Date.now()): string {
  const days = Math.round((startOfDay(ms) - startOfDay(now)) / DAY_MS);
  return days >= -1 && days <= 1 ? `${formatDay(ms, now)} ${formatTime(ms)}` : dateTimeFormat.format(ms);
}

/** "20:15–21:00". */
export function formatRange(start: number, end: number): string {
  return `${formatTime(start)}–${formatTime(end)}`;
}

/** "1 h 25 min", "25 min", "40 s". */
export function formatDuration(ms: number): string {
  const totalSec = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/**
 * How long the recordings disk lasts (status.get's daysLeft, to a tenth): "~3 days", "~1 day", under
 * a day in hours ("~17 h": flooring 0.7 days to "0 days" said the disk was full when it was not), and
 * "< 1 h" at 0 (nothing left above the reserve, or less than the tenth of a day the core rounds to).
 */
export function formatDaysLeft(days: number): string {
  if (days * 24 < 0.5) return '< 1 h';
  if (days < 1) return `~${Math.round(days * 24)} h`;
  const whole = Math.floor(days);
  return `~${whole} day${whole === 1 ? '' : 's'}`;
}

/** "0:42:07" for a player's clock. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/** "1.4 GB", "820 MB": decimal units, as disks are sold. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`;
}

/** "S01E02". */
export function formatEpisode(season: number | null, episode: number | null): string | null {
  if (season === null && episode === null) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${season !== null ? `S${pad(season)}` : ''}${episode !== null ? `E${pad(episode)}` : ''}`;
}
