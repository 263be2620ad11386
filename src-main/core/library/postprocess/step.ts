// What every post-processing step gets and gives back. A step never damages the recording: it works on
// temporary files beside it and replaces the original only with a result it verified.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Job } from '../../../../src-shared/contract-library-process';
import type { Recording } from '../../../../src-shared/domain';
import type { Settings } from '../../../../src-shared/settings';
import type { FfmpegBinaries } from '../../record/ffmpeg-path';
import { probeMedia } from '../../record/probe';
import type { RecordingStore } from '../../recordings/store';
import type { SecretStore } from '../../secrets';
import type { ProfileStore } from './profile-store';
import { runChild } from '../../record/child';
import type { Share } from './share';

export interface StepContext {
  job: Job;
  /** The recording as it is now (status completed, file in place). */
  recording: Recording;
  settings: Settings;
  bins: FfmpegBinaries;
  store: RecordingStore;
  profiles: ProfileStore;
  share: Share;
  secrets: SecretStore;
  dataDir: string;
  recordingsDir: string;
  /** Aborted when the app shuts down: the step stops, the job runs again on the next start. */
  signal: AbortSignal;
}

export interface StepOutcome {
  state: 'done' | 'skipped';
  /** One line for the recording's event log. */
  note: string;
  result?: Record<string, unknown>;
  outputTail?: string | null;
}

/** A step that failed, with what its program printed; `retry` when trying again later may help. */
export class StepError extends Error {
  constructor(
    message: string,
    readonly outputTail: string | null = null,
    readonly retry = false,
  ) {
    super(message);
  }
}

export type Step = (ctx: StepContext) => Promise<StepOutcome>;

/** The recording's file, which must exist. */
export async function recordingFile(recording: Recording): Promise<string> {
  const file = recording.outputPath;
  if (!file) throw new StepError('the recording has no file');
  await fs.access(file).catch(() => {
    throw new StepError(`the file is missing: ${file}`);
  });
  return file;
}

/** A temporary name beside `file` (same folder, so the final rename is atomic); hidden by its dot. */
export function tempBeside(file: string, purpose: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `.${path.basename(file, ext)}.${purpose}-${process.pid}${ext}`);
}

export interface MediaFacts {
  durationMs: number;
  streams: Array<{ type: string; codec: string }>;
  /** From the first video stream's field_order (null: unknown or no video). */
  fieldOrder: string | null;
}

/** Duration, streams and the video's field order (ffprobe; without it, what `ffmpeg -i` tells). */
export async function probeFacts(bins: FfmpegBinaries, file: string): Promise<MediaFacts> {
  if (!bins.ffprobe) {
    const basic = await probeMedia(bins, file);
    return { ...basic, fieldOrder: null };
  }
  const result = await runChild(
    bins.ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
    { timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new StepError(`ffprobe could not read ${file}`, result.stderrTail);
  const json = JSON.parse(result.stdout) as {
    format?: { duration?: string };
    streams?: Array<{ codec_type?: string; codec_name?: string; field_order?: string }>;
  };
  const duration = Number(json.format?.duration);
  const streams = json.streams ?? [];
  return {
    durationMs: Number.isFinite(duration) ? Math.round(duration * 1000) : 0,
    streams: streams.map((s) => ({ type: s.codec_type ?? 'unknown', codec: s.codec_name ?? 'unknown' })),
    fieldOrder: streams.find((s) => s.codec_type === 'video')?.field_order ?? null,
  };
}

/** Within `fraction` (or `floorMs`) of the expected duration. */
export function durationMatches(
  actualMs: number,
  expectedMs: number,
  fraction: number,
  floorMs = 0,
): boolean {
  return Math.abs(actualMs - expectedMs) <= Math.max(floorMs, expectedMs * fraction);
}
