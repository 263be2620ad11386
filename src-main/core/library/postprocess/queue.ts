// The job runner: one job at a time (two cores, and captures come first), a recording's steps in
// order, a timer for the next due retry. Each change is a `library.job` event; each outcome a line in
// the recording's event log. A step that throws is a failed job, never a crash, and never touches a
// recording that is not `completed`.
import type { Job, JobStep } from '../../../../src-shared/contract-library-process';
import type { Clock, EventBus } from '../../events';
import { redactError } from '../../redact';
import type { RecordingStore } from '../../recordings/store';
import type { JobStore } from './job-store';
import { StepError, type StepOutcome } from './step';

export interface RetryPolicy {
  /** First wait after a failure that may pass (a share away, an S3 error); doubles per try. */
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 30 * 60_000 };

export interface QueueDeps {
  jobs: JobStore;
  store: RecordingStore;
  bus: EventBus;
  clock: Clock;
  retry: RetryPolicy;
  /** Runs one job's step (the signal aborts it at shutdown). */
  run: (job: Job, signal: AbortSignal) => Promise<StepOutcome>;
  /** How many tries a retryable failure of this step gets (Infinity: until it works). */
  maxAttempts: (step: JobStep) => number;
}

export class JobQueue {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private stopped = true;
  /** A poke while a job runs: look again right after it. */
  private again = false;

  constructor(private readonly deps: QueueDeps) {}

  start(): void {
    this.stopped = false;
    const requeued = this.deps.jobs.requeueRunning();
    if (requeued > 0)
      console.warn(`post-processing: ${requeued} job(s) cut short by the last exit run again`);
    this.poke();
  }

  /** Something was queued or became due: run what can run. */
  poke(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), 0);
  }

  /** Stops the job under way (it runs again on the next start) and the timer. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    await this.current;
  }

  /** Resolves when no job is running or due (tests, and a shutdown that wants a clean state). */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  private async drain(): Promise<void> {
    this.timer = null;
    while (!this.stopped) {
      this.again = false;
      const job = this.deps.jobs.next();
      if (!job) break;
      this.current = this.runOne(job);
      await this.current;
      this.current = null;
    }
    this.current = null;
    if (this.stopped) return;
    if (this.again) return this.poke();
    const due = this.deps.jobs.nextDueAt();
    if (due !== null) {
      this.timer = setTimeout(() => void this.drain(), Math.max(50, due - this.deps.clock.now()));
      this.timer.unref();
    }
  }

  private async runOne(pending: Job): Promise<void> {
    const { jobs, store, clock } = this.deps;
    const recording = store.find(pending.recordingId);
    if (!recording || recording.status !== 'completed') {
      this.emit(
        jobs.finish(pending.id, 'skipped', {
          error: recording ? `the recording is ${recording.status}, not completed` : 'the recording is gone',
        }),
      );
      return;
    }
    const job = jobs.start(pending.id);
    this.emit(job);
    this.abort = new AbortController();
    const signal = this.abort.signal;
    let outcome: StepOutcome | null = null;
    let failure: StepError | null = null;
    try {
      outcome = await this.deps.run(job, signal);
    } catch (error) {
      failure =
        error instanceof StepError
          ? error
          : new StepError(error instanceof Error ? error.message : String(error));
      if (!(error instanceof StepError)) {
        console.error(`post-processing job ${job.id} (${job.step}) failed`, redactError(error));
      }
    } finally {
      this.abort = null;
    }
    // The recording (and its jobs, by cascade) deleted while the step ran: nothing left to record.
    if (!store.find(job.recordingId)) return;
    if (signal.aborted) {
      // Shutdown: not the step's fault. It runs again on the next start, this try not counted.
      jobs.retryAt(job.id, clock.now(), { error: null });
      return;
    }
    if (outcome) {
      const done = jobs.finish(job.id, outcome.state, {
        error: null,
        outputTail: outcome.outputTail ?? null,
        result: outcome.result ?? null,
      });
      if (outcome.state === 'done') store.note(job.recordingId, `post-processing: ${outcome.note}`);
      this.emit(done);
      return;
    }
    const error = failure!;
    const max = this.deps.maxAttempts(job.step);
    if (error.retry && job.attempts < max) {
      const wait = Math.min(this.deps.retry.baseMs * 2 ** (job.attempts - 1), this.deps.retry.maxMs);
      const retried = jobs.retryAt(job.id, clock.now() + wait, {
        error: error.message,
        outputTail: error.outputTail,
      });
      // Once per failure streak in the event log, not once per retry of a share away for a day.
      if (job.attempts === 1) {
        store.note(job.recordingId, `post-processing: ${job.step} failed (${error.message}); retrying`);
      }
      this.emit(retried);
      return;
    }
    const failed = jobs.finish(job.id, 'failed', { error: error.message, outputTail: error.outputTail });
    store.note(job.recordingId, `post-processing: ${job.step} failed: ${error.message}`);
    this.emit(failed);
  }

  private emit(job: Job): void {
    this.deps.bus.emit('library.job', job);
  }
}
