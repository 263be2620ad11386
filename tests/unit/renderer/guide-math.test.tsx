// The guide's pure time arithmetic (src-renderer/pages/guide/guide-math.ts): positions, the half-hour
// ruler in local time across daylight-saving days, chunk keys, prime time, the day list, ?at=.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addLocalDays,
  airingKey,
  chunkOf,
  chunkRange,
  chunksFor,
  chunksToLoad,
  CHUNK_MS,
  clockOf,
  compareChannels,
  floorToHalfHour,
  formatAt,
  halfHourTicks,
  HALF_HOUR,
  HOUR,
  intersects,
  layoutFor,
  localDays,
  NARROW_LAYOUT,
  parseAt,
  primeTime,
  sameTimeOnDay,
  startOfLocalDay,
  timeAt,
  timelineSpan,
  visibleTimeRange,
  weekdayOf,
  WIDE_LAYOUT,
  xOf,
} from '../../../src-renderer/pages/guide/guide-math';

// Node reads TZ again whenever it is set. (This file is also type-checked with the renderer's DOM-only
// types, hence no `process` global type.)
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const originalTz = env.TZ;
afterAll(() => {
  env.TZ = originalTz;
});

/** Local wall-clock labels of ticks, "HH:MM", in the zone in force. */
const labels = (ticks: { at: number }[]) => ticks.map((t) => clockOf(t.at));

describe('positions', () => {
  it('turns instants into pixels and back', () => {
    const origin = Date.UTC(2026, 4, 2);
    expect(xOf(origin + 90 * 60_000, origin, 6)).toBe(540);
    expect(timeAt(540, origin, 6)).toBe(origin + 90 * 60_000);
    expect(xOf(origin - 30 * 60_000, origin, 4)).toBe(-120);
  });

  it('picks the phone layout at 390 px and the wide one at 1440', () => {
    expect(layoutFor(390)).toBe(NARROW_LAYOUT);
    expect(layoutFor(1440)).toBe(WIDE_LAYOUT);
    // A half hour is wide enough for a title on both.
    expect(30 * NARROW_LAYOUT.pxPerMinute).toBeGreaterThanOrEqual(120);
    expect(30 * WIDE_LAYOUT.pxPerMinute).toBeGreaterThanOrEqual(180);
  });

  it('gives the time range a scroll position shows, right of the channel column', () => {
    const origin = Date.UTC(2026, 4, 2);
    const range = visibleTimeRange(6 * 60 * 6, 1208, WIDE_LAYOUT, origin);
    expect(range.from).toBe(origin + 6 * HOUR);
    expect(range.to).toBe(origin + 6 * HOUR + ((1208 - WIDE_LAYOUT.channelWidth) / 6) * 60_000);
  });
});

describe('the ruler in Europe/Berlin', () => {
  beforeEach(() => {
    env.TZ = 'Europe/Berlin';
  });

  it('has 48 half hours on an ordinary day, the first one starting the day', () => {
    const day = new Date(2026, 4, 2).getTime();
    const ticks = halfHourTicks(day, addLocalDays(day, 1));
    expect(ticks).toHaveLength(48);
    expect(ticks[0]).toMatchObject({ at: day, hour: true, dayStart: true, shift: null });
    expect(ticks[1]).toMatchObject({ hour: false, dayStart: false });
    expect(labels(ticks).slice(0, 4)).toEqual(['00:00', '00:30', '01:00', '01:30']);
    expect(ticks.every((t, i) => i === 0 || t.at - ticks[i - 1]!.at === HALF_HOUR)).toBe(true);
  });

  it('skips 02:00-02:59 when the clocks spring forward (46 marks, evenly spaced in time)', () => {
    const day = new Date(2026, 2, 29).getTime();
    const next = addLocalDays(day, 1);
    expect(next - day).toBe(23 * HOUR);
    const ticks = halfHourTicks(day, next);
    expect(ticks).toHaveLength(46);
    expect(labels(ticks).slice(2, 6)).toEqual(['01:00', '01:30', '03:00', '03:30']);
    expect(ticks[4]!.shift).toBe('forward');
    expect(ticks.filter((t) => t.shift !== null)).toHaveLength(1);
    expect(ticks.every((t, i) => i === 0 || t.at - ticks[i - 1]!.at === HALF_HOUR)).toBe(true);
  });

  it('shows 02:00-02:59 twice when the clocks fall back (50 marks)', () => {
    const day = new Date(2026, 9, 25).getTime();
    const next = addLocalDays(day, 1);
    expect(next - day).toBe(25 * HOUR);
    const ticks = halfHourTicks(day, next);
    expect(ticks).toHaveLength(50);
    expect(labels(ticks).slice(4, 10)).toEqual(['02:00', '02:30', '02:00', '02:30', '03:00', '03:30']);
    expect(ticks[6]!.shift).toBe('back');
    expect(ticks.filter((t) => t.dayStart)).toHaveLength(1);
  });

  it('starts at the next half hour when the range does not start on one', () => {
    const t = new Date(2026, 4, 2, 20, 10).getTime();
    const ticks = halfHourTicks(t, t + 2 * HOUR);
    expect(labels(ticks)).toEqual(['20:30', '21:00', '21:30', '22:00']);
    expect(floorToHalfHour(t)).toBe(new Date(2026, 4, 2, 20, 0).getTime());
  });

  it('puts prime time at 20:00 local, on DST days too', () => {
    for (const day of [new Date(2026, 2, 29).getTime(), new Date(2026, 9, 25).getTime()]) {
      const prime = primeTime(day + 3 * HOUR);
      expect(clockOf(prime)).toBe('20:00');
      expect(startOfLocalDay(prime)).toBe(day);
    }
  });

  it('lists today and the 13 days after as local midnights, across a DST change', () => {
    const now = new Date(2026, 2, 20, 15, 42).getTime();
    const days = localDays(now);
    expect(days).toHaveLength(14);
    expect(days.every((d) => clockOf(d) === '00:00')).toBe(true);
    expect(days[0]).toBe(new Date(2026, 2, 20).getTime());
    expect(days[13]).toBe(new Date(2026, 3, 2).getTime());
    // One of them is 23 hours long.
    const lengths = days.slice(1).map((d, i) => d - days[i]!);
    expect(lengths.filter((l) => l === 23 * HOUR)).toHaveLength(1);
    expect(timelineSpan(now)).toEqual({ origin: days[0], end: new Date(2026, 3, 3).getTime() });
  });

  it('keeps the time of day when jumping to another day', () => {
    const at = new Date(2026, 2, 28, 21, 30).getTime();
    const sunday = new Date(2026, 2, 29).getTime();
    expect(sameTimeOnDay(sunday, at)).toBe(new Date(2026, 2, 29, 21, 30).getTime());
    expect(sameTimeOnDay(sunday, at) - at).toBe(23 * HOUR);
  });

  it('writes and reads ?at= in local time', () => {
    const t = new Date(2026, 4, 2, 20, 0).getTime();
    expect(formatAt(t)).toBe('2026-05-02T20:00');
    expect(parseAt('2026-05-02T20:00')).toBe(t);
    expect(parseAt('2026-05-02')).toBe(new Date(2026, 4, 2).getTime());
    expect(parseAt(String(t))).toBe(t);
    expect(parseAt('tomorrow')).toBeNull();
    expect(parseAt(null)).toBeNull();
    expect(weekdayOf(t)).toBe('sat');
  });
});

describe('the ruler in other zones', () => {
  it('America/New_York: 46 and 50 half hours on the 2026 changes', () => {
    env.TZ = 'America/New_York';
    const spring = new Date(2026, 2, 8).getTime();
    expect(halfHourTicks(spring, addLocalDays(spring, 1))).toHaveLength(46);
    const fall = new Date(2026, 10, 1).getTime();
    const ticks = halfHourTicks(fall, addLocalDays(fall, 1));
    expect(ticks).toHaveLength(50);
    expect(labels(ticks).slice(2, 6)).toEqual(['01:00', '01:30', '01:00', '01:30']);
  });

  it('Asia/Kathmandu (+05:45): marks on the local half hour, a quarter off UTC', () => {
    env.TZ = 'Asia/Kathmandu';
    const day = new Date(2026, 4, 2).getTime();
    const ticks = halfHourTicks(day, addLocalDays(day, 1));
    expect(ticks).toHaveLength(48);
    expect(labels(ticks).slice(0, 3)).toEqual(['00:00', '00:30', '01:00']);
    expect(new Date(ticks[0]!.at).getUTCMinutes()).toBe(15);
  });
});

describe('chunks', () => {
  it('cuts time into 6-hour UTC chunks and lists the ones a range touches', () => {
    const t = Date.UTC(2026, 4, 2, 7, 30);
    expect(chunkOf(t)).toBe(Math.floor(t / CHUNK_MS));
    expect(chunkRange(chunkOf(t))).toEqual({ from: Date.UTC(2026, 4, 2, 6), to: Date.UTC(2026, 4, 2, 12) });
    const k = chunkOf(Date.UTC(2026, 4, 2, 6));
    expect(chunksFor(Date.UTC(2026, 4, 2, 6), Date.UTC(2026, 4, 2, 12))).toEqual([k]);
    expect(chunksFor(Date.UTC(2026, 4, 2, 11), Date.UTC(2026, 4, 2, 13))).toEqual([k, k + 1]);
    expect(chunksFor(t, t)).toEqual([]);
    // The visible ones first, then one more on each side.
    expect(chunksToLoad(Date.UTC(2026, 4, 2, 11), Date.UTC(2026, 4, 2, 13), 1)).toEqual([
      k,
      k + 1,
      k + 2,
      k - 1,
    ]);
  });

  it('knows which programmes a range shows (open ends count as an hour)', () => {
    const p = { start: 1000 * HOUR, stop: 1001 * HOUR };
    expect(intersects(p, 1000.5 * HOUR, 1002 * HOUR)).toBe(true);
    expect(intersects(p, 1001 * HOUR, 1002 * HOUR)).toBe(false);
    expect(intersects({ start: 1000 * HOUR, stop: null }, 1000.9 * HOUR, 1002 * HOUR)).toBe(true);
  });
});

describe('channels and airings', () => {
  it('orders channels as the guide does: by number, numbers first, then name and id', () => {
    const list = [
      { id: 5, name: 'Zed', number: null },
      { id: 4, name: 'Ten', number: '10' },
      { id: 3, name: 'Two', number: '2' },
      { id: 2, name: 'Alpha', number: null },
      { id: 1, name: 'Two b', number: '2' },
      { id: 6, name: 'Two point five', number: '2.5' },
    ];
    expect([...list].sort(compareChannels).map((c) => c.id)).toEqual([3, 1, 6, 4, 2, 5]);
  });

  it('builds the planner’s airing key', () => {
    expect(airingKey({ guideId: 3, xmltvChannelId: 'bbc1.uk', start: 1_770_000_000_000 })).toBe(
      'prog:3:bbc1.uk:1770000000000',
    );
  });
});
