// One view of the core's state for the tray and the power guard: status.get, what records now and the
// pause state, fetched again after every event that changes them and once a minute (progress and
// "next at" move with the clock). Refreshes never overlap: one asked for during another runs after it.
import type { CommandInput, CommandName, CommandResult, TapedeckEvent } from '../../src-shared/contract';
import type { TraySnapshot } from './tray-view';

export interface StatusFeedOptions {
  call: <K extends CommandName>(name: K, input: CommandInput<K>) => Promise<CommandResult<K>>;
  subscribe: (listener: (event: TapedeckEvent) => void) => () => void;
  /** Calls `fn` every `ms` until the returned function is called. */
  every: (ms: number, fn: () => void) => () => void;
  onSnapshot: (snapshot: TraySnapshot) => void;
  onError: (error: unknown) => void;
}

const REFRESHING_EVENTS = new Set<string>(['recording.updated', 'recording.deleted', 'schedule.paused']);
export const FEED_INTERVAL_MS = 60_000;

export class StatusFeed {
  private running: Promise<void> | null = null;
  private again = false;
  private stops: Array<() => void> = [];

  constructor(private readonly options: StatusFeedOptions) {}

  start(): Promise<void> {
    this.stops.push(
      this.options.subscribe((event) => {
        if (REFRESHING_EVENTS.has(event.name)) void this.refresh();
      }),
      this.options.every(FEED_INTERVAL_MS, () => void this.refresh()),
    );
    return this.refresh();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Fetches a snapshot (or, if one is being fetched, one more right after it). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          const [status, running, pause] = await Promise.all([
            this.options.call('status.get', {}),
            this.options.call('recordings.list', { status: 'recording' }),
            this.options.call('schedule.state', {}),
          ]);
          this.options.onSnapshot({ status, running, pause });
        } catch (error) {
          this.options.onError(error);
        }
      } while (this.again && this.stops.length > 0);
      this.running = null;
    })();
    return this.running;
  }
}
