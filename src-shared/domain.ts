// Domain types shared by the core, both hosts and the renderer.
// Pure TypeScript: no node, electron or DOM imports. Instants are UTC epoch milliseconds.
import type { ProgrammeRef } from './domain-rules';

export const RECORDING_STATUSES = ['scheduled', 'recording', 'completed', 'failed', 'cancelled'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const CONTAINERS = ['ts', 'mkv', 'mp4'] as const;
export type Container = (typeof CONTAINERS)[number];

/** Why one uninterrupted ffmpeg run (a segment) ended. */
export const SEGMENT_END_REASONS = [
  'window-end', // the recording window closed: the normal end
  'stopped', // the user stopped or cancelled the recording
  'shutdown', // the app quit or was terminated; resumes on next start if the window is open
  'crashed', // found unfinished after the app died (kill -9, power loss)
  'source-error', // ffmpeg could not open or read the source (HTTP error, refused, ...)
  'stream-ended', // the source closed the stream before the window ended
  'stalled', // no new bytes for the stall timeout
  'disk-full', // the free-space reserve was reached
  'asleep', // the computer slept: the segment ends where the sleep began, the next starts on waking
] as const;
export type SegmentEndReason = (typeof SEGMENT_END_REASONS)[number];

export interface Source {
  id: number;
  kind: 'manual' | 'm3u' | 'xtream' | 'hdhomerun';
  name: string;
  maxConnections: number | null;
}

export interface Channel {
  id: number;
  sourceId: number;
  name: string;
  url: string;
  /** Backup URLs tried in order when the main one keeps failing during a recording. */
  fallbackUrls: string[];
  number: string | null;
  group: string | null;
  logo: string | null;
}

export interface Segment {
  index: number;
  path: string;
  startedAt: number;
  endedAt: number | null;
  bytes: number;
  /** Milliseconds of media in the segment, as ffmpeg reported it. */
  mediaMs: number;
  endReason: SegmentEndReason | null;
  error: string | null;
}

export interface Gap {
  start: number;
  end: number;
  cause: string;
}

export interface Recording {
  id: number;
  title: string;
  /** The rule that scheduled it; null when scheduled by hand (or its rule was removed). */
  ruleId: number | null;
  /** The airing it records (`prog:<guide>:<channel>:<start>`, `time:<rule>:<start>`): one recording per airing. */
  airingKey: string | null;
  /** The guide programme it records, as it was when scheduled (the guide may have moved it since). */
  programme: ProgrammeRef | null;
  /** Why it cannot record at its time (no free connection...); null when it can. */
  conflict: string | null;
  /** The planner's note ("no longer in the guide; kept at its time"). */
  planNote: string | null;
  channelId: number | null;
  channelName: string | null;
  url: string | null;
  /** Scheduled programme start and end, without padding. */
  startAt: number;
  endAt: number;
  padBeforeMs: number;
  padAfterMs: number;
  container: Container;
  status: RecordingStatus;
  attempt: number;
  error: string | null;
  actualStartAt: number | null;
  actualEndAt: number | null;
  outputPath: string | null;
  sizeBytes: number | null;
  durationMs: number | null;
  /** Seconds of stream captured, summed over segments (null until known). */
  capturedMs: number | null;
  /** Length of the padded window. */
  expectedMs: number;
  gaps: Gap[];
  segments: Segment[];
  createdAt: number;
  updatedAt: number;
}

export interface RecordingProgress {
  id: number;
  segmentIndex: number;
  /** Bytes written over all segments so far. */
  bytes: number;
  /** Seconds of stream captured over all segments so far. */
  seconds: number;
  bitrateKbps: number | null;
  speed: number | null;
  at: number;
}

/**
 * What a capture is doing now, for the UI's live state: connecting (ffmpeg starting, before the first
 * bytes), capturing, or reconnecting after the stream dropped (with why, and when it tries again).
 */
export interface CaptureState {
  id: number;
  state: 'connecting' | 'capturing' | 'reconnecting';
  reason: string | null;
  /** When the next attempt starts (reconnecting only). */
  retryAt: number | null;
  at: number;
}

export interface RecordingEvent {
  id: number;
  recordingId: number;
  at: number;
  fromStatus: RecordingStatus | null;
  toStatus: RecordingStatus;
  reason: string;
}

export interface StatusSummary {
  version: string;
  dataDir: string;
  recordingsDir: string;
  recordingNow: number;
  /** The next recording to start; startAt is when its padded window opens. */
  next: { id: number; title: string; startAt: number } | null;
  ffmpeg: { path: string; version: string | null; origin: string } | null;
  /** The recordings disk; null when it cannot be read. */
  disk: DiskStatus | null;
  /** The next three scheduled recordings, soonest first; startAt is the programme's start (no padding). */
  nextUp: Array<{ id: number; title: string; channelName: string | null; startAt: number }>;
  /**
   * Recordings of the last 7 days that failed or completed with less than 99 % captured, newest first
   * (at most 5); `at` is when they ended.
   */
  recentProblems: Array<{
    id: number;
    title: string;
    status: RecordingStatus;
    error: string | null;
    at: number;
  }>;
}

/** The recordings disk, and how long it lasts at the current schedule. */
export interface DiskStatus {
  /** Free space for the app's user on the recordings disk. */
  freeBytes: number;
  totalBytes: number;
  /** What the finished recordings (completed, and cancelled ones' kept part) take. */
  recordingsBytes: number;
  /**
   * How many days the free space above the reserve lasts at the rate the next 7 days of recordings
   * write (each window × its channel's learned bitrate, else 8 Mbit/s); null when nothing is planned.
   */
  daysLeft: number | null;
}

/** Effective capture window: the scheduled programme plus its padding. */
export function windowOf(r: Pick<Recording, 'startAt' | 'endAt' | 'padBeforeMs' | 'padAfterMs'>): {
  start: number;
  end: number;
} {
  return { start: r.startAt - r.padBeforeMs, end: r.endAt + r.padAfterMs };
}
