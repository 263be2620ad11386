// Post-processing, put together: what a finished recording goes through (transcode by its profile,
// comskip, off local scratch to the share, the user's hook, S3 upload), queued as jobs when the
// recorder finalizes it; the profile a capture encodes with; where segments and finished files go
// while the recordings folder is a share that does not answer.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type {
  Job,
  JobStep,
  RecordingBreaks,
  UploadState,
} from '../../../../src-shared/contract-library-process';
import { TapedeckError } from '../../../../src-shared/contract';
import type { Recording } from '../../../../src-shared/domain';
import type { Settings } from '../../../../src-shared/settings';
import type { Db } from '../../db/open';
import type { Clock, EventBus } from '../../events';
import type { FfmpegBinaries } from '../../record/ffmpeg-path';
import type { RecordingStore } from '../../recordings/store';
import type { SecretStore } from '../../secrets';
import { segmentDir } from '../naming';
import { JobStore } from './job-store';
import type { EncodeProfile } from './profile-args';
import { ProfileStore } from './profile-store';
import type { RecorderHooks } from './recorder-hooks';
import { DEFAULT_RETRY, JobQueue, type RetryPolicy } from './queue';
import { Share, ShareAwayError } from './share';
import { StepError, type StepContext, type StepOutcome } from './step';
import { comskipStep, findComskip } from './step-comskip';
import { hookStep } from './step-hook';
import { transcodeStep } from './step-transcode';
import { uploadStep } from './step-upload';

export interface PostProcessDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  store: RecordingStore;
  secrets: SecretStore;
  dataDir: string;
  settings: () => Settings;
  recordingsDir: () => string;
  bins: () => FfmpegBinaries;
  retry?: Partial<RetryPolicy>;
}

/** The order a recording's steps run in: the hook sees the final file where it will stay. */
const ORDER: readonly JobStep[] = ['transcode', 'comskip', 'move', 'hook', 'upload'];

export class PostProcess {
  readonly jobs: JobStore;
  readonly profiles: ProfileStore;
  readonly share: Share;
  readonly queue: JobQueue;

  constructor(private readonly deps: PostProcessDeps) {
    const now = () => deps.clock.now();
    this.jobs = new JobStore(deps.db, now);
    this.profiles = new ProfileStore(deps.db, now);
    this.share = new Share(
      deps.recordingsDir,
      path.join(deps.dataDir, 'scratch'),
      () => deps.settings().scratchSegments,
    );
    this.queue = new JobQueue({
      jobs: this.jobs,
      store: deps.store,
      bus: deps.bus,
      clock: deps.clock,
      retry: { ...DEFAULT_RETRY, ...deps.retry },
      run: (job, signal) => this.runStep(job, signal),
      // A share may be away for days: its move waits for it. Uploads try as often as the settings say.
      maxAttempts: (step) =>
        step === 'move' ? Infinity : step === 'upload' ? (deps.settings().s3?.maxAttempts ?? 5) : 1,
    });
  }

  start(): void {
    this.queue.start();
  }

  stop(): Promise<void> {
    return this.queue.stop();
  }

  /**
   * The recorder finalized a recording (called once, after its final status is written). A completed
   * one gets its steps queued; the scratch segments of either are removed like the recorder's own.
   */
  finalized(recording: Recording): void {
    void fs
      .rm(segmentDir(this.share.scratchDir, recording.id), { recursive: true, force: true })
      .catch(() => undefined);
    if (recording.status !== 'completed') return;
    const steps = this.stepsFor(recording);
    if (steps.length === 0) return;
    for (const job of this.jobs.enqueue(recording.id, steps)) this.deps.bus.emit('library.job', job);
    this.queue.poke();
  }

  /** Queues steps again for a finished recording (the user asked). */
  enqueue(recordingId: number, steps: readonly JobStep[]): Job[] {
    const recording = this.deps.store.get(recordingId);
    if (recording.status !== 'completed') {
      throw new TapedeckError(
        'conflict',
        `recording ${recordingId} is ${recording.status}: only completed recordings are post-processed`,
      );
    }
    const ordered = ORDER.filter((s) => steps.includes(s));
    const queued = this.jobs.enqueue(recordingId, ordered);
    for (const job of queued) this.deps.bus.emit('library.job', job);
    this.queue.poke();
    return queued;
  }

  retry(id: number): Job {
    const before = this.jobs.get(id);
    if (before.state !== 'failed' && before.state !== 'skipped') {
      throw new TapedeckError(
        'conflict',
        `job ${id} is ${before.state}: only failed or skipped jobs are retried`,
      );
    }
    const job = this.jobs.retryAt(id, this.deps.clock.now(), {});
    this.deps.bus.emit('library.job', job);
    this.queue.poke();
    return job;
  }

  private stepsFor(recording: Recording): JobStep[] {
    const settings = this.deps.settings();
    const steps: JobStep[] = [];
    const { profile } = this.profiles.effective(recording.id, settings.defaultProfileId);
    if (profile && profile.kind !== 'copy' && profile.when === 'after') steps.push('transcode');
    if (settings.comskipEnabled) {
      if (findComskip(settings.comskipPath)) steps.push('comskip');
      else this.deps.store.note(recording.id, 'post-processing: comskip is on but not installed; skipped');
    }
    if (this.share.isWaiting(recording.outputPath)) steps.push('move');
    if (settings.postProcessCommand) steps.push('hook');
    if (settings.s3) steps.push('upload');
    return steps;
  }

  /** What the recorder asks of post-processing (record/recorder.ts). */
  recorderHooks(): RecorderHooks {
    return {
      captureProfile: (recording) => this.captureProfile(recording),
      segmentRoot: () => this.share.segmentRoot(),
      outputRoot: () => this.share.outputRoot(),
      onFinalized: (recording) => this.finalized(recording),
    };
  }

  /** The profile a capture encodes with (one that applies 'capture'), or null for stream copy. */
  captureProfile(recording: Recording): EncodeProfile | null {
    const { profile } = this.profiles.effective(recording.id, this.deps.settings().defaultProfileId);
    return profile && profile.kind !== 'copy' && profile.when === 'capture' ? profile : null;
  }

  breaks(id: number): RecordingBreaks {
    this.deps.store.get(id);
    const job = this.jobs.latest(id, 'comskip');
    const result = job?.state === 'done' ? job.result : null;
    if (!result) {
      const note = !job
        ? 'commercial detection has not run on this recording'
        : job.state === 'failed'
          ? `commercial detection failed: ${job.error ?? 'unknown error'}`
          : job.state === 'skipped'
            ? `commercial detection was skipped${job.error ? `: ${job.error}` : ''}`
            : 'commercial detection is still to come';
      return { id, breaks: [], edlPath: null, cut: false, removedMs: 0, note };
    }
    const cut = result.cut === true;
    const breaks = Array.isArray(result.breaks) ? (result.breaks as RecordingBreaks['breaks']) : [];
    return {
      id,
      breaks: cut ? [] : breaks,
      edlPath: typeof result.edlPath === 'string' ? result.edlPath : null,
      cut,
      removedMs: typeof result.removedMs === 'number' ? result.removedMs : 0,
      note: null,
    };
  }

  upload(id: number): { id: number; state: UploadState; job: Job | null } {
    this.deps.store.get(id);
    const job = this.jobs.latest(id, 'upload');
    const state: UploadState = !job
      ? 'none'
      : job.state === 'running'
        ? 'uploading'
        : job.state === 'done'
          ? 'uploaded'
          : job.state === 'pending'
            ? 'pending'
            : 'failed';
    return { id, state, job };
  }

  private async runStep(job: Job, signal: AbortSignal): Promise<StepOutcome> {
    const recording = this.deps.store.get(job.recordingId);
    const ctx: StepContext = {
      job,
      recording,
      settings: this.deps.settings(),
      bins: this.deps.bins(),
      store: this.deps.store,
      profiles: this.profiles,
      share: this.share,
      secrets: this.deps.secrets,
      dataDir: this.deps.dataDir,
      recordingsDir: this.deps.recordingsDir(),
      signal,
    };
    switch (job.step) {
      case 'transcode':
        return transcodeStep(ctx);
      case 'comskip':
        return comskipStep(ctx);
      case 'hook':
        return hookStep(ctx, this.breaks(recording.id).edlPath);
      case 'upload':
        return uploadStep(ctx);
      case 'move':
        return this.moveStep(ctx);
    }
  }

  private async moveStep(ctx: StepContext): Promise<StepOutcome> {
    const from = ctx.recording.outputPath;
    if (!this.share.isWaiting(from)) return { state: 'skipped', note: 'the file is not waiting in scratch' };
    try {
      const moved = await this.share.moveToShare(from!);
      this.deps.store.update(
        ctx.recording.id,
        { outputPath: moved.path },
        `moved from local scratch to the recordings folder: ${moved.path}`,
      );
      return { state: 'done', note: 'moved to the recordings folder', result: { from, to: moved.path } };
    } catch (error) {
      const away = error instanceof ShareAwayError;
      throw new StepError(
        away
          ? `the recordings folder does not answer (${error.message}); the file waits in ${path.dirname(from!)}`
          : `moving to the recordings folder failed: ${(error as Error).message}`,
        null,
        true,
      );
    }
  }
}
