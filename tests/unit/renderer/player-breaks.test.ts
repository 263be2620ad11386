// The player's commercial-break rules (src-renderer/pages/player/breaks.ts): playback that runs into a
// break jumps to its end; a seek or a resume into the middle of one, or playing on after an Undo, does
// not; the seek bar's marks are the breaks as shares of the length.
import { describe, expect, it } from 'vitest';
import {
  breakMarks,
  END_SLACK_SEC,
  PLAY_STEP_SEC,
  skipTarget,
} from '../../../src-renderer/pages/player/breaks';

// Two breaks: 2:00-3:30 and 10:00-11:00.
const breaks = [
  { startMs: 120_000, endMs: 210_000 },
  { startMs: 600_000, endMs: 660_000 },
];

describe('skipTarget', () => {
  it('jumps to the end of a break that playback runs into', () => {
    expect(skipTarget(119.8, 120.05, breaks)).toEqual({ to: 210, skipped: breaks[0] });
    expect(skipTarget(599.9, 600.2, breaks)).toEqual({ to: 660, skipped: breaks[1] });
  });

  it('plays on outside the breaks, and with no breaks at all', () => {
    expect(skipTarget(100, 100.25, breaks)).toBeNull();
    expect(skipTarget(210, 210.25, breaks)).toBeNull();
    expect(skipTarget(119.5, 119.75, breaks)).toBeNull();
    expect(skipTarget(119.8, 120.05, [])).toBeNull();
    expect(skipTarget(null, 0, [])).toBeNull();
  });

  it('leaves a break the user seeked into (a jump bigger than playing on)', () => {
    expect(skipTarget(30, 150, breaks)).toBeNull();
    expect(skipTarget(119, 119 + PLAY_STEP_SEC + 1.5, breaks)).toBeNull();
    // A seek backwards into a break is a seek too.
    expect(skipTarget(300, 150, breaks)).toBeNull();
  });

  it('counts a slow page as playing on (up to the play step)', () => {
    expect(skipTarget(118, 118 + PLAY_STEP_SEC, breaks)?.to).toBe(210);
  });

  it('does not skip again while playing on inside a break (after an Undo, playback is there by choice)', () => {
    // Undo puts playback at the break's start having come from its end: not entering it.
    expect(skipTarget(120, 120.25, breaks)).toBeNull();
    expect(skipTarget(150, 150.25, breaks)).toBeNull();
  });

  it('skips a break at the very start of the file, but not one resumed into the middle of', () => {
    const atStart = [{ startMs: 0, endMs: 45_000 }];
    expect(skipTarget(null, 0, atStart)).toEqual({ to: 45, skipped: atStart[0] });
    expect(skipTarget(null, 30, atStart)).toBeNull();
  });

  it('does nothing in the last moment of a break (no jump that goes nowhere)', () => {
    expect(skipTarget(209.4, 209.7, breaks)).toBeNull();
    // A short break is still skipped while more than the slack of it is left.
    const short = [{ startMs: 10_000, endMs: 10_000 + (END_SLACK_SEC + 1) * 1000 }];
    expect(skipTarget(9.9, 10.1, short)?.to).toBe(11 + END_SLACK_SEC);
    // A break shorter than the slack is not worth a jump.
    expect(skipTarget(9.9, 10.1, [{ startMs: 10_000, endMs: 10_300 }])).toBeNull();
  });

  it('jumps no further than the end of the file', () => {
    const trailing = [{ startMs: 3500_000, endMs: 3700_000 }];
    expect(skipTarget(3499.9, 3500.1, trailing, 3600)?.to).toBe(3600);
    expect(skipTarget(3499.9, 3500.1, trailing, Number.NaN)?.to).toBe(3700);
  });

  it('ignores a position that is not a number', () => {
    expect(skipTarget(119.8, Number.NaN, breaks)).toBeNull();
  });
});

describe('breakMarks', () => {
  it('places the breaks as percentages of the length', () => {
    const marks = breakMarks(breaks, 1200);
    expect(marks.map((m) => [m.left, m.width])).toEqual([
      [10, 7.5],
      [50, 5],
    ]);
  });

  it('clips to the length, drops breaks past it, and gives a tiny break a visible width', () => {
    const marks = breakMarks(
      [
        { startMs: 550_000, endMs: 700_000 },
        { startMs: 800_000, endMs: 900_000 },
        { startMs: 100_000, endMs: 100_100 },
      ],
      600,
    );
    expect(marks.map((m) => [Math.round(m.left * 100) / 100, Math.round(m.width * 100) / 100])).toEqual([
      [91.67, 8.33],
      [16.67, 0.4],
    ]);
  });

  it('has no marks until the length is known', () => {
    expect(breakMarks(breaks, 0)).toEqual([]);
    expect(breakMarks(breaks, Number.NaN)).toEqual([]);
  });
});
