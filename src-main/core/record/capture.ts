// One recording's capture: a loop of ffmpeg runs (segments) that lasts until the window closes.
// A run that ends early (drop, HTTP error, stall, early end of stream) is followed by a new
// segment after a short backoff; nothing captured is ever deleted by a retry.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CaptureState, SegmentEndReason } from '../../../src-shared/domain';
import type { Clock, EventBus } from '../events';
import { ensureDirInside, segmentDir, segmentFileName } from '../library/naming';
import type { RecordingStore } from '../recordings/store';
import { spawnChild, type RunningChild } from './child';
import { buildCaptureArgs } from './ffmpeg-args';
import type { DiskSpace } from './disk-space';
import type { FfmpegBinaries } from './ffmpeg-path';
import { ProgressParser } from './progress';
import { prepareCaptureUrl } from './stream-handoff';
import { redactText, redactUrl, redactError } from '../redact';

export interface CaptureSettings {
  /** No new bytes for this long ends the segment and reconnects. */
  stallTimeoutMs: number;
  /** Backoff before the n-th consecutive retry: see retryDelay(). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive runs that capture nothing before the recording gives up. */
  maxFailedAttempts: number;
  /** Free bytes to keep on the recordings disk; capture stops cleanly at this reserve. */
  diskReserveBytes: number;
  /** Free bytes kept for the database on its disk (see disk-space.ts). */
  databaseHeadroomBytes: number;
  diskCheckMs: number;
}

export const DEFAULT_CAPTURE_SETTINGS: CaptureSettings = {
  stallTimeoutMs: 10_000,
  retryBaseMs: 500,
  retryMaxMs: 10_000,
  maxFailedAttempts: 8,
  diskReserveBytes: 2 * 1024 ** 3,
  databaseHeadroomBytes: 16 * 1024 ** 2,
  diskCheckMs: 10_000,
};

/** Below this much room, free space is checked every second instead of every diskCheckMs. */
const LOW_SPACE_BYTES = 256 * 1024 ** 2;

export interface CaptureTarget {
  recordingId: number;
  /** Stream URLs in failover order: the first is the primary. */
  urls: readonly string[];
  headers: Readonly<Record<string, string>>;
  windowEnd: number;
  /** Bits per second this source usually needs (learned from earlier recordings), for the disk check. */
  expectedBitrate: number;
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
}

/**
 * ffmpeg's own -t bound is this far past the window end: the window timer stops it cleanly at the end,
 * and the slack lets the end move later while it runs (an overrun, a start re-anchored on its first
 * bytes). The bound only matters for an ffmpeg that outlives a killed app, which the next start stops.
 */
const RUN_BOUND_SLACK_SEC = 120;

export type StopReason = Extract<SegmentEndReason, 'stopped' | 'shutdown'>;

export interface CaptureOutcome {
  /** Why the whole capture ended. */
  reason: 'window-end' | 'stopped' | 'shutdown' | 'disk-full' | 'gave-up';
  /** The last error seen, for the recording's error field. */
  lastError: string | null;
}

/** A capture that must not start, with a reason the user can read (not an internal error). */
export class CaptureRefusedError extends Error {}

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
  private lowSpace = false;

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
    const dir = segmentDir(this.deps.recordingsDir, this.target.recordingId);
    await ensureDirInside(this.deps.recordingsDir, dir).catch((error: Error) => {
      throw new CaptureRefusedError(error.message);
    });
    const existing = store.get(this.target.recordingId).segments;
    let index = existing.reduce((max, s) => Math.max(max, s.index + 1), 0);
    this.bytesBefore = existing.reduce((sum, s) => sum + s.bytes, 0);
    this.mediaMsBefore = existing.reduce((sum, s) => sum + s.mediaMs, 0);
    let failures = 0;
    let urlIndex = 0;
    let lastError: string | null = null;
    let capturedAny = existing.length > 0;
    const available = await this.deps.space.available().catch(() => Infinity);
    this.lowSpace = available < LOW_SPACE_BYTES;
    const needed = ((this.target.windowEnd - clock.now()) / 1000) * (this.target.expectedBitrate / 8);
    if (Number.isFinite(available) && available < needed) {
      store.note(
        this.target.recordingId,
        `low disk space: about ${formatBytes(needed)} needed, ${formatBytes(Math.max(0, available))} free above the reserve; recording until the reserve`,
      );
    }

    while (this.stopReason === null && clock.now() < this.target.windowEnd - 500) {
      const shortage = await this.deps.space.shortage().catch(() => null);
      if (shortage) return { reason: 'disk-full', lastError: shortage };
      const url = this.target.urls[urlIndex % this.target.urls.length]!;
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

  private async runSegment(
    index: number,
    file: string,
    url: string,
  ): Promise<{
    reason: SegmentEndReason;
    bytes: number;
    mediaMs: number;
    wallMs: number;
    error: string | null;
  }> {
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
      }),
    );
    this.child = child;
    this.lastActivityAt = startedAt;
    store.setSegmentPid(id, index, child.process.pid ?? null);

    let bytes = 0;
    let mediaMs = 0;
    let lastGrowthAt = startedAt;
    let forced: SegmentEndReason | null = null;
    const parser = new ProgressParser();
    child.process.stdout.setEncoding('utf8');
    child.process.stdout.on('data', (text: string) => {
      for (const sample of parser.push(text)) {
        if (sample.totalSize !== null && sample.totalSize > bytes) {
          if (bytes === 0) {
            // Progress comes every half second or so: the media it reports already written dates the
            // first bytes better than the moment the report arrived.
            const at = Math.max(startedAt, clock.now() - (sample.outTimeMs ?? 0));
            this.deps.onFirstBytes?.({ segmentIndex: index, ttfbMs: at - startedAt, at });
            this.announce('capturing', null, null);
          }
          bytes = sample.totalSize;
          lastGrowthAt = clock.now();
        }
        if (sample.outTimeMs !== null) mediaMs = Math.max(mediaMs, sample.outTimeMs);
        this.lastActivityAt = clock.now();
        bus.emit('recording.progress', {
          id,
          segmentIndex: index,
          bytes: this.bytesBefore + bytes,
          seconds: (this.mediaMsBefore + mediaMs) / 1000,
          bitrateKbps: sample.bitrateKbps,
          speed: sample.speed,
          at: clock.now(),
        });
      }
    });
    // When a stall is declared, the data ended at the last growth; ffmpeg's final flush on `q`
    // still reports bytes afterwards, so remember the moment now.
    let stalledSince: number | null = null;
    const end = (reason: SegmentEndReason) => {
      if (forced === null && reason === 'stalled') stalledSince = lastGrowthAt;
      forced ??= reason;
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
    let lastDiskCheck = startedAt;
    let lastPersist = startedAt;
    let diskShortage: string | null = null;
    const watchdog = setInterval(() => {
      const now = clock.now();
      if (now - lastGrowthAt > settings.stallTimeoutMs) end('stalled');
      if (now - lastPersist >= 5_000) {
        lastPersist = now;
        // Progress on the row is for a restart after a crash; a write that fails now is retried in 5 s
        // and must never end the capture (a timer's exception would take the whole app down).
        try {
          store.updateSegment(id, index, { bytes, mediaMs });
        } catch (error) {
          console.error(`recording ${id}: saving progress failed (retrying):`, redactError(error));
        }
      }
      // Every diskCheckMs; every second once under LOW_SPACE, where a few seconds can fill the rest.
      if (now - lastDiskCheck >= (this.lowSpace ? 1_000 : settings.diskCheckMs)) {
        lastDiskCheck = now;
        void this.deps.space.available().then(
          async (available) => {
            this.lowSpace = available < LOW_SPACE_BYTES;
            const shortage = available > 0 ? null : await this.deps.space.shortage();
            if (shortage) {
              diskShortage = shortage;
              end('disk-full');
            }
          },
          () => undefined,
        );
      }
    }, 1_000);

    const exit = await child.exited;
    source.release();
    clearTimeout(windowTimer);
    clearInterval(watchdog);
    this.rearmWindow = null;
    this.child = null;
    this.wake = null;
    this.forceEnd = null;
    bytes = await fs.stat(file).then(
      (s) => s.size,
      () => 0,
    );
    // `forced` is set from timers; TypeScript cannot see that, hence the explicit type.
    const forcedReason = forced as SegmentEndReason | null;
    // A stalled segment's data ended when its bytes stopped growing, not when we noticed.
    const endedAt =
      forcedReason === 'stalled'
        ? Math.max(startedAt, stalledSince ?? lastGrowthAt)
        : forcedReason === 'asleep'
          ? Math.max(startedAt, Math.min(this.sleptSince ?? lastGrowthAt, lastGrowthAt))
          : clock.now();
    // ffmpeg that could not write (another program filled the disk first) is a full disk, not a source error.
    const noSpace = exit.code !== 0 && /no space left on device/i.test(exit.stderrTail);
    const reason: SegmentEndReason =
      forcedReason ??
      (noSpace
        ? 'disk-full'
        : endedAt >= this.target.windowEnd - 1_000
          ? 'window-end'
          : exit.code === 0
            ? 'stream-ended'
            : 'source-error');
    const error =
      reason === 'source-error' || reason === 'stream-ended'
        ? describeExit(exit.stderrTail, exit.code)
        : reason === 'stalled'
          ? `no data for ${settings.stallTimeoutMs / 1000} s`
          : reason === 'disk-full'
            ? (diskShortage ?? 'disk full: no space left on device')
            : reason === 'asleep'
              ? 'the computer was asleep'
              : null;
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

/**
 * Delay before the n-th consecutive retry: three tries at the base delay, then doubling every three
 * tries, capped. Dense at first because every second of a live programme counts, sparse later so
 * a dead provider is not hammered.
 */
export function retryDelay(
  failures: number,
  settings: Pick<CaptureSettings, 'retryBaseMs' | 'retryMaxMs'>,
): number {
  const step = Math.floor(Math.max(0, failures - 1) / 3);
  return Math.min(settings.retryBaseMs * 2 ** step, settings.retryMaxMs);
}

/** ffmpeg's last stderr line is the most specific reason ("Server returned 404 Not Found"). */
function describeExit(stderrTail: string, code: number | null): string {
  const lines = stderrTail
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const meaningful = lines.filter((l) => !/^(Conversion failed|Exiting normally)/.test(l));
  const line = meaningful[meaningful.length - 1] ?? lines[lines.length - 1];
  if (line) return redactText(line.replace(/^\[[^\]]+\]\s*/, '')).slice(0, 300);
  return code === 0 ? 'the source ended the stream' : `ffmpeg exited with code ${code ?? 'unknown'}`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GiB`
    : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** Stream URLs often carry credentials or tokens; the event log shows scheme, host and path, redacted. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return redactUrl(`${u.protocol}//${u.host}${u.pathname}`);
  } catch {
    return '(invalid url)';
  }
}
