// Sources and guides: import, refresh on a schedule, mapping. The heavy lifting lives in the importers
// (m3u/, xtream/, hdhomerun/, ../guide/xmltv-import.ts); this class builds the parts the commands
// (../commands/sources.ts, guides.ts, channels.ts) use, and wires them to the event bus:
//  - refresh-runner.ts  runs one refresh through the queue (progress, failures recorded on the row);
//  - refresh-timer.ts   queues refreshes as they fall due.
import type { Db } from '../db/open';
import type { Clock, EventBus } from '../events';
import { GuideQuery } from '../guide/guide-query';
import { GuideSearch } from '../guide/guide-search';
import { GuideStore } from '../guide/guide-store';
import type { SecretStore } from '../secrets';
import { RefreshQueue } from './refresh-queue';
import { RefreshRunner } from './refresh-runner';
import { RefreshTimer } from './refresh-timer';
import { deleteCredentials, readCredentials, SourceStore } from './source-store';
import { fillCredentials } from './xtream/xtream-api';

export interface SourceServiceOptions {
  /** Write imports on a worker thread (default) or on the main connection. */
  useWorker?: boolean;
  /** Delay before the first overdue check after start (default 3 s: let the app come up first). */
  startDelayMs?: number;
  /** Longest sleep between two schedule checks (default 1 h, so clock changes are caught). */
  maxSleepMs?: number;
  /** Cap on a guide's inflated size (default 2 GiB). */
  maxGuideBytes?: number;
}

export interface SourceServiceDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  dataDir: string;
  secrets: SecretStore;
  options?: SourceServiceOptions;
}

export class SourceService {
  readonly store: SourceStore;
  readonly guides: GuideStore;
  readonly guideQuery: GuideQuery;
  readonly guideSearch: GuideSearch;
  readonly queue = new RefreshQueue();
  readonly runner: RefreshRunner;
  readonly timer: RefreshTimer;
  private stopped = false;
  private readonly options: Required<Omit<SourceServiceOptions, 'maxGuideBytes'>> &
    Pick<SourceServiceOptions, 'maxGuideBytes'>;

  constructor(private readonly deps: SourceServiceDeps) {
    this.store = new SourceStore(deps.db);
    const guides = new GuideStore(deps.db);
    this.guides = guides;
    this.guideQuery = new GuideQuery(deps.db);
    this.guideSearch = new GuideSearch(deps.db);
    this.options = {
      useWorker: true,
      startDelayMs: 3000,
      maxSleepMs: 3600_000,
      ...deps.options,
    };
    const stopping = (): boolean => this.stopped;
    const runner = new RefreshRunner({
      db: deps.db,
      bus: deps.bus,
      clock: deps.clock,
      dataDir: deps.dataDir,
      secrets: deps.secrets,
      store: this.store,
      guides,
      queue: this.queue,
      useWorker: this.options.useWorker,
      maxGuideBytes: this.options.maxGuideBytes,
      stopping,
      rearm: () => this.timer.arm(1000),
    });
    this.runner = runner;
    this.timer = new RefreshTimer({
      clock: deps.clock,
      store: this.store,
      guides,
      queue: this.queue,
      maxSleepMs: this.options.maxSleepMs,
      stopping,
      refresh: (target) => runner.refresh(target),
    });
  }

  /** Arms the refresh timer; its first run catches up refreshes that fell due while the app was closed. */
  async start(): Promise<void> {
    this.stopped = false;
    this.removeUnfinishedAdds();
    this.timer.arm(this.options.startDelayMs);
  }

  /**
   * A source or guide whose first import was cut short (the app died) is removed with what it imported
   * so far: adding one is all or nothing, and the user simply adds it again.
   */
  private removeUnfinishedAdds(): void {
    for (const row of this.store.rows().filter((r) => r.firstImportPending)) {
      console.warn(`sources: removing source ${row.id} (${row.name}): its first import did not finish`);
      for (const guideId of this.store.guideIds(row.id)) this.guides.remove(guideId);
      this.store.remove(row.id);
      deleteCredentials(this.deps.secrets, row.id);
    }
    for (const row of this.guides.rows().filter((r) => r.firstImportPending)) {
      console.warn(`sources: removing guide ${row.id} (${row.name}): its first import did not finish`);
      this.guides.remove(row.id);
    }
  }

  /** Clears the timer and stops running imports (what they stored so far stays; nothing is half-done). */
  stop(): void {
    this.stopped = true;
    this.timer.clear();
    this.queue.stop();
  }

  /**
   * The URLs to record a channel from, in failover order, resolved at capture time. Kinds whose
   * stored URL carries no credentials (Xtream) build the real one here from the secret store.
   */
  resolveUrls(channel: { sourceId: number; url: string; fallbackUrls: string[] }): string[] {
    const urls = [channel.url, ...channel.fallbackUrls];
    if (!urls.some((u) => u.includes('{username}') || u.includes('{password}'))) return urls;
    const kind = this.deps.db.$client
      .prepare('SELECT kind FROM sources WHERE id = ?')
      .pluck()
      .get(channel.sourceId) as string | undefined;
    if (kind !== 'xtream') return urls;
    const creds = readCredentials(this.deps.secrets, channel.sourceId);
    if (!creds) {
      throw new Error(
        `the Xtream username and password of source ${channel.sourceId} are missing; set them again (tapedeck source set)`,
      );
    }
    return urls.map((u) => fillCredentials(u, creds));
  }

  /** The connection limit scheduling must respect for a source (null: no limit known). */
  connectionLimit(sourceId: number): number | null {
    return this.store.row(sourceId).maxConnections;
  }
}
