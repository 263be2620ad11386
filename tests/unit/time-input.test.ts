import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseWhen } from '../../src-shared/time-input';

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['25m', 1_500_000],
    ['1h30m', 5_400_000],
    ['1h', 3_600_000],
    ['2m30s', 150_000],
    ['0s', 0],
    ['45', 2_700_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'abc', '5 minutes', '1d', '-5m', 'h'])('refuses %j with the accepted forms', (text) => {
    expect(() => parseDuration(text)).toThrow(/90s, 25m, 1h30m/);
  });

  it('formats back', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m00s');
    expect(formatDuration(61_000)).toBe('1m01s');
    expect(formatDuration(9_000)).toBe('9s');
    expect(formatDuration(-600_000)).toBe('-10m00s');
  });
});

describe('signed durations (padding)', () => {
  it.each([
    ['-10m', -600_000],
    ['+5m', 300_000],
    ['-1h30m', -5_400_000],
    [' -90s ', -90_000],
    ['-15', -900_000],
    ['2m', 120_000],
    ['-0s', 0],
  ])('%j = %d ms', (text, ms) => expect(parseDuration(text, { signed: true })).toBe(ms));

  it.each(['-', '--5m', '- 5m', '-abc', '5m-', '+-5m'])('refuses %j', (text) => {
    expect(() => parseDuration(text, { signed: true })).toThrow(/90s, 25m, 1h30m, -10m/);
  });

  it('only when asked: a duration and a relative time stay unsigned', () => {
    expect(() => parseDuration('-10m')).toThrow(/"-10m" is not a duration/);
    expect(() => parseDuration('+10m')).toThrow(/"\+10m" is not a duration/);
    expect(() => parseWhen('+-10m', Date.UTC(2026, 0, 1))).toThrow(/not a duration/);
  });
});

describe('times', () => {
  const now = Date.UTC(2026, 10, 26, 12, 0, 0);
  it('reads now, relative and ISO 8601 with zones', () => {
    expect(parseWhen('now', now)).toBe(now);
    expect(parseWhen('+90s', now)).toBe(now + 90_000);
    expect(parseWhen('2026-12-24T20:15:00Z', now)).toBe(Date.UTC(2026, 11, 24, 20, 15));
    expect(parseWhen('2026-12-24T20:15+01:00', now)).toBe(Date.UTC(2026, 11, 24, 19, 15));
  });

  it.each(['tomorrow', '1', 'March 7', '2026-13-45T99:00', '+'])('refuses %j', (text) => {
    expect(() => parseWhen(text, now)).toThrow(/ISO 8601|duration/);
  });
});
