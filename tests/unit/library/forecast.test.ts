// The disk forecast (library/forecast.ts) against examples computed by hand: day by day, what the
// planned recordings write at their bitrates, what the daily cleanup frees, when the reserve is reached.
import { describe, expect, it } from 'vitest';
import { forecastDisk, type PlannedWrite } from '../../../src-main/core/library/forecast';
import type { LibraryItem, RetentionPolicy } from '../../../src-main/core/library/retention';

const H = 3600_000;
const DAY = 24 * H;
const GB = 1e9;
const NOW = Date.UTC(2026, 10, 26, 12);

function write(
  id: number,
  fromH: number,
  toH: number,
  mbit: number,
  extra: Partial<PlannedWrite> = {},
): PlannedWrite {
  return {
    id,
    title: `P${id}`,
    ruleId: null,
    startAt: NOW + fromH * H,
    windowStart: NOW + fromH * H,
    windowEnd: NOW + toH * H,
    bitsPerSecond: mbit * 1e6,
    protected: false,
    sourceKey: `channel:${mbit}`,
    ...extra,
  };
}

const none: RetentionPolicy = { keepDays: null, keepFreeBytes: null, keepLast: new Map() };
// A at 4 Mbit/s (500 kB/s) 2 h on day 1: 3.6 GB. B at 8 Mbit/s (1 MB/s) over midnight: 3.6 GB in day 1,
// 3.6 GB in day 2. C at 8 Mbit/s 2 h on day 4: 7.2 GB.
const planned = [write(1, 2, 4, 4), write(2, 23, 25, 8), write(3, 73, 75, 8)];
const old: LibraryItem = {
  id: 99,
  title: 'Old',
  status: 'completed',
  ruleId: null,
  startAt: NOW - 40 * DAY,
  endedAt: NOW - 40 * DAY + H,
  bytes: 5 * GB,
  path: '/tv/old.ts',
  protected: false,
  watchedAt: null,
};

describe('disk forecast', () => {
  it('fits: each day needs its part, the daily cleanup frees at the start, days left past the week', () => {
    const f = forecastDisk({
      now: NOW,
      days: 7,
      freeBytes: 20 * GB,
      reserveBytes: 2 * GB,
      library: [old],
      policy: { ...none, keepDays: 30 },
      planned,
    });
    expect(f.days.map((d) => d.neededBytes / GB)).toEqual([7.2, 3.6, 0, 7.2, 0, 0, 0]);
    expect(f.days.map((d) => d.recordings)).toEqual([2, 1, 0, 1, 0, 0, 0]);
    expect(f.days.map((d) => d.cleanupBytes / GB)).toEqual([5, 0, 0, 0, 0, 0, 0]);
    // 20 + 5 - 7.2 = 17.8; - 3.6 = 14.2; 14.2; - 7.2 = 7.0 ...
    expect(f.days.map((d) => d.freeAtEnd / GB)).toEqual([17.8, 14.2, 14.2, 7, 7, 7, 7]);
    expect(f.days[1]).toMatchObject({ start: NOW + DAY, end: NOW + 2 * DAY, fits: true });
    expect(f).toMatchObject({
      fits: true,
      fullAt: null,
      shortfallBytes: 0,
      neededBytes: 18 * GB,
      cleanupBytes: 5 * GB,
    });
    // 7 days, then (7.0 - 2.0) GB at 18 GB / 7 days: 7 + 1.94 = 8.9.
    expect(f.daysLeft).toBe(8.9);
    expect(f.needBySource).toEqual(
      new Map([
        ['channel:4', 3.6 * GB],
        ['channel:8', 14.4 * GB],
      ]),
    );
  });

  it('does not fit: the instant the reserve is reached, and how much is missing', () => {
    const f = forecastDisk({
      now: NOW,
      days: 7,
      freeBytes: 10 * GB,
      reserveBytes: 2 * GB,
      library: [],
      policy: none,
      planned,
    });
    // Day 1 ends at 2.8 GB; day 2 starts writing B at 1 MB/s with 0.8 GB of room: 800 s in.
    expect(f.days.map((d) => d.fits)).toEqual([true, false, false, false, false, false, false]);
    expect(f.fullAt).toBe(NOW + DAY + 800_000);
    expect(f.daysLeft).toBe(1);
    // Lowest point -8 GB (10 - 18), 10 GB under the reserve.
    expect(f.shortfallBytes).toBe(10 * GB);
    expect(f.fits).toBe(false);
  });

  it('finds the instant inside a recording, and starts below the reserve at once', () => {
    // 3 GB of room; A writes 500 kB/s from 2 h: 6,000 s later.
    const f = forecastDisk({
      now: NOW,
      days: 1,
      freeBytes: 5 * GB,
      reserveBytes: 2 * GB,
      library: [],
      policy: none,
      planned,
    });
    expect(f.fullAt).toBe(NOW + 2 * H + 6_000_000);
    const below = forecastDisk({
      now: NOW,
      days: 1,
      freeBytes: GB,
      reserveBytes: 2 * GB,
      library: [],
      policy: none,
      planned,
    });
    expect(below).toMatchObject({ fullAt: NOW, daysLeft: 0, fits: false });
  });

  it('a running recording writes only what is left; nothing planned has no days left', () => {
    const running = write(5, -1, 1, 8); // started an hour ago, an hour to go: 3.6 GB
    const f = forecastDisk({
      now: NOW,
      days: 7,
      freeBytes: 20 * GB,
      reserveBytes: 0,
      library: [],
      policy: none,
      planned: [running],
    });
    expect(f.neededBytes).toBe(3.6 * GB);
    const empty = forecastDisk({
      now: NOW,
      days: 7,
      freeBytes: 20 * GB,
      reserveBytes: 0,
      library: [],
      policy: none,
      planned: [],
    });
    expect(empty).toMatchObject({ neededBytes: 0, daysLeft: null, fits: true });
  });

  it('keep-last counts the recordings still to come: a new episode pushes out the oldest kept one', () => {
    const episode: LibraryItem = {
      ...old,
      id: 50,
      ruleId: 7,
      startAt: NOW - 2 * DAY,
      endedAt: NOW - 2 * DAY + H,
      bytes: 2 * GB,
    };
    const f = forecastDisk({
      now: NOW,
      days: 3,
      freeBytes: 20 * GB,
      reserveBytes: 0,
      library: [episode],
      policy: { ...none, keepLast: new Map([[7, { count: 1, name: 'Drama' }]]) },
      planned: [write(1, 2, 4, 4, { ruleId: 7 })],
    });
    // Episode 1 (3.6 GB) ends on day 1; the cleanup starting day 2 deletes the older one (2 GB).
    expect(f.days.map((d) => d.cleanupBytes / GB)).toEqual([0, 2, 0]);
    expect(f.days.map((d) => d.freeAtEnd / GB)).toEqual([16.4, 18.4, 18.4]);
  });
});
