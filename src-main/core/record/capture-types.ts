// What a capture takes (its target and its parts) and what it gives back (its outcome). Apart from
// capture.ts so the recorder and the segment helpers can name these without the session's loop.
import type { SegmentEndReason } from '../../../src-shared/domain';
import type { Clock, EventBus } from '../events';
import type { EncodeProfile } from '../library/postprocess/profile-args';
import type { RecordingStore } from '../recordings/store';
import type { CaptureSettings } from './capture-settings';
import type { DiskSpace } from './disk-space';
import type { FfmpegBinaries } from './ffmpeg-path';

export interface CaptureTarget {
  recordingId: number;
  /** Stream URLs in failover order: the first is the primary. */
  urls: readonly string[];
  headers: Readonly<Record<string, string>>;
  windowEnd: number;
  /** Bits per second this source usually needs (learned from earlier recordings), for the disk check. */
  expectedBitrate: number;
  /** A stream profile that encodes while capturing; null: stream copy. */
  profile?: EncodeProfile | null;
}

export interface CaptureDeps {
  bins: FfmpegBinaries;
  store: RecordingStore;
  bus: EventBus;
  clock: Clock;
  recordingsDir: string;
  settings: CaptureSettings;
  space: DiskSpace;
  /** A run's first bytes arrived `ttfbMs` after ffmpeg was spawned (the source's start latency). */
  onFirstBytes?: (event: { segmentIndex: number; ttfbMs: number; at: number }) => void;
  /** Where each segment goes (local scratch while the recordings folder is an absent share). */
  segmentRoot?: () => Promise<string>;
}

export type StopReason = Extract<SegmentEndReason, 'stopped' | 'shutdown'>;

export interface CaptureOutcome {
  /** Why the whole capture ended. */
  reason: 'window-end' | 'stopped' | 'shutdown' | 'disk-full' | 'gave-up';
  /** The last error seen, for the recording's error field. */
  lastError: string | null;
}

/** A capture that must not start, with a reason the user can read (not an internal error). */
export class CaptureRefusedError extends Error {}
