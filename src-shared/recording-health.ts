// How much of its window a recording got, in one definition for every place that says it: the
// notifications ("completed, 100 %"), the CLI and the app's lists. A clean recording reads 100 %.
import { windowOf, type Recording } from './domain';

/**
 * Missing time up to this much is start or stop latency (ffmpeg connecting, flushing on a stop), not
 * lost programme: the core draws no gap for it either (core/recordings/health.ts uses this value).
 */
export const LATENCY_MS = 2_500;

type Measured = Pick<
  Recording,
  'capturedMs' | 'expectedMs' | 'gaps' | 'segments' | 'startAt' | 'endAt' | 'padBeforeMs' | 'padAfterMs'
>;

/**
 * What the recording should have captured. A recording the user stopped early is measured up to where
 * they stopped it: stopping is a choice, not a fault.
 */
export function expectedMsOf(r: Measured): number {
  const last = [...r.segments].sort((a, b) => a.index - b.index).at(-1);
  if (last?.endReason === 'stopped' && last.endedAt !== null) {
    const stoppedAfter = last.endedAt - windowOf(r).start;
    return Math.max(0, Math.min(r.expectedMs, stoppedAfter));
  }
  return r.expectedMs;
}

/** Captured time as counted for health: latency alone (no gap) counts as whole. */
export function capturedForHealth(r: Measured): number | null {
  if (r.capturedMs === null) return null;
  const expected = expectedMsOf(r);
  return expected - r.capturedMs <= LATENCY_MS && r.gaps.length === 0 ? expected : r.capturedMs;
}

/** "100 %", "97 %", or "–" when nothing can be said (nothing expected or nothing measured). */
export function shareText(captured: number | null, expected: number): string {
  if (captured === null || expected <= 0) return '–';
  const share = Math.min(1, captured / expected);
  return `${share >= 0.995 ? 100 : Math.floor(share * 100)} %`;
}

/** "100 %" or "97 %, 1 gap": what a notification and the CLI say about a finished recording. */
export function healthText(r: Measured): string {
  const text = shareText(capturedForHealth(r), expectedMsOf(r));
  const gaps = r.gaps.length;
  return gaps === 0 ? text : `${text}, ${gaps} gap${gaps > 1 ? 's' : ''}`;
}
