// The disk forecast, as a pure function: will the recordings planned for the next days fit above the
// free-space reserve, given what cleanup frees meanwhile? Day by day (24-hour days from now):
//  1. at the day's start the daily cleanup runs (retention.ts, the same choice as `tapedeck cleanup`)
//     over the library as it will be then: the finished recordings, and the planned ones that ended
//     by then (at their projected size), minus what earlier days deleted;
//  2. during the day each planned recording writes its part of the day at its bitrate (a running one
//     only what is left of it);
//  3. the day fits when its end (its lowest point: space is freed only at its start) stays at or
//     above the reserve; the instant the reserve is reached is found within the day.
// Sizes and rates are estimates (each source's learned bitrate); the figures are the plan's, not a promise.
import type { DiskForecast, ForecastDay } from '../../../src-shared/domain-library-space';
import { chooseDeletions, type LibraryItem, type RetentionPolicy } from './retention';

export const DAY_MS = 24 * 3600_000;

/** A scheduled or running recording, as the forecast sees it. */
export interface PlannedWrite {
  id: number;
  title: string;
  ruleId: number | null;
  /** The programme's start (what keep-last orders by) and the padded window. */
  startAt: number;
  windowStart: number;
  windowEnd: number;
  bitsPerSecond: number;
  protected: boolean;
  /** The channel or URL it records from (the forecast sums each source's need). */
  sourceKey: string;
}

export interface ForecastInput {
  now: number;
  days: number;
  freeBytes: number;
  reserveBytes: number;
  library: readonly LibraryItem[];
  policy: RetentionPolicy;
  planned: readonly PlannedWrite[];
}

export type ForecastFigures = Omit<DiskForecast, 'sources'> & {
  /** Bytes each source writes within the horizon, by sourceKey. */
  needBySource: Map<string, number>;
};

export function forecastDisk(input: ForecastInput): ForecastFigures {
  const { now, reserveBytes } = input;
  const bytesPerMs = (w: PlannedWrite) => w.bitsPerSecond / 8 / 1000;
  // What is written from now on: a running recording's earlier part is already on the disk.
  const writes = input.planned
    .map((w) => ({ w, from: Math.max(w.windowStart, now), to: w.windowEnd }))
    .filter((x) => x.to > x.from);
  let library = [...input.library];
  const deleted = new Set<number>();
  let free = input.freeBytes;
  let fullAt: number | null = null;
  let neededBytes = 0;
  let cleanupBytes = 0;
  const needBySource = new Map<string, number>();
  const days: ForecastDay[] = [];

  for (let i = 0; i < input.days; i++) {
    const start = now + i * DAY_MS;
    const end = start + DAY_MS;
    // Planned recordings that ended during the day before join the library, whole, as completed ones.
    for (const w of input.planned) {
      if (w.windowEnd <= Math.max(now, start - DAY_MS) || w.windowEnd > start) continue;
      library.push(asItem(w));
    }
    const plan = chooseDeletions(library, input.policy, start, free);
    for (const c of plan.chosen) deleted.add(c.item.id);
    library = library.filter((item) => !deleted.has(item.id));
    free += plan.freedBytes;
    cleanupBytes += plan.freedBytes;

    // The day's writes, as a rate that changes where a recording starts or ends.
    const inDay = writes
      .map((x) => ({ ...x, from: Math.max(x.from, start), to: Math.min(x.to, end) }))
      .filter((x) => x.to > x.from);
    let need = 0;
    for (const x of inDay) {
      const bytes = (x.to - x.from) * bytesPerMs(x.w);
      need += bytes;
      needBySource.set(x.w.sourceKey, (needBySource.get(x.w.sourceKey) ?? 0) + bytes);
    }
    if (fullAt === null && free - need < reserveBytes) {
      fullAt = reachesReserve(inDay, bytesPerMs, start, end, free - reserveBytes);
    }
    free -= need;
    neededBytes += need;
    days.push({
      start,
      end,
      neededBytes: Math.round(need),
      recordings: inDay.length,
      cleanupBytes: plan.freedBytes,
      freeAtEnd: Math.round(free),
      fits: free >= reserveBytes,
    });
  }

  const lowest = Math.min(input.freeBytes, ...days.map((d) => d.freeAtEnd));
  let daysLeft: number | null = null;
  if (fullAt !== null) daysLeft = (fullAt - now) / DAY_MS;
  else if (neededBytes > 0) {
    // Past the horizon: what is left above the reserve at the horizon's average rate.
    const perDay = neededBytes / input.days;
    daysLeft = input.days + (free - reserveBytes) / perDay;
  }
  return {
    at: now,
    freeBytes: input.freeBytes,
    reserveBytes,
    days,
    neededBytes: Math.round(neededBytes),
    cleanupBytes,
    fits: days.every((d) => d.fits),
    shortfallBytes: Math.max(0, Math.round(reserveBytes - lowest)),
    fullAt,
    daysLeft: daysLeft === null ? null : Math.max(0, Math.round(daysLeft * 10) / 10),
    needBySource,
  };
}

function asItem(w: PlannedWrite): LibraryItem {
  return {
    id: w.id,
    title: w.title,
    status: 'completed',
    ruleId: w.ruleId,
    startAt: w.startAt,
    endedAt: w.windowEnd,
    bytes: Math.round((w.windowEnd - w.windowStart) * (w.bitsPerSecond / 8 / 1000)),
    path: null,
    protected: w.protected,
    watchedAt: null,
  };
}

/**
 * The instant in [start, end) at which `room` bytes have been written (the rate is constant between the
 * starts and ends of the day's writes); `start` when there is no room at all.
 */
function reachesReserve(
  inDay: ReadonlyArray<{ w: PlannedWrite; from: number; to: number }>,
  bytesPerMs: (w: PlannedWrite) => number,
  start: number,
  end: number,
  room: number,
): number {
  if (room <= 0) return start;
  const edges = [...new Set([start, end, ...inDay.flatMap((x) => [x.from, x.to])])].sort((a, b) => a - b);
  let written = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    const a = edges[k]!;
    const b = edges[k + 1]!;
    const rate = inDay.reduce((sum, x) => (x.from <= a && x.to >= b ? sum + bytesPerMs(x.w) : sum), 0);
    if (rate > 0 && written + rate * (b - a) >= room) return Math.round(a + (room - written) / rate);
    written += rate * (b - a);
  }
  return end;
}
