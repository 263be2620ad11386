// XMLTV timestamps: "YYYYMMDDhhmmss +HHMM".
//
// The DTD allows dropping trailing fields (… "YYYYMMDDhhmm", "YYYYMMDD") and
// the offset; a missing offset means UTC. In the wild we also meet
// "+HH:MM", "+HH", no space before the offset, "Z"/"UTC"/"GMT", and zone
// abbreviations, which we cannot resolve reliably and so treat as UTC.
// Zero offsets come in every width ("+0", "+000", "-0"): other readers take
// them as UTC, and so do we; a three-digit offset is H MM ("+530").
// Some generators write ISO 8601 instead, basic ("20250114T060000") or
// extended ("2025-01-14T06:00:00"): read as such, because taking only the
// date (midnight) made every programme of a day collide on the
// (channel, start, title) identity. A malformed time is null (the programme
// is then skipped and reported), never a guess.
// Parsed by hand (charCodeAt) because this runs twice per programme.

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SPACE = 32;
const PLUS = 43;
const MINUS = 45;
const COLON = 58;
const DOT = 46;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function isT(c: number): boolean {
  return c === 84 || c === 116; // T t
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm); cheaper than Date.UTC and with no two-digit-year surprises.
 * Day overflow (Feb 31) rolls over like Date.UTC does.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Returns UTC epoch milliseconds, or null when `value` is not an XMLTV time.
 * `shiftMs` is added to the result (the per-guide offsetHours correction).
 */
export function parseXmltvTime(value: string, shiftMs = 0): number | null {
  let i = 0;
  const n = value.length;
  while (i < n && value.charCodeAt(i) === SPACE) i++;
  const start = i;
  while (i < n && digit(value, i) >= 0) i++;
  const len = i - start;
  if (len === 4 && value.charCodeAt(i) === MINUS) return parseExtended(value, start, shiftMs);
  // YYYY, YYYYMM, YYYYMMDD, …hh, …mm, …ss — always pairs after the year.
  if (len < 4 || len > 14 || len % 2 !== 0) return null;
  const year = two(value, start) * 100 + two(value, start + 2);
  const month = len >= 6 ? two(value, start + 4) : 1;
  const day = len >= 8 ? two(value, start + 6) : 1;
  let hour = len >= 10 ? two(value, start + 8) : 0;
  let minute = len >= 12 ? two(value, start + 10) : 0;
  let second = len >= 14 ? two(value, start + 12) : 0;
  if (len === 8 && isT(value.charCodeAt(i))) {
    // ISO 8601 basic: YYYYMMDDThh[mm[ss]].
    const t = ++i;
    while (i < n && digit(value, i) >= 0) i++;
    const tl = i - t;
    if (tl < 2 || tl > 6 || tl % 2 !== 0) return null;
    hour = two(value, t);
    minute = tl >= 4 ? two(value, t + 2) : 0;
    second = tl >= 6 ? two(value, t + 4) : 0;
  }
  return finish(value, i, year, month, day, hour, minute, second, shiftMs);
}

/** ISO 8601 extended: YYYY-MM-DD[(T| )hh:mm[:ss]], then what follows a time in any form. */
function parseExtended(value: string, start: number, shiftMs: number): number | null {
  const year = two(value, start) * 100 + two(value, start + 2);
  if (value.charCodeAt(start + 7) !== MINUS) return null;
  const month = two(value, start + 5);
  const day = two(value, start + 8);
  let i = start + 10;
  if (digit(value, i) >= 0) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  const sep = value.charCodeAt(i);
  if (isT(sep) || (sep === SPACE && digit(value, i + 1) >= 0)) {
    hour = two(value, i + 1);
    if (value.charCodeAt(i + 3) !== COLON) return null;
    minute = two(value, i + 4);
    i += 6;
    if (value.charCodeAt(i) === COLON) {
      second = two(value, i + 1);
      i += 3;
    }
    if (digit(value, i) >= 0) return null;
  }
  return finish(value, i, year, month, day, hour, minute, second, shiftMs);
}

/** Checks the fields, reads the optional fraction and offset at `i`, and computes the instant. */
function finish(
  value: string,
  i: number,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  shiftMs: number,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24) return null;
  if (minute < 0 || minute > 59 || second < 0 || second > 60) return null;
  const n = value.length;
  // Optional fractional seconds ("…ss.000"): ignored.
  if (value.charCodeAt(i) === DOT) {
    i++;
    while (i < n && digit(value, i) >= 0) i++;
  }
  while (i < n && value.charCodeAt(i) === SPACE) i++;
  const offsetMs = i < n ? offsetAt(value, i) : 0;
  if (Number.isNaN(offsetMs)) return null;
  const local =
    daysFromCivil(year, month, day) * 86_400_000 + hour * HOUR_MS + minute * MINUTE_MS + second * 1000;
  return local - offsetMs + shiftMs;
}

/**
 * The offset at `i` in ms: +HHMM, +HH:MM, +HH, +HMM, a zero of any width; NaN when it is a sign
 * followed by something else. "Z", "UTC", "GMT" and unknown zone names: UTC (see the header).
 */
function offsetAt(value: string, i: number): number {
  const sign = value.charCodeAt(i);
  if (sign !== PLUS && sign !== MINUS) return 0;
  const a = i + 1;
  let j = a;
  while (j < value.length && digit(value, j) >= 0) j++;
  let hh: number;
  let mm = 0;
  switch (j - a) {
    case 1:
      // "+0": UTC. "+5" is not: five hours or five minutes, other readers disagree.
      if (digit(value, a) !== 0) return Number.NaN;
      hh = 0;
      break;
    case 2:
      hh = two(value, a);
      if (value.charCodeAt(j) === COLON) {
        mm = two(value, j + 1);
        if (digit(value, j + 3) >= 0) return Number.NaN;
      }
      break;
    case 3:
      hh = digit(value, a);
      mm = two(value, a + 1);
      break;
    case 4:
      hh = two(value, a);
      mm = two(value, a + 2);
      break;
    default:
      return Number.NaN;
  }
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return Number.NaN;
  return (hh * HOUR_MS + mm * MINUTE_MS) * (sign === MINUS ? -1 : 1);
}
