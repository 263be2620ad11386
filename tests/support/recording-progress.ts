// What recordings have captured so far: from an in-process Dvr's progress events, or from a capture
// file on disk (a recording in another process). Lets a test wait until a capture holds N seconds of
// media instead of sleeping N seconds and hoping it does.
import { existsSync, statSync } from 'node:fs';
import type { Dvr } from '../../src-main/core/dvr';
import type { RecordingProgress } from '../../src-shared/domain';
import { probeDuration } from './test-media';
import { waitFor } from './wait';

export interface ProgressTracker {
  /** The latest progress event of each recording. */
  readonly latest: Map<number, RecordingProgress>;
  /** Waits until recording `id` has captured at least `seconds` of media; resolves with that progress. */
  captured(id: number, seconds: number, timeoutMs?: number): Promise<RecordingProgress>;
  /** Stops listening. */
  stop(): void;
}

export function trackProgress(dvr: Dvr): ProgressTracker {
  const latest = new Map<number, RecordingProgress>();
  const stop = dvr.bus.subscribe((event) => {
    if (event.name !== 'recording.progress') return;
    const p = event.payload as RecordingProgress;
    latest.set(p.id, p);
  });
  return {
    latest,
    stop,
    captured: (id, seconds, timeoutMs = 20_000) =>
      waitFor(
        () => {
          const p = latest.get(id);
          return p !== undefined && p.seconds >= seconds && p;
        },
        {
          timeoutMs,
          what: () => `recording ${id} to capture ${seconds} s (has ${latest.get(id)?.seconds ?? 0} s)`,
        },
      ),
  };
}

/** Seconds of media in a capture file that may still be growing; 0 while there is none to probe. */
export async function fileSeconds(file: string): Promise<number> {
  if (!existsSync(file) || statSync(file).size === 0) return 0;
  // A file whose first packets are still being written has no duration yet. That is "not yet", not a
  // failure: a caller waiting for N seconds gets a timeout naming what never came.
  return probeDuration(file).catch(() => 0);
}
