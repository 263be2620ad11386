import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { TimeRuleConfigInput } from '../../../src-shared/contract-rules';
import type { TimeRuleConfig } from '../../../src-shared/domain-rules';
import { resolveWallClock, timeRuleSlots } from '../../../src-main/core/schedule/time-rule';
import { dayOfDate, zoneClock, ZoneClock } from '../../../src-main/core/schedule/zone-time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY = [...WEEKDAYS, 'sat', 'sun'];

function rule(over: Record<string, unknown>): TimeRuleConfig {
  return {
    tz: 'UTC',
    ...TimeRuleConfigInput.parse({
      kind: 'time',
      channelId: 1,
      at: '18:00',
      durationMs: HOUR,
      days: EVERY_DAY,
      ...over,
    }),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const localClock = (ms: number, tz: string) => DateTime.fromMillis(ms, { zone: tz }).toFormat('HH:mm');

/** Slots as [local date, UTC start] pairs, for readable expectations. */
function table(config: TimeRuleConfig, from: number, to: number): Array<[string, string]> {
  return timeRuleSlots(config, from, to).map((s) => [s.localDate, iso(s.start)]);
}

describe("luxon's own choices on DST nights (why time-rule.ts decides for itself)", () => {
  it('moves a time in the spring gap forward by the gap and picks the later autumn time', () => {
    const gap = DateTime.fromObject(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
      { zone: 'Europe/Berlin' },
    );
    expect(gap.toISO()).toBe('2026-03-29T03:30:00.000+02:00');
    const fold = DateTime.fromObject(
      { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
      { zone: 'Europe/Berlin' },
    );
    expect(fold.toISO()).toBe('2026-10-25T02:30:00.000+01:00');
    // Our rule: the jump (03:00) in spring, the first 02:30 (summer time) in autumn.
  });
});

describe('a weekday 18:00 rule keeps 18:00 local across both changes of 2026', () => {
  it.each([
    // zone, range, [date, UTC] before the change, [date, UTC] after
    [
      'Europe/Berlin', // 2026-03-29: UTC+1 -> UTC+2
      Date.UTC(2026, 2, 23),
      Date.UTC(2026, 3, 4),
      [
        ['2026-03-23', '2026-03-23T17:00:00.000Z'],
        ['2026-03-24', '2026-03-24T17:00:00.000Z'],
        ['2026-03-25', '2026-03-25T17:00:00.000Z'],
        ['2026-03-26', '2026-03-26T17:00:00.000Z'],
        ['2026-03-27', '2026-03-27T17:00:00.000Z'],
        ['2026-03-30', '2026-03-30T16:00:00.000Z'],
        ['2026-03-31', '2026-03-31T16:00:00.000Z'],
        ['2026-04-01', '2026-04-01T16:00:00.000Z'],
        ['2026-04-02', '2026-04-02T16:00:00.000Z'],
        ['2026-04-03', '2026-04-03T16:00:00.000Z'],
      ],
    ],
    [
      'Europe/Berlin', // 2026-10-25: UTC+2 -> UTC+1
      Date.UTC(2026, 9, 19),
      Date.UTC(2026, 9, 31),
      [
        ['2026-10-19', '2026-10-19T16:00:00.000Z'],
        ['2026-10-20', '2026-10-20T16:00:00.000Z'],
        ['2026-10-21', '2026-10-21T16:00:00.000Z'],
        ['2026-10-22', '2026-10-22T16:00:00.000Z'],
        ['2026-10-23', '2026-10-23T16:00:00.000Z'],
        ['2026-10-26', '2026-10-26T17:00:00.000Z'],
        ['2026-10-27', '2026-10-27T17:00:00.000Z'],
        ['2026-10-28', '2026-10-28T17:00:00.000Z'],
        ['2026-10-29', '2026-10-29T17:00:00.000Z'],
        ['2026-10-30', '2026-10-30T17:00:00.000Z'],
      ],
    ],
    [
      'America/New_York', // 2026-03-08: UTC-5 -> UTC-4
      Date.UTC(2026, 2, 2),
      Date.UTC(2026, 2, 14),
      [
        ['2026-03-02', '2026-03-02T23:00:00.000Z'],
        ['2026-03-03', '2026-03-03T23:00:00.000Z'],
        ['2026-03-04', '2026-03-04T23:00:00.000Z'],
        ['2026-03-05', '2026-03-05T23:00:00.000Z'],
        ['2026-03-06', '2026-03-06T23:00:00.000Z'],
        ['2026-03-09', '2026-03-09T22:00:00.000Z'],
        ['2026-03-10', '2026-03-10T22:00:00.000Z'],
        ['2026-03-11', '2026-03-11T22:00:00.000Z'],
        ['2026-03-12', '2026-03-12T22:00:00.000Z'],
        ['2026-03-13', '2026-03-13T22:00:00.000Z'],
      ],
    ],
    [
      'America/New_York', // 2026-11-01: UTC-4 -> UTC-5
      Date.UTC(2026, 9, 26),
      Date.UTC(2026, 10, 7),
      [
        ['2026-10-26', '2026-10-26T22:00:00.000Z'],
        ['2026-10-27', '2026-10-27T22:00:00.000Z'],
        ['2026-10-28', '2026-10-28T22:00:00.000Z'],
        ['2026-10-29', '2026-10-29T22:00:00.000Z'],
        ['2026-10-30', '2026-10-30T22:00:00.000Z'],
        ['2026-11-02', '2026-11-02T23:00:00.000Z'],
        ['2026-11-03', '2026-11-03T23:00:00.000Z'],
        ['2026-11-04', '2026-11-04T23:00:00.000Z'],
        ['2026-11-05', '2026-11-05T23:00:00.000Z'],
        ['2026-11-06', '2026-11-06T23:00:00.000Z'],
      ],
    ],
  ] as const)('%s from %d', (tz, from, to, expected) => {
    const config = rule({ tz, days: WEEKDAYS });
    expect(table(config, from, to)).toEqual(expected);
    const slots = timeRuleSlots(config, from, to);
    for (const slot of slots) {
      expect(localClock(slot.start, tz)).toBe('18:00');
      expect(slot.end - slot.start).toBe(HOUR);
      expect(slot.note).toBeNull();
      expect(DateTime.fromMillis(slot.start, { zone: tz }).toISODate()).toBe(slot.localDate);
    }
  });

  it('stays at 18:00 local every day of a whole year', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC']) {
      const slots = timeRuleSlots(rule({ tz }), Date.UTC(2026, 0, 1, 12), Date.UTC(2027, 0, 1, 12));
      expect(slots).toHaveLength(365);
      for (const slot of slots) expect(localClock(slot.start, tz)).toBe('18:00');
      const gaps = new Set(slots.slice(1).map((s, i) => s.start - (slots[i] as { start: number }).start));
      expect([...gaps].sort()).toEqual(tz === 'UTC' ? [DAY] : [DAY - HOUR, DAY, DAY + HOUR].sort());
    }
  });
});

describe('DST nights', () => {
  const daily = (tz: string, at: string) => rule({ tz, at, durationMs: 2 * HOUR });
  const around = (y: number, m: number, d: number): [number, number] => [
    Date.UTC(y, m - 1, d - 1),
    Date.UTC(y, m - 1, d + 3),
  ];

  it('New York 01:30 on 2026-03-08 exists (the gap is 02:00–03:00): still EST that night', () => {
    const slots = timeRuleSlots(daily('America/New_York', '01:30'), ...around(2026, 3, 8));
    expect(slots.map((s) => [s.localDate, iso(s.start), s.note])).toEqual([
      ['2026-03-07', '2026-03-07T06:30:00.000Z', null],
      ['2026-03-08', '2026-03-08T06:30:00.000Z', null],
      ['2026-03-09', '2026-03-09T05:30:00.000Z', null],
      ['2026-03-10', '2026-03-10T05:30:00.000Z', null],
    ]);
  });

  it('New York 02:30 on 2026-03-08 does not exist: starts at 03:00 EDT and keeps its duration', () => {
    const slots = timeRuleSlots(daily('America/New_York', '02:30'), ...around(2026, 3, 8));
    const night = slots.find((s) => s.localDate === '2026-03-08');
    expect(night).toEqual({
      start: Date.UTC(2026, 2, 8, 7, 0),
      end: Date.UTC(2026, 2, 8, 9, 0),
      localDate: '2026-03-08',
      note: '02:30 does not exist on 2026-03-08 (clocks go forward); starts at 03:00',
    });
    expect(localClock(Date.UTC(2026, 2, 8, 7, 0), 'America/New_York')).toBe('03:00');
    expect(slots.filter((s) => s.note !== null)).toHaveLength(1);
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('New York 01:30 on 2026-11-01 happens twice: recorded once, at the first (EDT)', () => {
    const slots = timeRuleSlots(daily('America/New_York', '01:30'), ...around(2026, 11, 1));
    expect(slots.filter((s) => s.localDate === '2026-11-01')).toEqual([
      {
        start: Date.UTC(2026, 10, 1, 5, 30),
        end: Date.UTC(2026, 10, 1, 7, 30),
        localDate: '2026-11-01',
        note: '01:30 happens twice on 2026-11-01 (clocks go back); records the first (UTC-04:00)',
      },
    ]);
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
      '2026-11-03T06:30:00.000Z',
    ]);
  });

  it('Berlin 02:30 on 2026-03-29 does not exist: starts at 03:00 CEST', () => {
    const slots = timeRuleSlots(daily('Europe/Berlin', '02:30'), ...around(2026, 3, 29));
    expect(slots.map((s) => [s.localDate, iso(s.start), s.note])).toEqual([
      ['2026-03-28', '2026-03-28T01:30:00.000Z', null],
      [
        '2026-03-29',
        '2026-03-29T01:00:00.000Z',
        '02:30 does not exist on 2026-03-29 (clocks go forward); starts at 03:00',
      ],
      ['2026-03-30', '2026-03-30T00:30:00.000Z', null],
      ['2026-03-31', '2026-03-31T00:30:00.000Z', null],
    ]);
    expect(localClock(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Berlin')).toBe('03:00');
  });

  it('Berlin 02:30 on 2026-10-25 happens twice: recorded once, at the first (CEST)', () => {
    const slots = timeRuleSlots(daily('Europe/Berlin', '02:30'), ...around(2026, 10, 25));
    expect(slots.map((s) => [s.localDate, iso(s.start), s.note])).toEqual([
      ['2026-10-24', '2026-10-24T00:30:00.000Z', null],
      [
        '2026-10-25',
        '2026-10-25T00:30:00.000Z',
        '02:30 happens twice on 2026-10-25 (clocks go back); records the first (UTC+02:00)',
      ],
      ['2026-10-26', '2026-10-26T01:30:00.000Z', null],
      ['2026-10-27', '2026-10-27T01:30:00.000Z', null],
    ]);
  });

  it('times next to the change are untouched (Berlin 01:59 and 03:00 in spring, 01:59 and 03:00 in autumn)', () => {
    const one = (at: string, y: number, m: number, d: number) =>
      timeRuleSlots(daily('Europe/Berlin', at), ...around(y, m, d)).find((s) =>
        s.localDate.endsWith(`-${d}`),
      );
    expect(one('01:59', 2026, 3, 29)).toMatchObject({ start: Date.UTC(2026, 2, 29, 0, 59), note: null });
    expect(one('03:00', 2026, 3, 29)).toMatchObject({ start: Date.UTC(2026, 2, 29, 1, 0), note: null });
    expect(one('01:59', 2026, 10, 25)).toMatchObject({ start: Date.UTC(2026, 9, 24, 23, 59), note: null });
    expect(one('03:00', 2026, 10, 25)).toMatchObject({ start: Date.UTC(2026, 9, 25, 2, 0), note: null });
    // 02:00 is inside both: the jump itself in spring, the first of two in autumn.
    expect(one('02:00', 2026, 3, 29)).toMatchObject({ start: Date.UTC(2026, 2, 29, 1, 0) });
    expect(one('02:00', 2026, 3, 29)?.note).toMatch(/does not exist/);
    expect(one('02:00', 2026, 10, 25)).toMatchObject({ start: Date.UTC(2026, 9, 25, 0, 0) });
    expect(one('02:00', 2026, 10, 25)?.note).toMatch(/happens twice/);
  });

  it('half-hour changes that are not on a UTC hour (Lord Howe Island, UTC+10:30 / +11)', () => {
    // 2026-04-05 02:00 (+11) -> 01:30 (+10:30): 01:45 happens twice.
    const autumn = timeRuleSlots(daily('Australia/Lord_Howe', '01:45'), ...around(2026, 4, 5)).find(
      (s) => s.localDate === '2026-04-05',
    );
    expect(autumn).toMatchObject({
      start: Date.UTC(2026, 3, 4, 14, 45),
      note: '01:45 happens twice on 2026-04-05 (clocks go back); records the first (UTC+11:00)',
    });
    // 2026-10-04 02:00 (+10:30) -> 02:30 (+11), at 15:30 UTC: 02:15 does not exist.
    const spring = timeRuleSlots(daily('Australia/Lord_Howe', '02:15'), ...around(2026, 10, 4)).find(
      (s) => s.localDate === '2026-10-04',
    );
    expect(spring).toMatchObject({
      start: Date.UTC(2026, 9, 3, 15, 30),
      note: '02:15 does not exist on 2026-10-04 (clocks go forward); starts at 02:30',
    });
  });

  it('a local date that does not exist has no slot (Samoa skipped 2011-12-30)', () => {
    const slots = timeRuleSlots(rule({ tz: 'Pacific/Apia' }), Date.UTC(2011, 11, 28), Date.UTC(2012, 0, 2));
    expect(slots.map((s) => s.localDate)).toEqual([
      '2011-12-27', // 18:00 at UTC-10 is 04:00 UTC on the 28th
      '2011-12-28',
      '2011-12-29',
      '2011-12-31',
      '2012-01-01',
    ]);
    expect(resolveWallClock(zoneClock('Pacific/Apia'), dayOfDate('2011-12-30'), 18 * 60)).toBeNull();
  });

  it('a slot over the change keeps its real duration (01:00 for three hours on the spring night ends 05:00)', () => {
    const slot = timeRuleSlots(
      rule({ tz: 'Europe/Berlin', at: '01:00', durationMs: 3 * HOUR }),
      Date.UTC(2026, 2, 28, 12),
      Date.UTC(2026, 2, 29, 12),
    )[0];
    expect(slot).toMatchObject({
      start: Date.UTC(2026, 2, 29, 0, 0),
      end: Date.UTC(2026, 2, 29, 3, 0),
      note: null,
    });
    expect(localClock(slot?.end ?? 0, 'Europe/Berlin')).toBe('05:00');
  });
});

describe('range, dates and days', () => {
  const mon = Date.UTC(2026, 5, 1); // Monday 2026-06-01, 00:00 UTC

  it('includes a slot starting exactly at `from`, excludes one starting exactly at `to`', () => {
    const config = rule({ tz: 'UTC' });
    expect(table(config, mon + 18 * HOUR, mon + DAY + 18 * HOUR)).toEqual([
      ['2026-06-01', '2026-06-01T18:00:00.000Z'],
    ]);
  });

  it('includes a slot still running at `from` (the planner sees start < from), not one that just ended', () => {
    const config = rule({ tz: 'UTC' });
    expect(table(config, mon + 18 * HOUR + 30 * 60_000, mon + 20 * HOUR)).toEqual([
      ['2026-06-01', '2026-06-01T18:00:00.000Z'],
    ]);
    expect(table(config, mon + 19 * HOUR, mon + 20 * HOUR)).toEqual([]);
  });

  it('is empty for an empty or reversed range', () => {
    expect(timeRuleSlots(rule({}), mon, mon)).toEqual([]);
    expect(timeRuleSlots(rule({}), mon + DAY, mon)).toEqual([]);
  });

  it('only on the rule days', () => {
    const config = rule({ tz: 'UTC', days: ['sat', 'sun'] });
    expect(table(config, mon, mon + 14 * DAY).map(([date]) => date)).toEqual([
      '2026-06-06',
      '2026-06-07',
      '2026-06-13',
      '2026-06-14',
    ]);
  });

  it('from and until are inclusive local dates', () => {
    const config = rule({ tz: 'UTC', from: '2026-06-03', until: '2026-06-05' });
    expect(table(config, mon, mon + 14 * DAY).map(([date]) => date)).toEqual([
      '2026-06-03',
      '2026-06-04',
      '2026-06-05',
    ]);
    expect(table(rule({ tz: 'UTC', from: '2026-06-12' }), mon, mon + 14 * DAY).map(([d]) => d)).toEqual([
      '2026-06-12',
      '2026-06-13',
      '2026-06-14',
    ]);
    expect(table(rule({ tz: 'UTC', until: '2026-06-02' }), mon, mon + 14 * DAY).map(([d]) => d)).toEqual([
      '2026-06-01',
      '2026-06-02',
    ]);
    expect(table(rule({ tz: 'UTC', until: '2026-05-31' }), mon, mon + 14 * DAY)).toEqual([]);
  });

  it('dates and days are the rule zone’s, where the UTC date differs', () => {
    // 08:00 in Auckland (UTC+12 in June) is 20:00 UTC the day before.
    const config = rule({
      tz: 'Pacific/Auckland',
      at: '08:00',
      days: ['wed'],
      from: '2026-06-03',
      until: '2026-06-03',
    });
    expect(table(config, mon, mon + 14 * DAY)).toEqual([['2026-06-03', '2026-06-02T20:00:00.000Z']]);
    // 20:00 in Los Angeles (UTC-7) is 03:00 UTC the day after.
    const la = rule({ tz: 'America/Los_Angeles', at: '20:00', days: ['fri'], until: '2026-06-05' });
    expect(table(la, mon, mon + 14 * DAY)).toEqual([['2026-06-05', '2026-06-06T03:00:00.000Z']]);
  });

  it('a slot crossing midnight belongs to the day it starts and is found from the next day', () => {
    const config = rule({ tz: 'Europe/Berlin', at: '23:00', durationMs: 3 * HOUR, days: ['fri'] });
    // From Saturday 01:00 Berlin (Friday 23:00 UTC): Friday's slot is still running.
    const slots = timeRuleSlots(config, Date.UTC(2026, 5, 5, 23), Date.UTC(2026, 5, 6, 12));
    expect(slots).toEqual([
      { start: Date.UTC(2026, 5, 5, 21), end: Date.UTC(2026, 5, 6, 0), localDate: '2026-06-05', note: null },
    ]);
  });

  it('a 24-hour slot started yesterday is found', () => {
    const config = rule({ tz: 'UTC', at: '00:00', durationMs: 24 * HOUR, days: ['mon'] });
    expect(table(config, mon + 23 * HOUR, mon + 2 * DAY)).toEqual([
      ['2026-06-01', '2026-06-01T00:00:00.000Z'],
    ]);
  });

  it('returns slots in start order', () => {
    const slots = timeRuleSlots(
      rule({ tz: 'America/New_York', at: '01:30' }),
      Date.UTC(2026, 9, 1),
      Date.UTC(2026, 11, 1),
    );
    expect(slots.map((s) => s.start)).toEqual([...slots.map((s) => s.start)].sort((a, b) => a - b));
    expect(new Set(slots.map((s) => s.localDate)).size).toBe(slots.length);
  });
});

describe('ZoneClock', () => {
  it('agrees with luxon minute by minute around changes, in cached and uncached hours', () => {
    const cases: Array<[string, number]> = [
      ['Europe/Berlin', Date.UTC(2026, 2, 29, 0)],
      ['Europe/Berlin', Date.UTC(2026, 9, 25, 0)],
      ['America/New_York', Date.UTC(2026, 10, 1, 4)],
      ['Australia/Lord_Howe', Date.UTC(2026, 9, 3, 14)],
      ['Asia/Kathmandu', Date.UTC(2026, 0, 1, 0)],
    ];
    for (const [tz, from] of cases) {
      const zone = IANAZone.create(tz);
      const clock = new ZoneClock(tz);
      for (let t = from; t < from + 4 * HOUR; t += 60_000) {
        expect(clock.offsetMin(t)).toBe(zone.offset(t));
        const local = DateTime.fromMillis(t, { zone: tz });
        const parts = clock.local(t);
        expect(parts.minuteOfDay).toBe(local.hour * 60 + local.minute);
        expect(parts.weekday).toBe(EVERY_DAY[local.weekday - 1]);
      }
    }
  });

  it('refuses an unknown zone (the contract validates them first)', () => {
    expect(() => new ZoneClock('Mars/Olympus_Mons')).toThrow(/unknown time zone/);
  });
});
