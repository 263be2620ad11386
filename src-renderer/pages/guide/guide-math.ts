// The guide's geometry and time arithmetic, pure (no React, no DOM, no clock): where an instant sits on
// the grid, the half-hour ruler in local time (days of 23 and 25 hours included), which cached chunks a
// visible range needs, prime time and the day list. Instants are UTC epoch milliseconds; "local" is the
// zone of the runtime (the browser's, as ui/format shows times).

export const MINUTE = 60_000;
export const HALF_HOUR = 30 * MINUTE;
export const HOUR = 60 * MINUTE;
/** The app's days are local days (23 or 25 hours on DST changes); this is only for rough arithmetic. */
export const NOMINAL_DAY = 24 * HOUR;
/** How far ahead the guide looks (the planner's horizon): today and the next 13 days. */
export const GUIDE_DAYS = 14;
/** A programme the guide gives no stop for is drawn this long (as guide.query assumes). */
export const OPEN_END_MS = HOUR;
/**
 * The longest window guide.query and guide.search take (the contract's MAX_GUIDE_WINDOW_MS, repeated
 * here so the renderer does not bundle the contract's validators for one number).
 */
export const MAX_QUERY_SPAN_MS = 14 * 24 * HOUR;
/** Programmes are fetched and cached in 6-hour slices of UTC time: a screen needs one to three. */
export const CHUNK_MS = 6 * HOUR;
/** The evening slot a "Prime time" button jumps to. */
export const PRIME_TIME_HOUR = 20;

export interface GuideLayout {
  rowHeight: number;
  channelWidth: number;
  rulerHeight: number;
  pxPerMinute: number;
}

/** Desktop and tablet: a half hour is 180 px, wide enough for a title and a line of detail. */
export const WIDE_LAYOUT: GuideLayout = { rowHeight: 64, channelWidth: 208, rulerHeight: 40, pxPerMinute: 6 };
/** Phones: a narrow channel column (logo and number), a half hour of 120 px. */
export const NARROW_LAYOUT: GuideLayout = {
  rowHeight: 60,
  channelWidth: 72,
  rulerHeight: 36,
  pxPerMinute: 4,
};
export const NARROW_MAX_WIDTH = 599;

export function layoutFor(viewportWidth: number): GuideLayout {
  return viewportWidth <= NARROW_MAX_WIDTH ? NARROW_LAYOUT : WIDE_LAYOUT;
}

/** Pixels from the timeline's origin to `t`. */
export function xOf(t: number, origin: number, pxPerMinute: number): number {
  return ((t - origin) / MINUTE) * pxPerMinute;
}

/** The instant at `x` pixels from the timeline's origin. */
export function timeAt(x: number, origin: number, pxPerMinute: number): number {
  return origin + (x / pxPerMinute) * MINUTE;
}

/** The time range the grid shows when scrolled `scrollLeft` pixels, `viewportWidth` wide. */
export function visibleTimeRange(
  scrollLeft: number,
  viewportWidth: number,
  layout: GuideLayout,
  origin: number,
): { from: number; to: number } {
  const timelineWidth = Math.max(0, viewportWidth - layout.channelWidth);
  return {
    from: timeAt(scrollLeft, origin, layout.pxPerMinute),
    to: timeAt(scrollLeft + timelineWidth, origin, layout.pxPerMinute),
  };
}

/** Local midnight of the day holding `t`. */
export function startOfLocalDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Local midnight `n` days after the day holding `t` (calendar days: DST-safe). */
export function addLocalDays(t: number, n: number): number {
  const d = new Date(startOfLocalDay(t));
  d.setDate(d.getDate() + n);
  return d.getTime();
}

/** The midnights of today and the following days. */
export function localDays(now: number, count = GUIDE_DAYS): number[] {
  return Array.from({ length: count }, (_, i) => addLocalDays(now, i));
}

/** The timeline's span: today's midnight to the midnight after the last guide day. */
export function timelineSpan(now: number): { origin: number; end: number } {
  return { origin: startOfLocalDay(now), end: addLocalDays(now, GUIDE_DAYS) };
}

/** Local `hour`:00 on the day holding `day` (prime time by default). */
export function primeTime(day: number, hour = PRIME_TIME_HOUR): number {
  const d = new Date(day);
  d.setHours(hour, 0, 0, 0);
  return d.getTime();
}

/** The same local time of day as `t`, on the day holding `day`. */
export function sameTimeOnDay(day: number, t: number): number {
  const src = new Date(t);
  const d = new Date(day);
  d.setHours(src.getHours(), src.getMinutes(), 0, 0);
  return d.getTime();
}

/** The last local half-hour mark (hh:00 or hh:30 on the wall clock) at or before `t`. */
export function floorToHalfHour(t: number): number {
  const d = new Date(t);
  // Subtracted from the instant, not set on the wall clock: 02:30 on a fall-back night happens twice,
  // and setting it would pick the first.
  return t - ((d.getMinutes() % 30) * MINUTE + d.getSeconds() * 1000 + d.getMilliseconds());
}

export interface Tick {
  at: number;
  /** On the hour (hh:00), as opposed to hh:30. */
  hour: boolean;
  /** Local midnight: a new day starts here. */
  dayStart: boolean;
  /** The clock changed since the previous mark: sprang forward or fell back. */
  shift: 'forward' | 'back' | null;
}

/**
 * The ruler's marks: every local half hour from `from` (inclusive) to `to` (exclusive). The axis is
 * absolute time, so a spring-forward day has 46 marks (01:30 is followed by 03:00) and a fall-back day
 * 50 (02:00 to 02:59 twice); zones off the half hour (+05:45) still get hh:00 and hh:30 marks.
 */
export function halfHourTicks(from: number, to: number): Tick[] {
  const ticks: Tick[] = [];
  let t = floorToHalfHour(from);
  if (t < from) t = nextHalfHour(t);
  let previousOffset = t - HALF_HOUR >= 0 ? new Date(t - HALF_HOUR).getTimezoneOffset() : null;
  while (t < to) {
    const d = new Date(t);
    const offset = d.getTimezoneOffset();
    const shift =
      previousOffset === null || offset === previousOffset
        ? null
        : offset < previousOffset
          ? 'forward'
          : 'back';
    ticks.push({
      at: t,
      hour: d.getMinutes() === 0,
      dayStart: d.getHours() === 0 && d.getMinutes() === 0,
      shift,
    });
    previousOffset = offset;
    t = nextHalfHour(t);
  }
  return ticks;
}

/** The next local half-hour mark after a mark `t`: 30 minutes on, re-aligned if the offset moved. */
function nextHalfHour(t: number): number {
  const next = t + HALF_HOUR;
  // An offset change by a non-multiple of 30 minutes leaves `next` off the wall clock's half hour.
  const aligned = floorToHalfHour(next);
  return aligned > t ? aligned : next;
}

/** The chunk holding `t`. */
export function chunkOf(t: number): number {
  return Math.floor(t / CHUNK_MS);
}

export function chunkRange(chunk: number): { from: number; to: number } {
  return { from: chunk * CHUNK_MS, to: (chunk + 1) * CHUNK_MS };
}

/** The chunks a time range `[from, to)` touches, in order. */
export function chunksFor(from: number, to: number): number[] {
  if (!(to > from)) return [];
  const chunks: number[] = [];
  for (let c = chunkOf(from); c <= chunkOf(to - 1); c++) chunks.push(c);
  return chunks;
}

/** The chunks for a visible range, the nearest first, with `around` more on each side. */
export function chunksToLoad(from: number, to: number, around = 1): number[] {
  const visible = chunksFor(from, to);
  if (visible.length === 0) return [];
  const first = visible[0]!;
  const last = visible[visible.length - 1]!;
  const extra: number[] = [];
  for (let i = 1; i <= around; i++) extra.push(last + i, first - i);
  return [...visible, ...extra];
}

export interface Timed {
  start: number;
  stop: number | null;
}

export function endOf(p: Timed): number {
  return p.stop ?? p.start + OPEN_END_MS;
}

export function intersects(p: Timed, from: number, to: number): boolean {
  return p.start < to && endOf(p) > from;
}

/** The key the planner gives a guide programme's airing (planner.ts airingKey). */
export function airingKey(p: { guideId: number; xmltvChannelId: string; start: number }): string {
  return `prog:${p.guideId}:${p.xmltvChannelId}:${p.start}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "20:05" in local time, always 24-hour: a value for forms and addresses, not for reading. */
export function clockOf(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

export function weekdayOf(t: number): WeekdayKey {
  return WEEKDAY_KEYS[new Date(t).getDay()]!;
}

/** "2026-05-02T20:00" in local time: how `?at=` reads in an address. */
export function formatAt(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${clockOf(t)}`;
}

/** `?at=`: a local "YYYY-MM-DDTHH:MM" (or a date alone), or epoch milliseconds; null when neither. */
export function parseAt(value: string | null): number | null {
  if (!value) return null;
  if (/^\d{10,}$/.test(value)) return Number(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0'] = m;
  const t = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)).getTime();
  return Number.isFinite(t) ? t : null;
}

/** The guide's channel order: by number (numerically; none last), then name, then id (as guide.query). */
export function compareChannels(
  a: { id: number; name: string; number: string | null },
  b: { id: number; name: string; number: string | null },
): number {
  if ((a.number === null) !== (b.number === null)) return a.number === null ? 1 : -1;
  if (a.number !== null && b.number !== null) {
    const na = parseFloat(a.number);
    const nb = parseFloat(b.number);
    const va = Number.isFinite(na) ? na : 0;
    const vb = Number.isFinite(nb) ? nb : 0;
    if (va !== vb) return va - vb;
  }
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id - b.id;
}

/** Rows (channel indexes) to keep cached around the visible ones; farther rows are dropped. */
export const KEEP_ROWS = 300;
/** Chunks to keep cached on each side of the visible ones (a day); farther chunks are dropped. */
export const KEEP_CHUNKS = 4;
