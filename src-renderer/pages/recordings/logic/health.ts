// What a recording got, in the words of the lists: health as a share of what it should have captured,
// and whether it belongs under Problems.
import type { Recording } from '../../../../src-shared/domain';
import { capturedForHealth, expectedMsOf, shareText } from '../../../../src-shared/recording-health';

export type Tone = 'good' | 'warn' | 'bad' | 'none';

export interface Health {
  /** "100 %", "97 %", "–". */
  text: string;
  tone: Tone;
}

export function healthOf(r: Recording): Health {
  const captured = capturedForHealth(r);
  if (captured === null) return { text: '–', tone: 'none' };
  const expected = expectedMsOf(r);
  const text = shareText(captured, expected);
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
