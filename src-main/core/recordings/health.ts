// Derives what a recording actually got from its segments: gaps and captured time.
import type { Gap, Segment } from '../../../src-shared/domain';

import { LATENCY_MS } from '../../../src-shared/recording-health';

/** Gaps shorter than this are ffmpeg start-up latency, not lost programme (health counts it whole). */
export const GAP_TOLERANCE_MS = LATENCY_MS;

export function computeGaps(
  window: { start: number; end: number },
  segments: readonly Segment[],
  now: number,
): Gap[] {
  const gaps: Gap[] = [];
  const ordered = [...segments].sort((a, b) => a.index - b.index);
  const first = ordered[0];
  if (!first) return gaps;
  if (first.startedAt - window.start > GAP_TOLERANCE_MS) {
    gaps.push({ start: window.start, end: first.startedAt, cause: 'started late' });
  }
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1]!;
    const next = ordered[i]!;
    const end = previous.endedAt ?? next.startedAt;
    if (next.startedAt - end > 0) {
      gaps.push({ start: end, end: next.startedAt, cause: describeEnd(previous) });
    }
  }
  const last = ordered[ordered.length - 1]!;
  if (last.endedAt !== null) {
    const until = Math.min(window.end, Math.max(now, last.endedAt));
    if (until - last.endedAt > GAP_TOLERANCE_MS && last.endReason !== 'stopped') {
      gaps.push({ start: last.endedAt, end: until, cause: describeEnd(last) });
    }
  }
  return gaps;
}

function describeEnd(segment: Segment): string {
  const reason = segment.endReason ?? 'unknown';
  return segment.error ? `${reason}: ${segment.error}` : reason;
}

export function capturedMs(segments: readonly Segment[]): number {
  return segments.reduce((sum, segment) => sum + segment.mediaMs, 0);
}
