// Commercial breaks in the player (recordings.breaks, from comskip's EDL): where to jump when playback
// runs into one, and where the marks go on the seek bar. Pure, so the rules are tested without a video.
import type { Break } from '../../../src-shared/contract-library-process';

/**
 * The most a position may move between two looks and still count as playing on (timeupdate fires every
 * 250 ms or so; a busy or background page can be slower). A bigger move is a seek: the user chose where
 * to be, so a break they seek into is theirs to watch.
 */
export const PLAY_STEP_SEC = 3;

/** Within this much of a break's end there is nothing worth skipping (and no jump that goes nowhere). */
export const END_SLACK_SEC = 0.5;

export interface SkipDecision {
  /** Seconds to jump to: the break's end. */
  to: number;
  /** The break that was skipped (for the notice and its Undo). */
  skipped: Break;
}

/**
 * Where to jump when playback enters a break, or null to play on. `previous` is the position at the last
 * look (null: the first one since the source loaded); `position` is now; both in seconds. A break is
 * entered when the position is inside it and, a moment ago, playback was before it (or, at the first look,
 * the break is where playback starts). Resuming or seeking into the middle of a break, or playing on
 * inside one after an Undo, is not entering it. `duration` (seconds, when known) bounds the jump.
 */
export function skipTarget(
  previous: number | null,
  position: number,
  breaks: readonly Break[],
  duration: number | null = null,
): SkipDecision | null {
  if (!Number.isFinite(position)) return null;
  for (const b of breaks) {
    const start = b.startMs / 1000;
    const end = b.endMs / 1000;
    if (end - start <= END_SLACK_SEC) continue;
    if (position < start || position >= end - END_SLACK_SEC) continue;
    const entered =
      previous === null
        ? position - start <= PLAY_STEP_SEC
        : previous < start && position - previous >= 0 && position - previous <= PLAY_STEP_SEC;
    if (!entered) return null;
    const to = duration !== null && Number.isFinite(duration) && duration > 0 ? Math.min(end, duration) : end;
    return { to, skipped: b };
  }
  return null;
}

export interface BreakMark {
  left: number;
  width: number;
  startMs: number;
  endMs: number;
}

/** The breaks as percentages of the seek bar (clipped to it; none until the length is known). */
export function breakMarks(breaks: readonly Break[], durationSec: number): BreakMark[] {
  if (!(durationSec > 0)) return [];
  const total = durationSec * 1000;
  const marks: BreakMark[] = [];
  for (const b of breaks) {
    const start = Math.max(0, Math.min(b.startMs, total));
    const end = Math.max(start, Math.min(b.endMs, total));
    if (end <= start) continue;
    marks.push({
      left: (start / total) * 100,
      width: Math.max(((end - start) / total) * 100, 0.4),
      startMs: b.startMs,
      endMs: b.endMs,
    });
  }
  return marks;
}

/** Whether the player skips breaks (this browser; on unless the user turned it off). */
const KEY = 'tapedeck-skip-breaks';

export function skipBreaksSetting(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

export function saveSkipBreaks(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused: the toggle still holds for this session.
  }
}
