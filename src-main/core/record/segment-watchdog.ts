// The once-a-second watch over a running segment: declares a stall when the output stops growing,
// saves progress to the segment row (for a restart after a crash), and checks free space. Apart from
// capture.ts so the timer's duties sit in one place; it never throws (a timer's exception would
// take the whole app down), it only asks the session to end the run.
import type { Clock } from '../events';
import type { RecordingStore } from '../recordings/store';
import { redactError } from '../redact';
import { checkSpaceWhileRunning } from './capture-disk';
import type { CaptureSettings } from './capture-settings';
import type { DiskSpace } from './disk-space';
import type { RunFigures } from './segment-progress';

export interface SegmentWatch {
  recordingId: number;
  index: number;
  startedAt: number;
  figures: RunFigures;
  store: Pick<RecordingStore, 'updateSegment'>;
  space: DiskSpace;
  clock: Clock;
  settings: Pick<CaptureSettings, 'stallTimeoutMs' | 'diskCheckMs'>;
  /** Free space was low at the last check (shared with the session): check every second. */
  disk: { low: boolean };
  /** Ends the run as stalled. */
  stall: () => void;
  /** Ends the run for a full disk, with the shortage's reason. */
  diskFull: (shortage: string) => void;
}

/** Starts the watch; the returned function stops it. */
export function watchSegment(w: SegmentWatch): () => void {
  const { clock, settings, figures } = w;
  let lastDiskCheck = w.startedAt;
  let lastPersist = w.startedAt;
  const timer = setInterval(() => {
    const now = clock.now();
    if (now - figures.lastGrowthAt > settings.stallTimeoutMs) w.stall();
    if (now - lastPersist >= 5_000) {
      lastPersist = now;
      // Progress on the row is for a restart after a crash; a write that fails now is retried in 5 s
      // and must never end the capture (a timer's exception would take the whole app down).
      try {
        w.store.updateSegment(w.recordingId, w.index, { bytes: figures.bytes, mediaMs: figures.mediaMs });
      } catch (error) {
        console.error(`recording ${w.recordingId}: saving progress failed (retrying):`, redactError(error));
      }
    }
    // Every diskCheckMs; every second once under LOW_SPACE, where a few seconds can fill the rest.
    if (now - lastDiskCheck >= (w.disk.low ? 1_000 : settings.diskCheckMs)) {
      lastDiskCheck = now;
      void checkSpaceWhileRunning(w.space, (low) => (w.disk.low = low)).then((shortage) => {
        if (shortage) w.diskFull(shortage);
      });
    }
  }, 1_000);
  return () => clearInterval(timer);
}
