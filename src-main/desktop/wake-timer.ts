// Wakes the computer before the next recording where a normal user may: on Windows, one Task Scheduler
// task ("Tapedeck wake", WakeToRun) kept in step with the next recording's start, deleted when nothing
// is next, when the setting wakeForRecordings is off, and when the app quits (only a running app
// records, so a wake without it would be for nothing). macOS and Linux only let root set a wake alarm
// (pmset, rtcwake, systemd WakeSystem=): there the service does nothing and says why.
// Failures are logged once and never reach the app: a missed wake costs at most that recording, a
// thrown error here could cost the ones already running.
import { redactText } from '../core/redact';
import {
  createTaskArgs,
  deleteTaskArgs,
  taskFileBytes,
  WAKE_LEAD_MS,
  wakeTaskXml,
  type WakeTaskSpec,
} from './wake-task';

export interface RunResult {
  code: number;
  stderr: string;
}

export interface WakeTimerOptions {
  platform: string;
  /** Runs a program with an argument array (never a shell); resolves with its exit code. */
  run: (cmd: string, args: string[]) => Promise<RunResult>;
  /** Writes `data` to a file of that name in a temporary folder and returns its path. */
  writeTempFile: (name: string, data: Uint8Array) => Promise<string>;
  now: () => number;
  log: (line: string) => void;
  /** The setting wakeForRecordings at start (setEnabled follows changes). */
  enabled: boolean;
  /** %SystemRoot% (default C:\Windows): schtasks is run by its full path, not looked up on PATH. */
  systemRoot?: string;
}

/** The next recording as the status feed has it (StatusSummary.next: startAt includes the padding). */
export interface NextRecording {
  title: string;
  startAt: number;
}

export type WakeSupport = { supported: true } | { supported: false; reason: string };

export const WAKE_TASK_FILE = 'tapedeck-wake-task.xml';

const UNSUPPORTED: Record<string, string> = {
  darwin: 'macOS lets only root schedule a wake (sudo pmset schedule wake); the app runs as you',
  linux: 'Linux lets only root set a wake alarm (sudo rtcwake, or a systemd timer with WakeSystem=true)',
};

type Applied = WakeTaskSpec | null | 'unknown';

export class WakeTimer {
  readonly support: WakeSupport;
  private enabled: boolean;
  private next: NextRecording | null = null;
  /** What the scheduler holds: 'unknown' at start (a crashed run may have left a task). */
  private applied: Applied = 'unknown';
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Failures already logged (by action), so a broken scheduler does not fill the log every minute. */
  private readonly failing = new Set<string>();

  constructor(private readonly options: WakeTimerOptions) {
    this.enabled = options.enabled;
    this.support =
      options.platform === 'win32'
        ? { supported: true }
        : {
            supported: false,
            reason:
              UNSUPPORTED[options.platform] ?? `waking the computer is not supported on ${options.platform}`,
          };
  }

  /** From each status snapshot: the next recording (or none). Resolves once the scheduler matches. */
  update(next: NextRecording | null): Promise<void> {
    this.next = next;
    return this.sync();
  }

  /** The setting wakeForRecordings changed. */
  setEnabled(enabled: boolean): Promise<void> {
    this.enabled = enabled;
    return this.sync();
  }

  /** The app quits: the task goes with it. */
  async stop(): Promise<void> {
    if (!this.support.supported) return;
    this.stopped = true;
    await this.running;
    if (this.applied !== null) await this.remove(this.applied === 'unknown');
    this.applied = null;
  }

  /** What the scheduler should hold now. */
  private wanted(): WakeTaskSpec | null {
    if (!this.enabled || this.stopped || !this.next) return null;
    // Whole seconds: the task's time has no finer grain, and equal times must compare equal.
    const wakeAt = Math.floor((this.next.startAt - WAKE_LEAD_MS) / 1000) * 1000;
    // Too late to wake for: the computer is awake (and the power blocker keeps it so).
    if (wakeAt <= this.options.now()) return null;
    return { wakeAt, title: this.next.title };
  }

  /** Brings the scheduler in line; calls never overlap (one asked for meanwhile runs after). */
  private sync(): Promise<void> {
    if (!this.support.supported) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      // Yield first: a pass with nothing to do would otherwise finish (and clear `running`) before
      // `running` is even assigned, leaving a settled promise that swallows every later call.
      await Promise.resolve();
      do {
        this.again = false;
        const wanted = this.wanted();
        const applied = this.applied;
        if (same(wanted, applied)) continue;
        if (wanted) await this.create(wanted);
        else await this.remove(applied === 'unknown');
        // Even after a failure: trying again every minute would not help; the next change will.
        this.applied = wanted;
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }

  private async create(spec: WakeTaskSpec): Promise<void> {
    try {
      const file = await this.options.writeTempFile(WAKE_TASK_FILE, taskFileBytes(wakeTaskXml(spec)));
      await this.schtasks('create', createTaskArgs(file), false);
    } catch (error) {
      this.failed('create', error);
    }
  }

  /** `quiet`: the task may well not exist (first sync, or quit before any): no complaint if it does not. */
  private async remove(quiet: boolean): Promise<void> {
    try {
      await this.schtasks('delete', deleteTaskArgs(), quiet);
    } catch (error) {
      if (!quiet) this.failed('delete', error);
    }
  }

  private async schtasks(action: string, args: string[], quiet: boolean): Promise<void> {
    const root = this.options.systemRoot || 'C:\\Windows';
    const result = await this.options.run(`${root}\\System32\\schtasks.exe`, args);
    if (result.code === 0) {
      this.failing.delete(action);
      return;
    }
    if (!quiet)
      this.failed(action, new Error(`schtasks exited with ${result.code}: ${result.stderr.trim()}`));
  }

  private failed(action: string, error: unknown): void {
    if (this.failing.has(action)) return;
    this.failing.add(action);
    const why = error instanceof Error ? error.message : String(error);
    this.options.log(`wake timer: could not ${action} the task "Tapedeck wake": ${redactText(why)}`);
  }
}

function same(a: WakeTaskSpec | null, b: Applied): boolean {
  if (a === null || b === null || b === 'unknown') return a === b;
  return a.wakeAt === b.wakeAt && a.title === b.title;
}
