// How one ffmpeg run (a segment) ended: its reason, when its data really ended, and the error the
// event log shows. Apart from capture.ts because it is pure: it decides from what the run saw (a
// forced end, the last growth, ffmpeg's exit) and touches neither the process nor the database.
import type { SegmentEndReason } from '../../../src-shared/domain';
import { redactText } from '../redact';
import type { ChildExit } from './child';

/** What ended a run from outside ffmpeg, set from timers while it runs; the first forced reason wins. */
export interface ForcedEnd {
  /** The end the session forced (stall, sleep, window, stop, disk), or null when ffmpeg ended by itself. */
  forced: SegmentEndReason | null;
  /** The last growth when a stall was declared (ffmpeg's final flush may report bytes after it). */
  stalledSince: number | null;
  /** The disk check's reason, when it ended the run. */
  diskShortage: string | null;
}

export interface SegmentEndFacts extends ForcedEnd {
  startedAt: number;
  now: number;
  /** The last time the output grew. */
  lastGrowthAt: number;
  /** Where the sleep that ended the run began. */
  sleptSince: number | null;
  windowEnd: number;
  exit: Pick<ChildExit, 'code' | 'stderrTail'>;
  stallTimeoutMs: number;
}

export interface SegmentEnd {
  reason: SegmentEndReason;
  endedAt: number;
  error: string | null;
}

/** What one run left: its end, and what it captured (wall time: how long it streamed). */
export interface SegmentRun {
  reason: SegmentEndReason;
  bytes: number;
  mediaMs: number;
  wallMs: number;
  error: string | null;
}

export function segmentEnd(f: SegmentEndFacts): SegmentEnd {
  // A stalled segment's data ended when its bytes stopped growing, not when we noticed.
  const endedAt =
    f.forced === 'stalled'
      ? Math.max(f.startedAt, f.stalledSince ?? f.lastGrowthAt)
      : f.forced === 'asleep'
        ? Math.max(f.startedAt, Math.min(f.sleptSince ?? f.lastGrowthAt, f.lastGrowthAt))
        : f.now;
  // ffmpeg that could not write (another program filled the disk first) is a full disk, not a source error.
  const noSpace = f.exit.code !== 0 && /no space left on device/i.test(f.exit.stderrTail);
  const reason: SegmentEndReason =
    f.forced ??
    (noSpace
      ? 'disk-full'
      : endedAt >= f.windowEnd - 1_000
        ? 'window-end'
        : f.exit.code === 0
          ? 'stream-ended'
          : 'source-error');
  const error =
    reason === 'source-error' || reason === 'stream-ended'
      ? describeExit(f.exit.stderrTail, f.exit.code)
      : reason === 'stalled'
        ? `no data for ${f.stallTimeoutMs / 1000} s`
        : reason === 'disk-full'
          ? (f.diskShortage ?? 'disk full: no space left on device')
          : reason === 'asleep'
            ? 'the computer was asleep'
            : null;
  return { reason, endedAt, error };
}

/** ffmpeg's last stderr line is the most specific reason ("Server returned 404 Not Found"). */
function describeExit(stderrTail: string, code: number | null): string {
  const lines = stderrTail
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const meaningful = lines.filter((l) => !/^(Conversion failed|Exiting normally)/.test(l));
  const line = meaningful[meaningful.length - 1] ?? lines[lines.length - 1];
  if (line) return redactText(line.replace(/^\[[^\]]+\]\s*/, '')).slice(0, 300);
  return code === 0 ? 'the source ended the stream' : `ffmpeg exited with code ${code ?? 'unknown'}`;
}
