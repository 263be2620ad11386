// What a recording got, in the words of the lists: health as a share of what it should have captured,
// and whether it belongs under Problems.
import { windowOf, type Recording } from '../../../../src-shared/domain';
import { formatShare } from '../../../ui/format';

export type Tone = 'good' | 'warn' | 'bad' | 'none';

/**
 * What the recording should have captured. A recording the user stopped early is measured up to where
 * they stopped it: stopping is a choice, not a fault.
 */
export function expectedMs(r: Recording): number {
  const last = [...r.segments].sort((a, b) => a.index - b.index).at(-1);
  if (last?.endReason === 'stopped' && last.endedAt !== null) {
    const stoppedAfter = last.endedAt - windowOf(r).start;
    return Math.max(0, Math.min(r.expectedMs, stoppedAfter));
  }
  return r.expectedMs;
}

/**
 * Missing time up to this much is start or stop latency (ffmpeg connecting, flushing on a stop), not
 * lost programme: the core draws no gap for it either (GAP_TOLERANCE_MS in core/recordings/health.ts).
 */
export const LATENCY_MS = 2_500;

export interface Health {
  /** "100 %", "97 %", "–". */
  text: string;
  tone: Tone;
}

export function healthOf(r: Recording): Health {
  if (r.capturedMs === null) return { text: '–', tone: 'none' };
  const expected = expectedMs(r);
  const captured = expected - r.capturedMs <= LATENCY_MS && r.gaps.length === 0 ? expected : r.capturedMs;
  const text = formatShare(captured, expected);
  if (text === '–') return { text, tone: 'none' };
  // The same rounding as the text: what reads 100 % is clean.
  if (text === '100 %') return { text, tone: r.error ? 'warn' : 'good' };
  return { text, tone: captured < expected * 0.9 ? 'bad' : 'warn' };
}

/** Played back from a file (finished) or from its segments (kept after a failure). */
export function hasMedia(r: Recording): boolean {
  return r.outputPath !== null || r.segments.length > 0;
}

/** Finished recordings with something to watch: the library. */
export function isInLibrary(r: Recording): boolean {
  return (r.status === 'completed' || r.status === 'cancelled') && r.outputPath !== null;
}

export type ProblemKind = 'failed' | 'partial';

/** Failed recordings, and finished ones that missed part of their window or ended with an error. */
export function problemOf(r: Recording): ProblemKind | null {
  if (r.status === 'failed') return 'failed';
  if (r.status !== 'completed') return null;
  if (r.error) return 'partial';
  const health = healthOf(r);
  return health.tone === 'warn' || health.tone === 'bad' ? 'partial' : null;
}
