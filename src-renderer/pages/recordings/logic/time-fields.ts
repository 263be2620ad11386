// The values of time fields: <input type="datetime-local"> speaks local wall-clock "YYYY-MM-DDTHH:MM",
// padding is typed as a signed duration ("5m", "-10m", "90s"). Conversions happen only here.
import { parseDuration } from '../../../../src-shared/time-input';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-05T20:15" in local time (seconds dropped: the field has none). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Epoch ms of a local "YYYY-MM-DDTHH:MM", or null when the field is empty or incomplete. */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi).getTime();
}

/** Padding as the user would type it: "0", "5m", "-10m", "90s". */
export function paddingText(ms: number): string {
  if (ms === 0) return '0';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs % 60_000 === 0) return `${sign}${abs / 60_000}m`;
  return `${sign}${Math.round(abs / 1000)}s`;
}

export type Parsed = { ok: true; ms: number } | { ok: false; error: string };

/** A typed duration; empty is an error unless `emptyAs` is given. */
export function readDuration(text: string, options: { signed?: boolean; emptyAs?: number } = {}): Parsed {
  if (text.trim() === '' && options.emptyAs !== undefined) return { ok: true, ms: options.emptyAs };
  try {
    return { ok: true, ms: parseDuration(text, { signed: options.signed ?? false }) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The clock, for event handlers (render reads time through useNow()). */
export function clockNow(): number {
  return Date.now();
}
