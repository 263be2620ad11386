// The library's space, as a service: cleanup runs by itself once a day (and after each recording that
// completes, when keepFreeGiB is set), and the disk forecast is looked at every hour and whenever the
// plan changes; `disk.forecast` is emitted when its verdict changes (it will not fit / it fits again).
// The last daily run is kept in the database, so a restart or a sleep does not skip or repeat it: the
// hourly check runs it once 24 hours have passed since the last one.
import type { DiskForecast, ForecastSource } from '../../../src-shared/domain-library-space';
import type { Recording } from '../../../src-shared/domain';
import { windowOf } from '../../../src-shared/domain';
import type { Settings } from '../../../src-shared/settings';
import { DEFAULT_BITRATE } from '../recordings/store';
import { Cleanup, type CleanupDeps } from './cleanup';
import { DAY_MS, forecastDisk, type PlannedWrite } from './forecast';

/** How often the daily cleanup and the forecast are looked at. */
const CHECK_MS = 3600_000;
/** The first check after the start (the start itself has enough to do). */
const FIRST_CHECK_MS = 60_000;
/** A burst of changes (a plan written, recordings finishing) is one forecast this long after the first. */
const SETTLE_MS = 5_000;
export const FORECAST_DAYS = 7;

export interface LibrarySpaceDeps extends CleanupDeps {
  settings: () => Pick<Settings, 'keepDays' | 'keepFreeGiB' | 'diskReserveMiB'>;
  /** When the daily cleanup last ran (kept across restarts). */
  lastRun: { load(): number | null; save(at: number): void };
  /** When the first check runs after start() (default a minute). */
  firstCheckMs?: number;
}

export class LibrarySpace {
  readonly cleanup: Cleanup;
  private timer: NodeJS.Timeout | null = null;
  private settle: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Recordings seen running: their completion may call for a cleanup. */
  private readonly running = new Set<number>();
  private verdict: string | null = null;
  private stopped = false;

  constructor(private readonly deps: LibrarySpaceDeps) {
    this.cleanup = new Cleanup(deps);
  }

  start(): void {
    for (const r of this.deps.recordings.list({ status: 'recording' })) this.running.add(r.id);
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (event.name === 'recording.updated') this.onRecording(event.payload as Recording);
      else if (['recording.deleted', 'rules.changed', 'settings.changed'].includes(event.name)) this.soon();
    });
    this.timer = setInterval(() => void this.tick(), CHECK_MS);
    this.timer.unref();
    // Soon after the start too: an app that never runs for an hour still cleans up once a day.
    this.first = setTimeout(() => void this.tick(), this.deps.firstCheckMs ?? FIRST_CHECK_MS);
    this.first.unref();
    this.soon();
  }

  /** Stops the checks; resolves once a cleanup under way has finished the recording it was deleting. */
  stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    if (this.settle) clearTimeout(this.settle);
    if (this.first) clearTimeout(this.first);
    this.timer = null;
    this.settle = null;
    return this.cleanup.stop();
  }

  /** The hourly check: the daily cleanup when it is due, then the forecast. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const last = this.deps.lastRun.load();
      const now = this.deps.clock.now();
      if (last === null || now - last >= DAY_MS || now < last) {
        this.deps.lastRun.save(now);
        await this.cleanup.run({ dryRun: false });
      }
      await this.checkForecast();
    } catch (error) {
      // Tried again at the next check (the disk unreadable for a moment, the app shutting down).
      if (!this.stopped) console.error('cleanup: the daily check failed:', (error as Error).message);
    }
  }

  /** Will the next days' recordings fit? (`freeBytes` when the caller measured it already.) */
  async forecast(options: { days?: number; freeBytes?: number } = {}): Promise<DiskForecast> {
    const days = options.days ?? FORECAST_DAYS;
    const freeBytes = options.freeBytes ?? (await this.deps.freeBytes(this.deps.recordingsDir()));
    const now = this.deps.clock.now();
    const { library, policy } = this.cleanup.library();
    const { planned, sources } = this.planned(now, days);
    const { needBySource, ...figures } = forecastDisk({
      now,
      days,
      freeBytes,
      reserveBytes: this.deps.settings().diskReserveMiB * 1024 * 1024,
      library,
      policy,
      planned,
    });
    return {
      ...figures,
      sources: [...sources.entries()]
        .map(([key, s]) => ({ ...s, neededBytes: Math.round(needBySource.get(key) ?? 0) }))
        .filter((s) => s.neededBytes > 0)
        .sort((a, b) => b.neededBytes - a.neededBytes || a.name.localeCompare(b.name)),
    };
  }

  /** Computes the forecast and emits `disk.forecast` when its verdict changed. */
  async checkForecast(): Promise<DiskForecast> {
    const forecast = await this.forecast();
    const fullDay = forecast.fullAt === null ? null : Math.floor((forecast.fullAt - forecast.at) / DAY_MS);
    const verdict = forecast.fits ? 'fits' : `short:${fullDay}`;
    // The first verdict is news only when it is bad; after that, every change is.
    if (verdict !== this.verdict && (this.verdict !== null || !forecast.fits)) {
      this.deps.bus.emit('disk.forecast', forecast);
    }
    this.verdict = verdict;
    return forecast;
  }

  private onRecording(r: Recording): void {
    if (r.status === 'recording') {
      this.running.add(r.id);
      return;
    }
    const wasRunning = this.running.delete(r.id);
    if (r.status === 'scheduled') {
      this.soon();
      return;
    }
    if (!wasRunning) return;
    if (r.status === 'completed' && this.deps.settings().keepFreeGiB !== null) {
      void this.cleanup
        .run({ dryRun: false })
        .catch((error: unknown) =>
          console.error('cleanup after a recording failed:', (error as Error).message),
        );
    }
    this.soon();
  }

  private soon(): void {
    if (this.settle || this.stopped) return;
    this.settle = setTimeout(() => {
      this.settle = null;
      void this.checkForecast().catch(() => undefined);
    }, SETTLE_MS);
    this.settle.unref();
  }

  /** Scheduled and running recordings writing within the horizon (not those in conflict: they cannot). */
  private planned(
    now: number,
    days: number,
  ): { planned: PlannedWrite[]; sources: Map<string, Omit<ForecastSource, 'neededBytes'>> } {
    const horizon = now + days * DAY_MS;
    const sources = new Map<string, Omit<ForecastSource, 'neededBytes'>>();
    const planned: PlannedWrite[] = [];
    for (const r of this.deps.recordings.list({ status: ['scheduled', 'recording'] })) {
      const window = windowOf(r);
      if (window.end <= now || window.start >= horizon) continue;
      if (r.status === 'scheduled' && r.conflict) continue;
      const sourceKey = r.channelId !== null ? `channel:${r.channelId}` : `url:${r.url ?? ''}`;
      let source = sources.get(sourceKey);
      if (!source) {
        const learned = this.deps.recordings.learnedBitrate(r);
        source = {
          channelId: r.channelId,
          name: r.channelName ?? hostOf(r.url),
          bitsPerSecond: learned ?? DEFAULT_BITRATE,
          learned: learned !== null,
        };
        sources.set(sourceKey, source);
      }
      planned.push({
        id: r.id,
        title: r.title,
        ruleId: r.ruleId,
        startAt: r.startAt,
        windowStart: window.start,
        windowEnd: window.end,
        bitsPerSecond: source.bitsPerSecond,
        protected: r.protected,
        sourceKey,
      });
    }
    return { planned, sources };
  }
}

function hostOf(url: string | null): string {
  if (url === null || !URL.canParse(url)) return 'a stream URL';
  return new URL(url).host;
}
