// What people type for rules (cli-rules-input.ts): days, times of day, dates, and the options of
// `rule add|edit|preview` turned into the contract's input.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src-shared/domain-rules';
import {
  newRuleInput,
  parseClock,
  parseDate,
  parseDays,
  previewOfChanges,
  ruleChanges,
} from '../../src-main/server/cli-rules-input';

describe('parseDays', () => {
  it.each([
    ['mon-fri', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['sat,sun', ['sat', 'sun']],
    ['weekdays', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['weekends', ['sat', 'sun']],
    ['daily', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']],
    ['fri-mon', ['mon', 'fri', 'sat', 'sun']],
    ['sun-sun', ['sun']],
    ['tue', ['tue']],
    ['Friday, Monday', ['mon', 'fri']],
    ['MON-WED,sat', ['mon', 'tue', 'wed', 'sat']],
    ['mon - wed', ['mon', 'tue', 'wed']],
    ['weekends,mon,sun', ['mon', 'sat', 'sun']],
    ['sat-fri', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']],
  ])('%j', (text, days) => expect(parseDays(text)).toEqual(days));

  it.each(['', 'mo', 'mon-', 'mon-xyz', 'mon,,tue', 'weekday', '1-5', 'mon-tue-wed'])(
    'refuses %j with the accepted forms',
    (text) => expect(() => parseDays(text)).toThrow(/not a set of days: use forms like mon-fri/),
  );
});

describe('times of day and dates', () => {
  it.each([
    ['18:00', '18:00'],
    ['8:30', '08:30'],
    ['00:00', '00:00'],
    [' 23:59 ', '23:59'],
  ])('%j is %j', (text, clock) => expect(parseClock(text, '--at')).toBe(clock));

  it.each(['24:00', '18:60', '1800', '18', '6pm', '18:0', ''])('refuses %j', (text) => {
    expect(() => parseClock(text, '--at')).toThrow(/^--at: ".*" is not a time of day: use HH:MM/);
  });

  it('dates are real YYYY-MM-DD dates', () => {
    expect(parseDate('2026-02-28', '--from')).toBe('2026-02-28');
    expect(() => parseDate('2026-02-30', '--from')).toThrow(/--from: "2026-02-30" is not a date/);
    expect(() => parseDate('28.02.2026', '--until')).toThrow(/use YYYY-MM-DD/);
  });
});

describe('rule options', () => {
  it('a series rule: filters, channel scope, signed padding', () => {
    expect(
      newRuleInput('series', {
        title: 'Drama',
        match: 'contains',
        keyword: ['murder', ' '],
        channel: ['3', '4'],
        days: 'mon-fri',
        after: '8:00',
        before: '23:00',
        minDuration: '20m',
        maxDuration: '2h',
        category: ['Drama'],
        newOnly: true,
        dedupe: 'once-per-day',
        tz: 'Europe/Berlin',
        keep: '5',
        priority: '-3',
        padBefore: '-10m',
        padAfter: '5m',
        container: 'mkv',
        disabled: true,
      }),
    ).toEqual({
      name: undefined,
      priority: -3,
      padBeforeMs: -600_000,
      padAfterMs: 300_000,
      keepLast: 5,
      container: 'mkv',
      enabled: false,
      config: {
        kind: 'series',
        title: 'Drama',
        match: 'contains',
        keywords: ['murder'],
        channels: { scope: 'channels', ids: [3, 4] },
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        after: '08:00',
        before: '23:00',
        minDurationMin: 20,
        maxDurationMin: 120,
        categories: ['Drama'],
        newOnly: true,
        dedupe: 'once-per-day',
        tz: 'Europe/Berlin',
      },
    });
  });

  it('a series rule on a guide channel; every day is no day filter', () => {
    const input = newRuleInput('series', { title: 'News', guideChannel: '2:bbc1:uk', days: 'daily' });
    expect(input.config).toEqual({
      kind: 'series',
      title: 'News',
      channels: { scope: 'guide-channel', guideId: 2, xmltvId: 'bbc1:uk' },
      days: null,
    });
  });

  it.each([
    [{}, /--title/],
    [{ title: 'X', channel: ['1'], guideChannel: '1:a' }, /either --channel or --guide-channel/],
    [{ title: 'X', guideChannel: 'bbc1' }, /not GUIDE:XMLTVID/],
    [{ title: 'X', minDuration: '90s' }, /--min-duration: give whole minutes/],
    [{ title: 'X', priority: '2000' }, /--priority must be between -1000 and 1000/],
    [{ title: 'X', padBefore: '-1d' }, /--pad-before: "-1d" is not a duration/],
    [{ title: 'X', container: 'avi' }, /--container: "avi"/],
    [{ title: 'X', channel: ['abc'] }, /"abc" is not a valid channel id/],
  ])('refuses %j', (options, message) => {
    expect(() => newRuleInput('series', options)).toThrow(message);
  });

  it('a time rule needs a channel, days, a time and a duration', () => {
    expect(
      newRuleInput('time', {
        channel: ['7'],
        days: 'mon-fri',
        at: '18:00',
        duration: '1h',
        tz: 'Europe/Berlin',
        from: '2026-03-01',
      }).config,
    ).toEqual({
      kind: 'time',
      channelId: 7,
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      at: '18:00',
      durationMs: 3_600_000,
      tz: 'Europe/Berlin',
      from: '2026-03-01',
    });
    expect(() => newRuleInput('time', { channel: ['7'], at: '18:00' })).toThrow(
      /a time rule needs --days, --duration/,
    );
    expect(() =>
      newRuleInput('time', { channel: ['7', '8'], days: 'daily', at: '18:00', duration: '1h' }),
    ).toThrow(/one --channel/);
  });
});

describe('rule edit', () => {
  const base = {
    id: 3,
    name: 'Drama',
    enabled: true,
    priority: 0,
    padBeforeMs: null,
    padAfterMs: 60_000,
    keepLast: null,
    container: null,
    library: null,
    createdAt: 0,
    updatedAt: 0,
    upcoming: 2,
    warnings: [],
  };
  const series: Rule = {
    ...base,
    config: {
      kind: 'series',
      title: 'Drama',
      match: 'exact',
      keywords: ['a'],
      channels: { scope: 'channels', ids: [1] },
      days: ['sat'],
      after: '20:00',
      before: null,
      minDurationMin: null,
      maxDurationMin: null,
      categories: [],
      newOnly: true,
      untaggedIsNew: false,
      dedupe: 'episode',
      tz: 'Europe/Berlin',
    },
  };
  const time: Rule = {
    ...base,
    config: {
      kind: 'time',
      channelId: 1,
      at: '18:00',
      durationMs: 1_800_000,
      days: ['mon'],
      tz: 'UTC',
      from: null,
      until: '2026-12-31',
      title: 'News',
    },
  };

  it('changes only what is given, merged into the saved config', () => {
    expect(ruleChanges(series, { priority: '11' })).toEqual({ id: 3, priority: 11 });
    expect(ruleChanges(series, { after: 'none', newOnly: false, keyword: [''], channel: ['any'] })).toEqual({
      id: 3,
      config: {
        ...series.config,
        after: null,
        newOnly: false,
        keywords: [],
        channels: { scope: 'any' },
      },
    });
    expect(ruleChanges(time, { at: '7:15', until: 'none', title: '', padAfter: 'default' })).toEqual({
      id: 3,
      padAfterMs: null,
      config: { ...time.config, at: '07:15', until: null, title: null },
    });
  });

  it("refuses the other kind's options, and nothing to change", () => {
    expect(() => ruleChanges(series, { at: '18:00', duration: '1h' })).toThrow(
      '--at, --duration are for time rules; rule 3 is a series rule',
    );
    expect(() => ruleChanges(time, { newOnly: true })).toThrow(
      '--new-only is for series rules; rule 3 is a time rule',
    );
    expect(() => ruleChanges(time, {})).toThrow(/nothing to change/);
  });

  it('previews the rule as it would be after the edit', () => {
    const preview = previewOfChanges(series, ruleChanges(series, { days: 'weekends', priority: '4' }));
    expect(preview).toMatchObject({ name: 'Drama', priority: 4, padAfterMs: 60_000 });
    expect(preview.config).toEqual({ ...series.config, days: ['sat', 'sun'] });
  });
});
