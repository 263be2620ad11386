// Power: the machine stays awake while anything records (and in the few minutes before the next
// recording, so an idle sleep cannot swallow its start); a sleep is reported to the core on waking,
// which ends the segments where the sleep began and marks windows missed meanwhile "the computer was
// asleep"; an OS shutdown or log-off quits the app the clean way (segments closed, reason "shutdown").
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

/** The slice of Electron's powerMonitor we listen to. */
export interface PowerMonitorLike {
  on(event: 'suspend', listener: () => void): unknown;
  on(event: 'resume', listener: () => void): unknown;
  // Linux and macOS; a handler that calls preventDefault() delays the shutdown while the app quits.
  on(event: 'shutdown', listener: (event?: { preventDefault(): void }) => void): unknown;
}

export interface PowerServiceOptions {
  blocker: PowerSaveBlockerLike;
  monitor: PowerMonitorLike;
  /** Dvr.systemSlept. */
  slept: (from: number, to: number) => Promise<void>;
  now: () => number;
  /** Quit the app cleanly (app.quit: before-quit shuts the core down). */
  quit: () => void;
  log: (line: string) => void;
}

/** Kept awake this long before the next recording's window opens. */
export const AWAKE_BEFORE_MS = 5 * 60_000;

export class PowerService {
  private blockerId: number | null = null;
  private suspendedAt: number | null = null;

  constructor(private readonly options: PowerServiceOptions) {}

  start(): void {
    const { monitor } = this.options;
    monitor.on('suspend', () => {
      this.suspendedAt = this.options.now();
    });
    monitor.on('resume', () => {
      const from = this.suspendedAt;
      this.suspendedAt = null;
      if (from === null) return;
      const to = this.options.now();
      this.options.log(`woke up after ${Math.round((to - from) / 1000)} s asleep: reconciling`);
      this.options
        .slept(from, to)
        .catch((error: unknown) => this.options.log(`after sleep: ${String(error)}`));
    });
    monitor.on('shutdown', (event) => {
      event?.preventDefault();
      this.options.log('the system is shutting down: stopping recordings cleanly');
      this.options.quit();
    });
  }

  /** From each status snapshot: how many capture now, and when the next window opens. */
  update(state: { recordingNow: number; nextStartAt: number | null }): void {
    const soon = state.nextStartAt !== null && state.nextStartAt - this.options.now() <= AWAKE_BEFORE_MS;
    const wanted = state.recordingNow > 0 || soon;
    if (wanted && this.blockerId === null)
      this.blockerId = this.options.blocker.start('prevent-app-suspension');
    if (!wanted && this.blockerId !== null) {
      this.options.blocker.stop(this.blockerId);
      this.blockerId = null;
    }
  }

  get blocking(): boolean {
    return this.blockerId !== null;
  }

  /** Lets the machine sleep again (the app is quitting). */
  stop(): void {
    if (this.blockerId !== null) this.options.blocker.stop(this.blockerId);
    this.blockerId = null;
  }
}
