// Runs capture sessions for recordings and turns their outcome into a final status.
import { promises as fs } from 'node:fs';
import { windowOf, type Recording } from '../../../src-shared/domain';
import { TapedeckError } from '../../../src-shared/contract';
import type { Clock, EventBus } from '../events';
import { recordingFilePath, segmentDir } from '../library/naming';
import type { RecordingStore } from '../recordings/store';
import { CaptureSession, type CaptureOutcome, type CaptureSettings, type CaptureTarget } from './capture';
import type { FfmpegBinaries } from './ffmpeg-path';
import { finalizeSegments, NothingCapturedError } from './finalize';

export interface RecorderDeps {
  store: RecordingStore;
  bus: EventBus;
  clock: Clock;
  bins: () => FfmpegBinaries;
  recordingsDir: () => string;
  settings: () => CaptureSettings;
  freeBytes: (dir: string) => Promise<number>;
  /** Stream URLs and headers for a recording (its channel's, or its own URL). */
  resolveSource: (recording: Recording) => Pick<CaptureTarget, 'urls' | 'headers'>;
  /** Bits per second to expect from this recording's source (learned, or a default). */
  expectedBitrate: (recording: Recording) => number;
}

/** Without a session's progress for this long, the monitor restarts its ffmpeg run. */
export const STUCK_AFTER_MS = 60_000;

type EndIntent = 'cancel' | null;

export class Recorder {
  private readonly sessions = new Map<number, CaptureSession>();
  private readonly intents = new Map<number, EndIntent>();
  /** Per recording: capture, then finalize, then the final status. */
  private readonly finishing = new Map<number, Promise<void>>();
  /** Recordings between the end of capture and their final status. */
  private readonly finalizing = new Map<number, Promise<void>>();

  constructor(private readonly deps: RecorderDeps) {}

  /** Capturing, or finalizing what was captured: either way the scheduler must leave it alone. */
  isActive(id: number): boolean {
    return this.sessions.has(id) || this.finalizing.has(id);
  }

  /** Resolves once this recording's capture and finalize are over (at once if there is none). */
  async idle(id: number): Promise<void> {
    await this.finalizing.get(id);
  }

  activeIds(): number[] {
    return [...this.sessions.keys()];
  }

  /** Starts (or resumes) capturing. The recording becomes `recording` if it is not already. */
  begin(recording: Recording, reason: string): Recording {
    if (this.isActive(recording.id)) return recording;
    const { store, clock } = this.deps;
    const window = windowOf(recording);
    let source: Pick<CaptureTarget, 'urls' | 'headers'>;
    try {
      source = this.deps.resolveSource(recording);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (recording.status === 'recording') return this.finishFailed(recording.id, message);
      return store.transition(recording.id, 'failed', message, { error: message });
    }
    const current =
      recording.status === 'recording'
        ? (store.note(recording.id, reason), recording)
        : store.transition(recording.id, 'recording', reason, {
            actualStartAt: recording.actualStartAt ?? clock.now(),
            error: null,
          });
    const session = new CaptureSession(
      {
        bins: this.deps.bins(),
        store,
        bus: this.deps.bus,
        clock,
        recordingsDir: this.deps.recordingsDir(),
        settings: this.deps.settings(),
        freeBytes: this.deps.freeBytes,
      },
      {
        recordingId: recording.id,
        windowEnd: window.end,
        expectedBitrate: this.deps.expectedBitrate(recording),
        ...source,
      },
    );
    this.sessions.set(recording.id, session);
    const finished = session.done
      .then((outcome) => {
        this.sessions.delete(recording.id);
        // The entry leaves the map as part of the same promise, so whoever awaited idle() sees it gone.
        const completing = this.complete(recording.id, outcome).finally(() =>
          this.finalizing.delete(recording.id),
        );
        this.finalizing.set(recording.id, completing);
        return completing;
      })
      .catch((error: unknown) => {
        console.error(`recording ${recording.id}: capture crashed`, error);
        this.finishFailed(
          recording.id,
          `internal error: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        if (this.sessions.get(recording.id) === session) this.sessions.delete(recording.id);
        if (this.finishing.get(recording.id) === finished) this.finishing.delete(recording.id);
      });
    this.finishing.set(recording.id, finished);
    return current;
  }

  /**
   * The monitor: a session with no sign of life for a minute (a wedged ffmpeg that neither writes nor
   * exits) gets its run ended, which the capture loop turns into a reconnect.
   */
  checkHealth(now: number): void {
    for (const [id, session] of this.sessions) {
      if (session.silentFor(now) > STUCK_AFTER_MS) {
        this.deps.store.note(
          id,
          `monitor: no progress for ${Math.round(session.silentFor(now) / 1000)} s; restarting capture`,
        );
        session.kick();
      }
    }
  }

  /** Stops capture and finalizes what was captured (stop keeps the file; cancel marks it cancelled). */
  async end(id: number, intent: 'stop' | 'cancel'): Promise<Recording> {
    const session = this.sessions.get(id);
    if (!session) {
      if (!this.finalizing.has(id))
        throw new TapedeckError('conflict', `recording ${id} is not capturing right now`);
      // Already ending on its own: wait for its final status rather than finalizing twice.
      await this.idle(id);
      return this.deps.store.get(id);
    }
    this.intents.set(id, intent === 'cancel' ? 'cancel' : null);
    await session.stop('stopped');
    // This recording's final status only: other captures run on, however long they take.
    await this.finishing.get(id);
    return this.deps.store.get(id);
  }

  /** Shutdown: close every segment cleanly; recordings stay `recording` and resume on next start. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.stop('shutdown')));
    await this.settled();
  }

  async settled(): Promise<void> {
    while (this.finishing.size > 0) await Promise.allSettled([...this.finishing.values()]);
  }

  /** Finalizes a recording whose capture is over (also used after a crash when the window passed). */
  async finalize(id: number, reason: string, lastError: string | null = null): Promise<Recording> {
    const { store, clock } = this.deps;
    const recording = store.get(id);
    const cancelled = this.intents.get(id) === 'cancel';
    this.intents.delete(id);
    const target = recordingFilePath(
      this.deps.recordingsDir(),
      recording.title,
      recording.startAt,
      recording.container,
    );
    try {
      const result = await finalizeSegments(this.deps.bins(), recording.segments, {
        path: target,
        container: recording.container,
      });
      await fs
        .rm(segmentDir(this.deps.recordingsDir(), id), { recursive: true, force: true })
        .catch(() => undefined);
      const patch = {
        outputPath: result.outputPath,
        sizeBytes: result.sizeBytes,
        durationMs: result.durationMs,
        capturedMs: result.capturedMs,
        actualEndAt: clock.now(),
        error: lastError,
      };
      return store.transition(
        id,
        cancelled ? 'cancelled' : 'completed',
        cancelled ? 'cancelled by the user; captured part kept' : reason,
        patch,
      );
    } catch (error) {
      const message =
        error instanceof NothingCapturedError
          ? `nothing was captured${lastError ? `: ${lastError}` : ''}`
          : error instanceof Error
            ? error.message
            : String(error);
      if (cancelled && error instanceof NothingCapturedError) {
        return store.transition(id, 'cancelled', 'cancelled by the user', { actualEndAt: clock.now() });
      }
      return store.transition(id, 'failed', message, { error: message, actualEndAt: clock.now() });
    }
  }

  private async complete(id: number, outcome: CaptureOutcome): Promise<void> {
    if (outcome.reason === 'shutdown') return;
    const reasons: Record<Exclude<CaptureOutcome['reason'], 'shutdown'>, string> = {
      'window-end': 'the recording window ended',
      stopped: 'stopped by the user',
      'disk-full': 'disk full: capture stopped at the free-space reserve',
      'gave-up': `gave up after repeated failures: ${outcome.lastError ?? 'unknown error'}`,
    };
    const error =
      outcome.reason === 'disk-full' ? 'disk full' : outcome.reason === 'gave-up' ? outcome.lastError : null;
    await this.finalize(id, reasons[outcome.reason], error);
  }

  private finishFailed(id: number, message: string): Recording {
    const recording = this.deps.store.get(id);
    if (recording.status !== 'recording' && recording.status !== 'scheduled') return recording;
    return this.deps.store.transition(id, 'failed', message, {
      error: message,
      actualEndAt: this.deps.clock.now(),
    });
  }
}
