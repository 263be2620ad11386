// @vitest-environment jsdom
// The one place times, durations, sizes and health are turned into text (src-renderer/ui/format.ts).
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClock,
  formatDuration,
  formatEpisode,
  formatShare,
} from '../../../src-renderer/ui/format';

describe('format', () => {
  it('reads a clean recording as 100 %, never 99.8, and caps pre-roll at 100', () => {
    expect(formatShare(59_880, 60_000)).toBe('100 %');
    expect(formatShare(62_000, 60_000)).toBe('100 %');
    expect(formatShare(58_200, 60_000)).toBe('97 %');
    expect(formatShare(0, 0)).toBe('–');
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
});
