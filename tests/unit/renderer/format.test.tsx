// @vitest-environment jsdom
// The one place times, durations, sizes and health are turned into text (src-renderer/ui/format.ts).
import { describe, expect, it } from 'vitest';
import {
  formatDaysLeft,
  formatBytes,
  formatClock,
  formatDuration,
  formatEpisode,
} from '../../../src-renderer/ui/format';
import { shareText } from '../../../src-shared/recording-health';

describe('format', () => {
  it('reads a clean recording as 100 %, never 99.8, and caps pre-roll at 100', () => {
    expect(shareText(59_880, 60_000)).toBe('100 %');
    expect(shareText(62_000, 60_000)).toBe('100 %');
    expect(shareText(58_200, 60_000)).toBe('97 %');
    expect(shareText(0, 0)).toBe('–');
  });

  it('durations, clocks, sizes and episodes', () => {
    expect(formatDuration(85 * 60_000)).toBe('1 h 25 min');
    expect(formatDuration(25 * 60_000)).toBe('25 min');
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatClock(3727)).toBe('1:02:07');
    expect(formatClock(65)).toBe('1:05');
    expect(formatBytes(1_400_000_000)).toMatch(/^1[.,]4 GB$/);
    expect(formatEpisode(1, 2)).toBe('S01E02');
    expect(formatEpisode(null, 7)).toBe('E07');
    expect(formatEpisode(null, null)).toBeNull();
  });

  it('days left: whole days, hours under a day, never "0 days"', () => {
    expect(formatDaysLeft(9.6)).toBe('~9 days');
    expect(formatDaysLeft(1.8)).toBe('~1 day');
    expect(formatDaysLeft(0.7)).toBe('~17 h');
    expect(formatDaysLeft(0.1)).toBe('~2 h');
    expect(formatDaysLeft(0)).toBe('< 1 h');
  });
});
