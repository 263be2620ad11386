// XMLTV timestamps: "YYYYMMDDhhmmss +HHMM".
//
// The DTD allows dropping trailing fields (… "YYYYMMDDhhmm", "YYYYMMDD") and
// the offset; a missing offset means UTC. In the wild we also meet
// "+HH:MM", "+HH", no space before the offset, "Z"/"UTC"/"GMT", and zone
// abbreviations, which we cannot resolve reliably and so treat as UTC.
// Parsed by hand (charCodeAt) because this runs twice per programme.

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
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
  while (i < n && value.charCodeAt(i) === 32) i++;
  const start = i;
  while (i < n && digit(value, i) >= 0) i++;
  const len = i - start;
  // YYYY, YYYYMM, YYYYMMDD, …hh, …mm, …ss — always pairs after the year.
  if (len < 4 || len > 14 || len % 2 !== 0) return null;
  const year = two(value, start) * 100 + two(value, start + 2);
  const month = len >= 6 ? two(value, start + 4) : 1;
  const day = len >= 8 ? two(value, start + 6) : 1;
  const hour = len >= 10 ? two(value, start + 8) : 0;
  const minute = len >= 12 ? two(value, start + 10) : 0;
  const second = len >= 14 ? two(value, start + 12) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  // Optional fractional seconds ("…ss.000"): ignored.
  if (value.charCodeAt(i) === 46) {
    i++;
    while (i < n && digit(value, i) >= 0) i++;
  }
  while (i < n && value.charCodeAt(i) === 32) i++;
  let offsetMs = 0;
  if (i < n) {
    const sign = value.charCodeAt(i);
    if (sign === 43 || sign === 45) {
      // +HHMM, +HH:MM, +HH
      const hh = two(value, i + 1);
      let j = i + 3;
      if (value.charCodeAt(j) === 58) j++;
      const mm = digit(value, j) >= 0 ? two(value, j) : 0;
      if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return null;
      offsetMs = (hh * HOUR_MS + mm * MINUTE_MS) * (sign === 45 ? -1 : 1);
    }
    // "Z", "UTC", "GMT" and unknown zone names: UTC (see header).
  }
  const local =
    daysFromCivil(year, month, day) * 86_400_000 + hour * HOUR_MS + minute * MINUTE_MS + second * 1000;
  return local - offsetMs + shiftMs;
}
