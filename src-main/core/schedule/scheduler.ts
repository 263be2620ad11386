// Starts and stops recordings on time. The database is the truth; node-schedule timers are only a
// cache of it, so a periodic reconcile (and one at startup) repairs anything a timer missed: a
// crash, a sleep, a clock change.
import { promises as fs, readFileSync } from 'node:fs';
import schedule, { type Job } from 'node-schedule';
import { windowOf, type Recording } from '../../../src-shared/domain';
import type { PauseState } from '../../../src-shared/contract-system';
import type { Clock, EventBus } from '../events';
import type { Recorder } from '../record/recorder';
import type { RecordingStore } from '../recordings/store';
import { redactError } from '../redact';
import { NoFreeConnectionError } from './connection-guard';

/** A start this much after the window opened is logged as late. */
const LATE_AFTER_MS = 5_000;

/**
 * Captures start before their window by the source's learned time to first byte (record/start-latency.ts,
 * at least half a second) so ffmpeg is connected when it opens, plus a step for every other recording
 * due in the same moment: fifty simultaneous starts become a ramp of spawns instead of a storm on two
 * cores that would lose the first seconds of every programme.
 */
export const START_LEAD_MS = 500;
export const START_STAGGER_MS = 100;
const SAME_MOMENT_MS = 2_000;
/** Recordings starting further ahead than this get their timers from a later reconcile. */
const ARM_AHEAD_MS = 3600_000;
/** How long before a recording's lead an event-armed timer wakes the reconcile that times it exactly. */
const WAKE_BEFORE_MS = 10_000;

/** How early a scheduled recording's capture starts: its source's lead plus its rank among starts due at the same moment. */
export function startLeadMs(
  recording: Recording,
  scheduled: readonly Recording[],
  sourceLeadMs = START_LEAD_MS,
): number {
  const start = windowOf(recording).start;
  const rank = scheduled.filter(
    (other) =>
      other.id < recording.id &&
      other.status === 'scheduled' &&
      Math.abs(windowOf(other).start - start) < SAME_MOMENT_MS,
  ).length;
  return sourceLeadMs + rank * START_STAGGER_MS;
}

export interface SchedulerOptions {
  reconcileMs: number;
  /** How early this recording's source needs its capture started (learned; default START_LEAD_MS). */
  leadFor?: (recording: Recording) => number;
  /** Is a process with this pid still alive? (injected so tests can fake orphaned ffmpegs) */
  isAlive?: (pid: number) => boolean;
  /**
   * The clock jumped (set back, or forward by more than two reconcile intervals: a sleep, a changed
   * time): what depends on "now" beyond the recordings (the plan) re-evaluates.
   */
  onClockJump?: (from: number, to: number) => void;
  /** Where the pause state is kept (it survives a restart). */
  pauseStore?: { load(): PauseState | null; save(state: PauseState): void };
}

export class Scheduler {
  private readonly jobs = new Map<number, Job[]>();
  private interval: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private reconciling: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private lastReconcileAt: number | null = null;
  private pause: PauseState = { paused: false, until: null, since: null };
  /** Recent sleeps of the computer, to say why a window was missed. */
  private readonly sleeps: Array<[number, number]> = [];
  /** Recent pauses, for the same reason. */
  private readonly pausedSpans: Array<[number, number]> = [];
  /** Recordings the connection guard refused in this process, with its reason. */
  private readonly waiting = new Map<number, string>();

  constructor(
    private readonly store: RecordingStore,
    private readonly recorder: Recorder,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly options: SchedulerOptions,
  ) {}

  /** Scheduling paused (the tray's Pause): nothing new starts; running captures go on. */
  pauseState(): PauseState {
    if (this.pause.paused && this.pause.until !== null && this.pause.until <= this.clock.now()) {
      this.setPause({ paused: false, until: null, since: null });
    }
    return this.pause;
  }

  setPaused(paused: boolean, minutes?: number): PauseState {
    const now = this.clock.now();
    this.setPause(
      paused
        ? { paused: true, until: minutes ? now + minutes * 60_000 : null, since: this.pause.since ?? now }
        : { paused: false, until: null, since: null },
    );
    void this.reconcile();
    return this.pause;
  }

  private setPause(state: PauseState): void {
    if (this.pause.paused && !state.paused && this.pause.since !== null) {
      this.pausedSpans.push([this.pause.since, this.clock.now()]);
      if (this.pausedSpans.length > 20) this.pausedSpans.shift();
    }
    this.pause = state;
    this.options.pauseStore?.save(state);
    this.bus.emit('schedule.paused', state);
  }

  /** The computer slept from `from` to `to`: windows missed meanwhile say so; reconcile now. */
  wokeFromSleep(from: number, to: number): Promise<void> {
    this.sleeps.push([from, to]);
    if (this.sleeps.length > 20) this.sleeps.shift();
    return this.reconcile();
  }

  /** Why a window that passed was missed: asleep, paused, or the app was not running. */
  private missedBecause(window: { start: number; end: number }): string {
    if (this.sleeps.some(([from, to]) => from < window.end && to > window.start)) {
      return 'missed: the computer was asleep';
    }
    const spans = [...this.pausedSpans, ...(this.pause.since !== null ? [[this.pause.since, Infinity]] : [])];
    if (spans.some(([from, to]) => from! < window.end && to! > window.start)) {
      return 'missed: scheduling was paused';
    }
    return 'missed: the window passed while Tapedeck was not running';
  }

  async start(): Promise<void> {
    this.pause = this.options.pauseStore?.load() ?? this.pause;
    this.unsubscribe = this.bus.subscribe((event) => {
      if (event.name === 'recording.updated') this.arm(event.payload as Recording);
      if (event.name === 'recording.deleted') this.disarm((event.payload as { id: number }).id);
    });
    await this.reconcile();
    this.interval = setInterval(() => void this.reconcile(), this.options.reconcileMs);
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    this.unsubscribe?.();
    for (const id of [...this.jobs.keys()]) this.disarm(id);
  }

  /**
   * Brings reality in line with the database. Safe to call at any time; runs one at a time. A call
   * while one runs gets one more run after it (that run may have read the database before the change
   * the caller made), shared by every caller that asked meanwhile.
   */
  reconcile(): Promise<void> {
    if (!this.reconciling) {
      this.reconciling = this.reconcileOnce().finally(() => {
        this.reconciling = null;
      });
      return this.reconciling;
    }
    this.again ??= this.reconciling.then(() => {
      this.again = null;
      return this.reconcile();
    });
    return this.again;
  }

  private async reconcileOnce(): Promise<void> {
    const now = this.clock.now();
    const last = this.lastReconcileAt;
    this.lastReconcileAt = now;
    if (last !== null && (now < last - 1_000 || now - last > 2 * this.options.reconcileMs + 5_000)) {
      this.options.onClockJump?.(last, now);
    }
    this.recorder.checkHealth(now);
    // Captures under way resume before new ones start: they had their connections first.
    const all = this.store
      .list({ status: ['scheduled', 'recording'] })
      .sort((a, b) => Number(a.status === 'scheduled') - Number(b.status === 'scheduled'));
    const scheduled = all.filter((r) => r.status === 'scheduled');
    for (const recording of all) {
      try {
        await this.reconcileRecording(recording, now, scheduled);
      } catch (error) {
        // One broken recording must not stop the others from starting.
        console.error(`reconcile of recording ${recording.id} failed:`, redactError(error));
      }
    }
  }

  private async reconcileRecording(
    recording: Recording,
    now: number,
    scheduled: readonly Recording[],
  ): Promise<void> {
    const window = windowOf(recording);
    if (recording.status === 'scheduled') {
      if (window.end <= now) {
        const waited = this.waiting.get(recording.id) ?? recording.conflict;
        this.waiting.delete(recording.id);
        const why = waited ? `no free connection: ${waited}` : this.missedBecause(window);
        this.store.transition(recording.id, 'failed', why, { error: why });
      } else if (this.pauseState().paused) {
        // Paused: it waits; resuming inside its window starts it late, a window that passes is missed.
        return;
      } else if (recording.conflict && !this.waiting.has(recording.id)) {
        // The plan gave its connection to a recording that matters more: it does not start (and take
        // that connection first); a new plan clears the conflict when room appears (an event re-arms it).
        this.arm(recording, scheduled);
      } else if (window.start - this.leadOf(recording, scheduled) <= now) {
        const late = now - window.start;
        try {
          this.recorder.begin(
            recording,
            late > LATE_AFTER_MS
              ? `started late, ${Math.round(late / 1000)} s after the window opened`
              : 'scheduled start',
          );
          this.waiting.delete(recording.id);
        } catch (error) {
          if (!(error instanceof NoFreeConnectionError)) throw error;
          // Stays scheduled; retried every pass and whenever a connection is released.
          this.waiting.set(recording.id, error.reason);
          if (recording.conflict !== error.reason) {
            this.store.update(
              recording.id,
              { conflict: error.reason },
              `waiting for a connection: ${error.reason}`,
            );
          }
        }
      } else {
        this.arm(recording, scheduled);
      }
      return;
    }
    if (this.recorder.isActive(recording.id)) {
      if (window.end + 5_000 < now) await this.recorder.end(recording.id, 'stop');
      return;
    }
    if (this.recorder.hasDeferredFinalize(recording.id)) {
      await this.recorder.finalizeDeferred(recording.id);
      return;
    }
    // Status says recording but nothing captures: the app died mid-recording.
    await this.closeOrphanedSegments(recording);
    if (window.end > now + 1_000) {
      try {
        this.recorder.begin(this.store.get(recording.id), 'resumed after Tapedeck restarted');
        this.waiting.delete(recording.id);
      } catch (error) {
        if (!(error instanceof NoFreeConnectionError)) throw error;
        // Stays `recording` with what it has; retried every pass and on every release, and finalized
        // from its segments when its window ends.
        if (this.waiting.get(recording.id) !== error.reason) {
          this.waiting.set(recording.id, error.reason);
          this.store.note(recording.id, `waiting for a connection to resume: ${error.reason}`);
        }
      }
    } else {
      await this.recorder.finalize(recording.id, 'finalized after a restart from what was captured');
    }
  }

  private async closeOrphanedSegments(recording: Recording): Promise<void> {
    const isAlive = this.options.isAlive ?? defaultIsAlive;
    for (const open of this.store.openSegments(recording.id)) {
      // After a kill -9 the ffmpeg child outlives us (it ignores SIGPIPE) and keeps capturing until
      // its -t bound. Stop it cleanly now so its file ends on a whole packet, then continue from it.
      if (open.pid !== null && isAlive(open.pid) && isWriting(open.pid, open.path)) {
        await stopOrphan(open.pid, isAlive);
        this.store.note(
          recording.id,
          `stopped the ffmpeg (pid ${open.pid}) left running by the previous run`,
        );
      }
      const stat = await fs.stat(open.path).catch(() => null);
      if (!stat || stat.size === 0) {
        await fs.rm(open.path, { force: true });
        this.store.deleteSegment(recording.id, open.index);
        continue;
      }
      // The file's last write is when capture really stopped; media time ~ wall time for live streams.
      const segment = this.store.get(recording.id).segments.find((s) => s.index === open.index);
      const startedAt = segment?.startedAt ?? stat.mtimeMs;
      const endedAt = Math.max(startedAt, Math.round(stat.mtimeMs));
      this.store.closeSegment(recording.id, open.index, {
        endedAt,
        bytes: stat.size,
        mediaMs: Math.max(segment?.mediaMs ?? 0, endedAt - startedAt),
        endReason: 'crashed',
        error: 'Tapedeck stopped unexpectedly',
      });
      this.store.note(recording.id, `segment ${open.index} closed after a crash (${stat.size} bytes kept)`);
    }
  }

  private arm(recording: Recording, scheduled?: readonly Recording[]): void {
    this.disarm(recording.id);
    if (recording.status !== 'scheduled') return;
    const window = windowOf(recording);
    // Timers only for what starts soon: a plan of thousands of recordings over two weeks needs none
    // yet, and every reconcile (each 30 s) arms what has come within reach.
    if (window.start > this.clock.now() + ARM_AHEAD_MS) return;
    // Armed from an event (no list at hand), the timer only has to wake a reconcile shortly before the
    // start: that reconcile knows every recording due at the same moment, works out the ramp, and arms
    // the exact moments. Listing every scheduled recording per event made arming a plan of thousands of
    // recordings quadratic (minutes).
    const lead = scheduled
      ? this.leadOf(recording, scheduled)
      : (this.options.leadFor?.(recording) ?? START_LEAD_MS) + WAKE_BEFORE_MS;
    const jobs: Job[] = [];
    const startAt = window.start - lead;
    // A recording the plan left without a connection waits for its window's end (to fail saying why)
    // or for a new plan, not for its start.
    const blocked = recording.conflict !== null && !this.waiting.has(recording.id);
    // node-schedule refuses a date that is already past (returns null: the start would be lost), so a
    // start due now or within a moment goes straight to reconcile.
    const startJob =
      !blocked && startAt > this.clock.now() + 50
        ? schedule.scheduleJob(new Date(startAt), () => void this.reconcile())
        : null;
    if (startJob) jobs.push(startJob);
    else if (!blocked) setImmediate(() => void this.reconcile());
    const stopJob = schedule.scheduleJob(new Date(window.end + 1_000), () => void this.reconcile());
    if (stopJob) jobs.push(stopJob);
    this.jobs.set(recording.id, jobs);
  }

  private leadOf(recording: Recording, scheduled: readonly Recording[]): number {
    return startLeadMs(recording, scheduled, this.options.leadFor?.(recording) ?? START_LEAD_MS);
  }

  private disarm(id: number): void {
    for (const job of this.jobs.get(id) ?? []) job.cancel();
    this.jobs.delete(id);
  }
}

/** Is this pid the ffmpeg writing that file? (Linux can tell; elsewhere a live pid is trusted.) */
function isWriting(pid: number, file: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(file);
  } catch {
    return process.platform !== 'linux';
  }
}

async function stopOrphan(pid: number, isAlive: (pid: number) => boolean): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) signal('SIGKILL');
}

function defaultIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
