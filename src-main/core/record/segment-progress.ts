// Reads a running segment's progress from ffmpeg's stdout (`-progress pipe:1`) into its live
// figures: bytes written, media time, the last time the output grew, and when the first bytes came.
// Apart from capture.ts so the dating of first bytes and growth sits beside the figures it keeps.
import type { Readable } from 'node:stream';
import type { Clock } from '../events';
import { ProgressParser, type ProgressSample } from './progress';

/** A run's live figures, written by the progress reader and read by the watchdog and the run's end. */
export interface RunFigures {
  bytes: number;
  mediaMs: number;
  /** The last time the output grew. */
  lastGrowthAt: number;
}

export interface ProgressReader {
  figures: RunFigures;
  startedAt: number;
  clock: Clock;
  /** The run's first bytes, dated `at` (never before the run started). */
  firstBytes: (at: number) => void;
  /** After each sample has updated the figures. */
  sample: (sample: ProgressSample) => void;
}

export function readSegmentProgress(stdout: Readable, r: ProgressReader): void {
  const { figures, clock } = r;
  const parser = new ProgressParser();
  stdout.setEncoding('utf8');
  stdout.on('data', (text: string) => {
    for (const sample of parser.push(text)) {
      if (sample.totalSize !== null && sample.totalSize > figures.bytes) {
        if (figures.bytes === 0) {
          // Progress comes every half second or so: the media it reports already written dates the
          // first bytes better than the moment the report arrived.
          r.firstBytes(Math.max(r.startedAt, clock.now() - (sample.outTimeMs ?? 0)));
        }
        figures.bytes = sample.totalSize;
        figures.lastGrowthAt = clock.now();
      }
      if (sample.outTimeMs !== null) figures.mediaMs = Math.max(figures.mediaMs, sample.outTimeMs);
      r.sample(sample);
    }
  });
}
