// Runs capture sessions for recordings and turns their outcome into a final status.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { windowOf, type Recording } from '../../../src-shared/domain';
import { TapedeckError } from '../../../src-shared/contract';
import type { Clock, EventBus } from '../events';
import { segmentDir } from '../library/naming';
import type { RecordingStore } from '../recordings/store';
import { diskSpace } from './disk-space';
import type { StartLatency } from './start-latency';
import {
  CaptureRefusedError,
  CaptureSession,
  type CaptureOutcome,
  type CaptureSettings,
  type CaptureTarget,
} from './capture';
import type { FfmpegBinaries } from './ffmpeg-path';
import { adoptFinishedFile, finalizeSegments, NothingCapturedError, type FinalizeResult } from './finalize';
import { redactError } from '../redact';
import { NoFreeConnectionError, type ConnectionGuard } from '../schedule/connection-guard';
import type { RecorderHooks } from '../library/postprocess/recorder-hooks';

export interface RecorderDeps extends Partial<RecorderHooks> {
  store: RecordingStore;
  bus: EventBus;
  clock: Clock;
  bins: () => FfmpegBinaries;
  recordingsDir: () => string;
  settings: () => CaptureSettings;
  freeBytes: (dir: string) => Promise<number>;
  /** The data folder (the database's disk needs headroom too). */
  dataDir: string;
  /** Stream URLs and headers for a recording (its channel's, or its own URL). */
  resolveSource: (recording: Recording) => Pick<CaptureTarget, 'urls' | 'headers'>;
  /** Bits per second to expect from this recording's source (learned, or a default). */
  expectedBitrate: (recording: Recording) => number;
  /** Learns each source's time to first byte (the scheduler starts captures that much early). */
  latency: StartLatency;
  /** Asked before every capture: never one more provider connection than the account allows. */
  connections: ConnectionGuard;
  /** Where a finished recording's file goes (the library's naming templates, library-path.ts). */
  outputPath: (recording: Recording, root: string) => Promise<string>;
}

/** A recording started "now" has its window re-anchored on its first bytes, keeping its length: ffmpeg's
 * start is not a gap in the programme, and "record 25 minutes from now" gives 25 minutes. */
const STARTED_NOW_MS = 5_000;

/** Without a session's progress for this long, the monitor restarts its ffmpeg run. */
export const STUCK_AFTER_MS = 60_000;

type EndIntent = 'cancel' | null;

export class Recorder {
  private readonly sessions = new Map<number, CaptureSession>();
  private readonly intents = new Map<number, EndIntent>();
  /** Per recording: capture, then finalize, then the final status. */
  private readonly finishing = new Map<number, Promise<void>>();
  /** Recordings whose start the user just moved to now (start-now): see STARTED_NOW_MS. */
  private readonly startedNow = new Set<number>();
  /** Finalizes whose result the database refused, by recording: retried by reconcile. */
  private readonly deferred = new Map<number, { reason: string; error: string | null }>();
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
  begin(recording: Recording, reason: string, options: { startedNow?: boolean } = {}): Recording {
    if (this.isActive(recording.id)) return recording;
    if (options.startedNow) this.startedNow.add(recording.id);
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
    // A direct URL (its own, not its channel's) belongs to no connection group.
    const lease = this.deps.connections.tryAcquire(
      recording.id,
      recording.url === null ? recording.channelId : null,
      recording.title,
    );
    if (!lease.ok) throw new NoFreeConnectionError(lease.reason);
    let current: Recording;
    let session: CaptureSession;
    try {
      current =
        recording.status === 'recording'
          ? (store.note(recording.id, reason), recording)
          : store.transition(recording.id, 'recording', reason, {
              actualStartAt: recording.actualStartAt ?? clock.now(),
              error: null,
              conflict: null,
            });
      const settings = this.deps.settings();
      const recordingsDir = this.deps.recordingsDir();
      session = new CaptureSession(
        {
          bins: this.deps.bins(),
          store,
          bus: this.deps.bus,
          clock,
          recordingsDir,
          settings,
          space: diskSpace({
            freeBytes: this.deps.freeBytes,
            recordingsDir,
            dataDir: this.deps.dataDir,
            reserveBytes: settings.diskReserveBytes,
            databaseHeadroomBytes: settings.databaseHeadroomBytes,
          }),
          onFirstBytes: (event) => this.onFirstBytes(recording.id, event),
          ...(this.deps.segmentRoot ? { segmentRoot: this.deps.segmentRoot } : {}),
        },
        {
          recordingId: recording.id,
          windowEnd: window.end,
          expectedBitrate: this.deps.expectedBitrate(recording),
          profile: this.deps.captureProfile?.(recording) ?? null,
          ...source,
        },
      );
    } catch (error) {
      lease.release();
      throw error;
    }
    // The connection is the provider's, not the file's: give it back as soon as capture ends, before
    // finalize (minutes for a long join, and no connection needed). Registered before the chain below,
    // so it runs before this recording can begin again.
    void session.done.then(lease.release, lease.release);
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
        console.error(`recording ${recording.id}: capture crashed`, redactError(error));
        try {
          this.finishFailed(
            recording.id,
            error instanceof CaptureRefusedError
              ? error.message
              : `internal error: ${error instanceof Error ? error.message : String(error)}`,
          );
        } catch (again) {
          // The database refused even that (disk full, say): the row stays `recording`, and the next
          // reconcile finalizes it from its segments once it can write.
          console.error(
            `recording ${recording.id}: could not record the failure; reconcile will retry`,
            redactError(again),
          );
        }
      })
      .finally(() => {
        lease.release(); // idempotent: a safety net for a session that never settled its done
        if (this.sessions.get(recording.id) === session) this.sessions.delete(recording.id);
        if (this.finishing.get(recording.id) === finished) this.finishing.delete(recording.id);
      });
    this.finishing.set(recording.id, finished);
    return current;
  }

  private onFirstBytes(id: number, event: { segmentIndex: number; ttfbMs: number; at: number }): void {
    try {
      const recording = this.deps.store.get(id);
      this.deps.latency.learn(recording, event.ttfbMs);
      const window = windowOf(recording);
      const session = this.sessions.get(id);
      const startedNow =
        (this.startedNow.delete(id) || Math.abs(window.start - recording.createdAt) <= STARTED_NOW_MS) &&
        event.segmentIndex === 0 &&
        recording.padBeforeMs === 0 &&
        event.at > window.start &&
        event.at - window.start < 60_000;
      if (!startedNow || !session) return;
      const shift = event.at - window.start;
      this.deps.store.update(
        id,
        { startAt: recording.startAt + shift, endAt: recording.endAt + shift },
        `the window starts at the first bytes, ${(shift / 1000).toFixed(1)} s after it was asked for, and keeps its length`,
      );
      session.setWindowEnd(session.windowEnd + shift);
    } catch (error) {
      // Learning and re-anchoring are refinements: the capture itself goes on regardless.
      console.error(`recording ${id}: could not note its first bytes`, redactError(error));
    }
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

  /** The computer slept from `since`: every capture ends its segment there and starts a new one. */
  wokeFromSleep(since: number): void {
    for (const [id, session] of this.sessions) {
      this.deps.store.note(id, 'the computer was asleep; capture continues in a new segment');
      session.wokeFromSleep(since);
    }
  }

  /** Moves a running capture's window end (the guide extended its programme, the user edited it). */
  setWindowEnd(id: number, end: number): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    session.setWindowEnd(end);
    return true;
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

  /**
   * Finalizes a recording whose capture is over (also used after a crash when the window passed). The
   * row learns the output path before any file moves, and a result it cannot record is undone, so a
   * file never sits in the recordings folder without its row; a finalize cut short (crash, a database
   * that refused the write) is finished by the next one, which adopts a file already in place.
   */
  async finalize(id: number, reason: string, lastError: string | null = null): Promise<Recording> {
    const { store, clock } = this.deps;
    const recording = store.get(id);
    const cancelled = this.intents.get(id) === 'cancel';
    this.intents.delete(id);
    const finalStatus = cancelled ? 'cancelled' : 'completed';
    const finalReason = cancelled ? 'cancelled by the user; captured part kept' : reason;
    let result: FinalizeResult;
    try {
      // The recordings folder, or local scratch while it is a share that does not answer.
      const root = (await this.deps.outputRoot?.()) ?? this.deps.recordingsDir();
      result =
        (await adoptFinishedFile(this.deps.bins(), recording)) ??
        (await finalizeSegments(this.deps.bins(), recording.segments, {
          path: await this.deps.outputPath(recording, root),
          container: recording.container,
          root,
          onOutput: (outputPath) => {
            store.update(id, { outputPath }, `finalizing into ${path.basename(outputPath)}`);
          },
        }));
    } catch (error) {
      const message =
        error instanceof NothingCapturedError
          ? `nothing was captured${lastError ? `: ${lastError}` : ''}`
          : error instanceof Error
            ? error.message
            : String(error);
      if (cancelled && error instanceof NothingCapturedError) {
        return store.transition(id, 'cancelled', 'cancelled by the user', {
          actualEndAt: clock.now(),
          outputPath: null,
        });
      }
      return store.transition(id, 'failed', message, {
        error: message,
        actualEndAt: clock.now(),
        outputPath: null,
      });
    }
    let final: Recording;
    try {
      final = store.transition(id, finalStatus, finalReason, {
        outputPath: result.outputPath,
        sizeBytes: result.sizeBytes,
        durationMs: result.durationMs,
        capturedMs: result.capturedMs,
        actualEndAt: clock.now(),
        error: lastError,
      });
    } catch (error) {
      await result.undo().catch((undoError: unknown) => {
        console.error(`recording ${id}: could not undo the finalize`, redactError(undoError));
      });
      throw error;
    }
    await result.done().catch(() => undefined);
    await fs
      .rm(segmentDir(this.deps.recordingsDir(), id), { recursive: true, force: true })
      .catch(() => undefined);
    this.deps.onFinalized?.(final);
    return final;
  }

  private async complete(
    id: number,
    outcome: CaptureOutcome,
    retry?: { reason: string; error: string | null },
  ): Promise<void> {
    if (outcome.reason === 'shutdown') return;
    const reasons: Record<Exclude<CaptureOutcome['reason'], 'shutdown'>, string> = {
      'window-end': 'the recording window ended',
      stopped: 'stopped by the user',
      'disk-full': `capture stopped: ${outcome.lastError ?? 'disk full'}`,
      'gave-up': `gave up after repeated failures: ${outcome.lastError ?? 'unknown error'}`,
    };
    const reason = retry?.reason ?? reasons[outcome.reason];
    const error =
      retry?.error ??
      (outcome.reason === 'disk-full'
        ? (outcome.lastError ?? 'disk full')
        : outcome.reason === 'gave-up'
          ? outcome.lastError
          : null);
    try {
      await this.finalize(id, reason, error);
    } catch (failure) {
      // The file is back where it was and the row still says `recording`: finish on the next
      // reconcile (finalizeDeferred), not by resuming a capture the user or the window ended.
      console.error(
        `recording ${id}: finalize could not be recorded; retrying on the next reconcile`,
        redactError(failure),
      );
      this.deferred.set(id, { reason, error });
    }
  }

  /** A finalize whose result could not be recorded, waiting for the next reconcile. */
  hasDeferredFinalize(id: number): boolean {
    return this.deferred.has(id);
  }

  /** Retries a deferred finalize (reconcile calls this; it may be deferred again). */
  async finalizeDeferred(id: number): Promise<void> {
    const pending = this.deferred.get(id);
    if (!pending) return;
    this.deferred.delete(id);
    await this.complete(id, { reason: 'window-end', lastError: null }, pending);
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
