// One recording's capture: a loop of ffmpeg runs (segments) that lasts until the window closes.
// A run that ends early (drop, HTTP error, stall, early end of stream) is followed by a new
// segment after a short backoff; nothing captured is ever deleted by a retry.
// The parts live beside it: capture-types.ts (target, deps, outcome), capture-backoff.ts (retry
// delay, failover wording), capture-disk.ts (free-space checks), segment-watchdog.ts (stall,
// progress saves, disk checks while a run goes), segment-progress.ts (ffmpeg's progress into the
// run's figures), segment-end.ts (why and when a run ended).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CaptureState, SegmentEndReason } from '../../../src-shared/domain';
import { segmentFileName } from '../library/naming';
import { retryDelay, shownUrl } from './capture-backoff';
import { checkSpaceAtStart } from './capture-disk';
import {
  CaptureRefusedError,
  type CaptureDeps,
  type CaptureOutcome,
  type CaptureTarget,
  type StopReason,
} from './capture-types';
import { spawnChild, type RunningChild } from './child';
import { buildCaptureArgs } from './ffmpeg-args';
import { segmentEnd, type ForcedEnd, type SegmentRun } from './segment-end';
import { segmentFolder } from './segment-folder';
import { readSegmentProgress, type RunFigures } from './segment-progress';
import { watchSegment } from './segment-watchdog';
import { prepareCaptureUrl } from './stream-handoff';

export { DEFAULT_CAPTURE_SETTINGS, type CaptureSettings } from './capture-settings';
export { retryDelay } from './capture-backoff';
export {
  CaptureRefusedError,
  type CaptureDeps,
  type CaptureOutcome,
  type CaptureTarget,
  type StopReason,
} from './capture-types';

/**
 * ffmpeg's own -t bound is this far past the window end: the window timer stops it cleanly at the end,
 * and the slack lets the end move later while it runs (an overrun, a start re-anchored on its first
 * bytes). The bound only matters for an ffmpeg that outlives a killed app, which the next start stops.
 */
const RUN_BOUND_SLACK_SEC = 120;

export class CaptureSession {
  readonly done: Promise<CaptureOutcome>;
  private child: RunningChild | null = null;
  private stopReason: StopReason | null = null;
  /** Last sign of life (progress, a new segment, a backoff); the monitor kicks a session that has none. */
  private lastActivityAt: number;
  private wake: (() => void) | null = null;
  private forceEnd: ((reason: SegmentEndReason) => void) | null = null;
  private rearmWindow: (() => void) | null = null;
  private bytesBefore = 0;
  private mediaMsBefore = 0;
  /** Where the last sleep began (wokeFromSleep), for the segment it ends. */
  private sleptSince: number | null = null;
  /** Free space was under LOW_SPACE_BYTES at the last check: check every second. */
  private readonly disk = { low: false };
  /** The capture profile failed to produce anything: the rest is a stream copy. */
  private copyOnly = false;

  constructor(
    private readonly deps: CaptureDeps,
    private readonly target: CaptureTarget & { windowEnd: number },
  ) {
    this.lastActivityAt = deps.clock.now();
    this.done = this.run();
  }

  /** No progress for this long while capturing: the monitor treats the session as stuck. */
  silentFor(now: number): number {
    return now - this.lastActivityAt;
  }

  /** Ends the current ffmpeg run as stalled so the loop reconnects (used by the monitor). */
  kick(): void {
    this.lastActivityAt = this.deps.clock.now();
    this.forceEnd?.('stalled');
  }

  /**
   * The computer slept from `since`: the run under way (its socket is likely dead, its timestamps jump)
   * ends there, and the loop starts a new segment now, so the sleep shows as a gap with its reason.
   */
  wokeFromSleep(since: number): void {
    this.lastActivityAt = this.deps.clock.now();
    this.sleptSince = since;
    this.forceEnd?.('asleep');
  }

  /** Moves the end of the window (later or earlier) while capturing; the current run follows it. */
  setWindowEnd(end: number): void {
    this.target.windowEnd = end;
    this.rearmWindow?.();
  }

  get windowEnd(): number {
    return this.target.windowEnd;
  }

  /** Ends the capture; the current segment is closed cleanly and kept. */
  async stop(reason: StopReason): Promise<CaptureOutcome> {
    this.stopReason ??= reason;
    this.wake?.();
    await this.child?.stop();
    return this.done;
  }

  private async run(): Promise<CaptureOutcome> {
    const { store, clock, settings } = this.deps;
    // Asked again before each run: a share that went away sends the next segment to local scratch.
    const segmentsDir = () =>
      segmentFolder(this.deps.recordingsDir, this.deps.segmentRoot, this.target.recordingId).catch(
        (error: Error) => {
          throw new CaptureRefusedError(error.message);
        },
      );
    let dir = await segmentsDir();
    const existing = store.get(this.target.recordingId).segments;
    let index = existing.reduce((max, s) => Math.max(max, s.index + 1), 0);
    this.bytesBefore = existing.reduce((sum, s) => sum + s.bytes, 0);
    this.mediaMsBefore = existing.reduce((sum, s) => sum + s.mediaMs, 0);
    let failures = 0;
    let urlIndex = 0;
    let lastError: string | null = null;
    let capturedAny = existing.length > 0;
    this.disk.low = await checkSpaceAtStart(
      this.deps.space,
      store,
      this.target.recordingId,
      () => ((this.target.windowEnd - clock.now()) / 1000) * (this.target.expectedBitrate / 8),
    );

    while (this.stopReason === null && clock.now() < this.target.windowEnd - 500) {
      const shortage = await this.deps.space.shortage().catch(() => null);
      if (shortage) return { reason: 'disk-full', lastError: shortage };
      const url = this.target.urls[urlIndex % this.target.urls.length]!;
      if (this.deps.segmentRoot && index > 0) dir = await segmentsDir();
      const file = path.join(dir, segmentFileName(index));
      const run = await this.runSegment(index, file, url);
      if (run.bytes > 0) {
        index++;
        capturedAny = true;
        this.bytesBefore += run.bytes;
        this.mediaMsBefore += run.mediaMs;
      }
      if (run.reason === 'disk-full') return { reason: 'disk-full', lastError: run.error };
      if (run.reason === 'window-end' || run.reason === 'stopped' || run.reason === 'shutdown') break;
      lastError = run.error ?? run.reason;
      // A run that streamed for a while (wall time: a playlist that ends can hand over seconds of
      // media in an instant) means the source works: reconnect at once and start the backoff over.
      // A sleep is no failure of the source: reconnect at once.
      const worked = run.reason === 'asleep' || (run.bytes > 0 && run.wallMs >= 5_000);
      failures = worked ? 1 : failures + 1;
      // An encoding profile that captures nothing twice (a GPU that is not there) must not cost the show.
      if (this.target.profile && !this.copyOnly && run.bytes === 0 && failures >= 2) {
        this.copyOnly = true;
        store.note(this.target.recordingId, 'the capture profile produced nothing; recording a stream copy');
      }
      // Give up only on a start that never worked. Once something was captured, keep reconnecting
      // until the window closes: an outage of minutes must cost minutes, not the rest of the show.
      if (!capturedAny && failures >= settings.maxFailedAttempts) return { reason: 'gave-up', lastError };
      if (this.target.urls.length > 1 && run.bytes === 0 && failures % 2 === 0) {
        const from = url;
        urlIndex++;
        store.note(
          this.target.recordingId,
          `failover: ${shownUrl(from)} -> ${shownUrl(this.target.urls[urlIndex % this.target.urls.length]!)}`,
        );
      }
      const delay = worked ? 0 : retryDelay(failures, settings);
      store.note(
        this.target.recordingId,
        `segment ended (${lastError}); reconnecting in ${(delay / 1000).toFixed(1)} s`,
      );
      this.announce('reconnecting', lastError, clock.now() + delay);
      await this.sleep(Math.min(delay, Math.max(0, this.target.windowEnd - clock.now())));
    }
    if (this.stopReason) return { reason: this.stopReason, lastError };
    return { reason: 'window-end', lastError };
  }

  private async runSegment(index: number, file: string, url: string): Promise<SegmentRun> {
    const { store, clock, settings, bus, bins } = this.deps;
    const id = this.target.recordingId;
    this.announce('connecting', null, null);
    // ffmpeg gets a local URL that redirects to the real one: no credentials in its arguments (`ps`).
    const source = await prepareCaptureUrl(url, this.target.headers);
    const startedAt = clock.now();
    const remainingSec = (this.target.windowEnd - startedAt) / 1000;
    store.openSegment(id, index, file, startedAt);
    const attempt = store.get(id).attempt + 1;
    store.update(id, { attempt });
    const child = spawnChild(
      bins.ffmpeg,
      buildCaptureArgs({
        url: source.url,
        output: file,
        maxSeconds: remainingSec + RUN_BOUND_SLACK_SEC,
        headers: source.headers,
        profile: this.copyOnly ? null : (this.target.profile ?? null),
      }),
    );
    this.child = child;
    this.lastActivityAt = startedAt;
    store.setSegmentPid(id, index, child.process.pid ?? null);

    const figures: RunFigures = { bytes: 0, mediaMs: 0, lastGrowthAt: startedAt };
    const ending: ForcedEnd = { forced: null, stalledSince: null, diskShortage: null };
    readSegmentProgress(child.process.stdout, {
      figures,
      startedAt,
      clock,
      firstBytes: (at) => {
        this.deps.onFirstBytes?.({ segmentIndex: index, ttfbMs: at - startedAt, at });
        this.announce('capturing', null, null);
      },
      sample: (sample) => {
        this.lastActivityAt = clock.now();
        bus.emit('recording.progress', {
          id,
          segmentIndex: index,
          bytes: this.bytesBefore + figures.bytes,
          seconds: (this.mediaMsBefore + figures.mediaMs) / 1000,
          bitrateKbps: sample.bitrateKbps,
          speed: sample.speed,
          at: clock.now(),
        });
      },
    });
    // When a stall is declared, the data ended at the last growth; ffmpeg's final flush on `q`
    // still reports bytes afterwards, so remember the moment now.
    const end = (reason: SegmentEndReason) => {
      if (ending.forced === null && reason === 'stalled') ending.stalledSince = figures.lastGrowthAt;
      ending.forced ??= reason;
      void child.stop();
    };
    this.forceEnd = end;
    if (this.stopReason) end(this.stopReason);
    this.wake = () => end(this.stopReason ?? 'stopped');
    let windowTimer = setTimeout(() => end('window-end'), Math.max(0, this.target.windowEnd - startedAt));
    this.rearmWindow = () => {
      clearTimeout(windowTimer);
      windowTimer = setTimeout(() => end('window-end'), Math.max(0, this.target.windowEnd - clock.now()));
    };
    const stopWatch = watchSegment({
      recordingId: id,
      index,
      startedAt,
      figures,
      store,
      space: this.deps.space,
      clock,
      settings,
      disk: this.disk,
      stall: () => end('stalled'),
      diskFull: (shortage) => {
        ending.diskShortage = shortage;
        end('disk-full');
      },
    });

    const exit = await child.exited;
    source.release();
    clearTimeout(windowTimer);
    stopWatch();
    this.rearmWindow = null;
    this.child = null;
    this.wake = null;
    this.forceEnd = null;
    const bytes = await fs.stat(file).then(
      (s) => s.size,
      () => 0,
    );
    const { mediaMs } = figures;
    const { reason, endedAt, error } = segmentEnd({
      ...ending,
      startedAt,
      now: clock.now(),
      lastGrowthAt: figures.lastGrowthAt,
      sleptSince: this.sleptSince,
      windowEnd: this.target.windowEnd,
      exit,
      stallTimeoutMs: settings.stallTimeoutMs,
    });
    if (bytes === 0) {
      // A run that captured nothing leaves no segment, only its reason in the event log.
      await fs.rm(file, { force: true });
      store.deleteSegment(id, index);
      store.note(id, `attempt ${attempt} captured nothing: ${error ?? reason}`);
    } else {
      store.closeSegment(id, index, { endedAt, bytes, mediaMs, endReason: reason, error });
    }
    return { reason, bytes, mediaMs, wallMs: endedAt - startedAt, error };
  }

  /** The capture's live state, for the UI (never stored: the segments and event log are the record). */
  private announce(state: CaptureState['state'], reason: string | null, retryAt: number | null): void {
    const { bus, clock } = this.deps;
    bus.emit('recording.capture', { id: this.target.recordingId, state, reason, retryAt, at: clock.now() });
  }

  private sleep(ms: number): Promise<void> {
    this.lastActivityAt = this.deps.clock.now() + ms;
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
