// What is worth telling the user without being asked, raised once as a `notification` event for every
// host to show: the desktop as OS notifications, `tapedeck serve` in its log and to a webhook.
//  - a recording started; finished, with its health ("100 %" or "97 %, 1 gap"); failed, with why;
//  - a conflict ahead: a day before, and again an hour before;
//  - the disk running out at the current schedule (the disk forecast says the next 7 days do not fit);
//  - a source whose refresh fails (a wrong login, a dead panel), or an account about to expire.
// Each notification has a key and is raised once; the keys are kept (the latest few hundred), so a
// restart does not repeat them. The user turns each kind on or off (settings.notifications).
import type { AppNotification, NotificationKind } from '../../../src-shared/contract-system';
import type { CaptureState, Recording, RecordingStatus } from '../../../src-shared/domain';
import type { DiskForecast } from '../../../src-shared/domain-library-space';
import type { SourceInfo } from '../../../src-shared/domain-sources';
import { healthText } from '../../../src-shared/recording-health';
import type { Clock, EventBus } from '../events';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const KEEP_KEYS = 500;
/** How often conflicts, disk and sources are looked at (status changes are immediate). */
const CHECK_MS = 5 * 60_000;

export interface NotifierDeps {
  bus: EventBus;
  clock: Clock;
  /** Scheduled and running recordings (conflicts ahead; the statuses at start-up). */
  recordings: () => Recording[];
  sources: () => Promise<SourceInfo[]>;
  /** The disk forecast (library/forecast.ts): will the next days' recordings fit? (null: unknown) */
  disk: () => Promise<Pick<DiskForecast, 'fits' | 'fullAt' | 'shortfallBytes'> | null>;
  enabled: (kind: NotificationKind) => boolean;
  /** Keys already raised, kept across restarts. */
  keys: { load(): string[]; save(keys: string[]): void };
}

export class Notifier {
  private readonly statuses = new Map<number, RecordingStatus>();
  /** Recordings running now, by id: what "started" says once bytes arrive. */
  private readonly titles = new Map<number, string>();
  private sent: string[] = [];
  private readonly sentSet = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: NotifierDeps) {}

  start(): void {
    this.sent = this.deps.keys.load().slice(-KEEP_KEYS);
    for (const key of this.sent) this.sentSet.add(key);
    // What has happened already is not news.
    for (const r of this.deps.recordings()) this.statuses.set(r.id, r.status);
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (event.name === 'recording.updated') this.onRecording(event.payload as Recording);
      if (event.name === 'recording.capture') this.onCapture(event.payload as CaptureState);
      if (event.name === 'recording.deleted') this.statuses.delete((event.payload as { id: number }).id);
    });
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
    void this.check();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private onRecording(r: Recording): void {
    const before = this.statuses.get(r.id);
    this.statuses.set(r.id, r.status);
    if (before === r.status) return;
    if (r.status === 'recording') {
      this.titles.set(r.id, `${r.title}${r.channelName ? ` on ${r.channelName}` : ''}`);
      return;
    }
    this.titles.delete(r.id);
    if (r.status === 'completed') {
      this.raise(
        'completed',
        `completed:${r.id}`,
        'Recording finished',
        `${r.title}: ${healthText(r)}`,
        `/recordings/${r.id}`,
      );
    } else if (r.status === 'failed') {
      this.raise(
        'failed',
        `failed:${r.id}:${r.updatedAt}`,
        'Recording failed',
        `${r.title}: ${r.error ?? 'unknown error'}`,
        `/recordings/${r.id}`,
      );
    }
  }

  /** "Started" once the first bytes arrive: a stream that never answers is a failure, not a start. */
  private onCapture(state: CaptureState): void {
    const title = this.titles.get(state.id);
    if (state.state !== 'capturing' || title === undefined) return;
    this.raise('started', `started:${state.id}`, 'Recording started', title, `/recordings/${state.id}`);
  }

  /** Conflicts ahead, the disk, the sources. */
  async check(): Promise<void> {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    try {
      for (const r of this.deps.recordings()) {
        if (r.status !== 'scheduled' || !r.conflict) continue;
        const ahead = r.startAt - r.padBeforeMs - now;
        if (ahead <= 0) continue;
        const stage = ahead <= HOUR ? 'hour' : ahead <= DAY ? 'day' : null;
        if (!stage) continue;
        this.raise(
          'conflict',
          `conflict:${stage}:${r.id}:${r.startAt}`,
          stage === 'hour' ? 'A recording in an hour cannot record' : 'A recording tomorrow cannot record',
          `${r.title}: ${r.conflict}`,
          '/recordings?tab=upcoming',
        );
      }
      const disk = await this.deps.disk();
      if (disk && !disk.fits) {
        this.raise(
          'low-disk',
          `low-disk:${Math.floor(now / DAY)}`,
          'The disk is running out',
          `At the current schedule the recordings disk is full ${fullIn(disk.fullAt, now)}: ${gb(disk.shortfallBytes)} more is needed for the recordings of the next 7 days.`,
          '/settings',
        );
      }
      for (const s of await this.deps.sources()) {
        if (s.lastError && s.lastAttemptAt !== null && (s.lastRefreshAt ?? 0) < s.lastAttemptAt) {
          this.raise(
            'source-problem',
            `source:${s.id}:${s.lastAttemptAt}`,
            `${s.name} cannot be refreshed`,
            s.lastError,
            '/sources',
          );
        }
        const expires = s.account?.expiresAt ?? null;
        if (expires !== null && expires > now && expires - now < 3 * DAY) {
          this.raise(
            'source-problem',
            `expiry:${s.id}:${expires}`,
            `${s.name}: the account expires soon`,
            `The provider account ends on ${new Date(expires).toISOString().slice(0, 10)}; recordings from it stop then.`,
            '/sources',
          );
        }
      }
    } catch (error) {
      // A check that fails (the database busy for a moment) is tried again at the next round.
      if (this.stopped) return;
      console.error('notifications: check failed', error instanceof Error ? error.message : String(error));
    }
  }

  private raise(kind: NotificationKind, key: string, title: string, body: string, link: string): void {
    if (this.sentSet.has(key)) return;
    this.sentSet.add(key);
    this.sent.push(key);
    if (this.sent.length > KEEP_KEYS) this.sentSet.delete(this.sent.shift()!);
    this.deps.keys.save(this.sent);
    if (!this.deps.enabled(kind)) return;
    const notification: AppNotification = { kind, key, title, body, link, at: this.deps.clock.now() };
    this.deps.bus.emit('notification', notification);
  }
}

/** "in less than an hour", "in about 5 hours", "in about 3 days". */
function fullIn(fullAt: number | null, now: number): string {
  if (fullAt === null) return 'within the week';
  if (fullAt - now < HOUR) return 'in less than an hour';
  const hours = Math.round((fullAt - now) / HOUR);
  return hours < 48 ? `in about ${hours} hours` : `in about ${Math.round(hours / 24)} days`;
}

function gb(bytes: number): string {
  return `${Math.max(0.1, Math.round(bytes / 1e8) / 10)} GB`;
}
