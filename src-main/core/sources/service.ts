// Sources and guides: import, refresh on a schedule, mapping, and the contract's sources commands.
// The heavy lifting lives in the importers (m3u/, xtream/, hdhomerun/, ../guide/xmltv-import.ts); this
// class wires them to the contract, the refresh queue, the timer, and the event bus.
import path from 'node:path';
import { TapedeckError, type CommandResult, type ParsedInput } from '../../../src-shared/contract';
import type { sourceCommands } from '../../../src-shared/contract-sources';
import {
  DEFAULT_REFRESH_HOURS,
  type GuideInfo,
  type ImportReport,
  type SourceInfo,
} from '../../../src-shared/domain-sources';
import type { Db } from '../db/open';
import type { Clock, EventBus } from '../events';
import { GuideQuery } from '../guide/guide-query';
import { guideFetchLocation, refreshGuide, type GuideRefreshContext } from '../guide/guide-refresh';
import { GuideStore, type GuideRow } from '../guide/guide-store';
import { autoMap, clearManualMapping, setManualMapping } from '../guide/mapping';
import type { SecretStore } from '../secrets';
import { channelGroups, getChannelListing, searchChannels } from './channel-listing';
import { deviceBaseUrl } from './hdhomerun/hdhomerun';
import { ImportError, errorText } from './import/import-error';
import { isHttpLocation } from './import/open-input';
import { redactUrl } from './import/redact';
import { ProgressReporter } from './progress';
import { RefreshQueue, type RefreshTarget } from './refresh-queue';
import { dueAt } from './refresh-schedule';
import { refreshSource, type RefreshContext } from './source-refresh';
import {
  configOf,
  deleteCredentials,
  readCredentials,
  SourceStore,
  writeCredentials,
  type SourceRow,
} from './source-store';
import { fillCredentials, normalizeServer } from './xtream/xtream-api';

export type SourceCommandName = keyof typeof sourceCommands;
export type SourceHandlers = {
  [K in SourceCommandName]: (input: ParsedInput<K>) => Promise<CommandResult<K>> | CommandResult<K>;
};

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
  private readonly store: SourceStore;
  private readonly guides: GuideStore;
  private readonly guideQuery: GuideQuery;
  private readonly queue = new RefreshQueue();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly options: Required<Omit<SourceServiceOptions, 'maxGuideBytes'>> &
    Pick<SourceServiceOptions, 'maxGuideBytes'>;

  constructor(private readonly deps: SourceServiceDeps) {
    this.store = new SourceStore(deps.db);
    this.guides = new GuideStore(deps.db);
    this.guideQuery = new GuideQuery(deps.db);
    this.options = {
      useWorker: true,
      startDelayMs: 3000,
      maxSleepMs: 3600_000,
      ...deps.options,
    };
  }

  /** Arms the refresh timer; its first run catches up refreshes that fell due while the app was closed. */
  async start(): Promise<void> {
    this.stopped = false;
    this.arm(this.options.startDelayMs);
  }

  /** Clears the timer and stops running imports (what they stored so far stays; nothing is half-done). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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

  readonly handlers: SourceHandlers = {
    'sources.list': () => this.store.rows().map((row) => this.sourceInfo(row)),
    'sources.get': (input) => this.sourceInfo(this.store.row(input.id)),
    'sources.add': (input) => this.addSource(input),
    'sources.update': (input) => this.updateSource(input),
    'sources.refresh': async (input) => {
      const row = this.store.row(input.id);
      if (row.kind === 'manual') {
        throw new TapedeckError('conflict', 'channels added by hand have nothing to refresh');
      }
      await this.refresh({ target: 'source', id: input.id });
      return this.sourceInfo(this.store.row(input.id));
    },
    'sources.remove': async (input) => {
      this.store.row(input.id);
      await this.queue.cancel({ target: 'source', id: input.id });
      const guideIds = this.store.guideIds(input.id);
      for (const id of guideIds) {
        await this.queue.cancel({ target: 'guide', id });
        this.guides.remove(id);
      }
      this.store.remove(input.id);
      deleteCredentials(this.deps.secrets, input.id);
      if (guideIds.length) await autoMap(this.deps.db);
      this.deps.bus.emit('sources.changed', { id: input.id, removed: true });
      for (const id of guideIds) this.deps.bus.emit('guide.changed', { id, removed: true });
      this.deps.bus.emit('channels.changed', {});
      return { id: input.id };
    },
    'guides.list': () => this.guides.rows().map((row) => this.guideInfo(row)),
    'guides.get': (input) => this.guideInfo(this.guides.row(input.id)),
    'guides.add': (input) => this.addGuide(input),
    'guides.update': (input) => this.updateGuide(input),
    'guides.refresh': async (input) => {
      this.guides.row(input.id);
      await this.refresh({ target: 'guide', id: input.id });
      return this.guideInfo(this.guides.row(input.id));
    },
    'guides.remove': async (input) => {
      this.guides.row(input.id);
      await this.queue.cancel({ target: 'guide', id: input.id });
      this.guides.remove(input.id);
      await autoMap(this.deps.db);
      this.deps.bus.emit('guide.changed', { id: input.id, removed: true });
      this.deps.bus.emit('channels.changed', {});
      return { id: input.id };
    },
    'guides.channels': (input) => this.guides.channels(input),
    'channels.search': (input) => searchChannels(this.deps.db, input),
    'channels.groups': (input) => channelGroups(this.deps.db, input),
    'channels.map': async (input) => {
      if (!getChannelListing(this.deps.db, input.channelId)) {
        throw new TapedeckError('not_found', `channel ${input.channelId} does not exist`);
      }
      if (input.to === 'auto') await clearManualMapping(this.deps.db, input.channelId);
      else if (input.to === 'none') setManualMapping(this.deps.db, input.channelId, null);
      else {
        this.guides.row(input.to.guideId);
        if (!this.guides.hasChannel(input.to.guideId, input.to.xmltvId)) {
          throw new TapedeckError(
            'not_found',
            `guide ${input.to.guideId} has no channel "${input.to.xmltvId}" (see tapedeck epg channels)`,
          );
        }
        setManualMapping(this.deps.db, input.channelId, input.to);
      }
      this.deps.bus.emit('channels.changed', {});
      return getChannelListing(this.deps.db, input.channelId)!;
    },
    'guide.query': (input) => this.guideQuery.query(input),
  };

  // ---------------------------------------------------------------------------------------------
  // Sources

  private sourceInfo(row: SourceRow): SourceInfo {
    return this.store.toInfo(row, {
      refreshing: this.queue.isActive({ target: 'source', id: row.id }),
      protection: this.deps.secrets.protection,
    });
  }

  private async addSource(input: ParsedInput<'sources.add'>): Promise<SourceInfo> {
    const now = this.deps.clock.now();
    const refreshHours = input.refreshHours ?? DEFAULT_REFRESH_HOURS;
    const override = input.maxConnections ?? null;
    let row: SourceRow;
    if (input.kind === 'm3u') {
      this.assertNew('m3u', input.location);
      row = this.store.insert({
        kind: 'm3u',
        name: input.name ?? defaultName(input.location),
        location: input.location,
        maxConnections: override,
        refreshHours,
        config: { maxConnectionsOverride: override },
        createdAt: now,
        updatedAt: now,
      });
    } else if (input.kind === 'xtream') {
      const server = normalizeServer(input.server);
      for (const other of this.store.rows()) {
        if (other.kind === 'xtream' && other.location === server) {
          if (readCredentials(this.deps.secrets, other.id)?.username === input.username) {
            throw new TapedeckError('conflict', `this account is already source ${other.id} (${other.name})`);
          }
        }
      }
      row = this.store.insert({
        kind: 'xtream',
        name: input.name ?? new URL(server).hostname,
        location: server,
        maxConnections: override,
        refreshHours,
        config: { maxConnectionsOverride: override, outputFormat: input.outputFormat ?? null },
        createdAt: now,
        updatedAt: now,
      });
      writeCredentials(this.deps.secrets, row.id, { username: input.username, password: input.password });
    } else {
      const base = deviceBaseUrl(input.address);
      this.assertNew('hdhomerun', base);
      row = this.store.insert({
        kind: 'hdhomerun',
        name: input.name ?? `HDHomeRun ${new URL(base).host}`,
        location: base,
        maxConnections: override,
        refreshHours,
        config: { maxConnectionsOverride: override },
        createdAt: now,
        updatedAt: now,
      });
    }
    this.deps.bus.emit('sources.changed', { id: row.id, removed: false });
    try {
      await this.refresh({ target: 'source', id: row.id });
    } catch (error) {
      // The first import failed: leave nothing behind, so the user can simply try again.
      this.store.remove(row.id);
      deleteCredentials(this.deps.secrets, row.id);
      this.deps.bus.emit('sources.changed', { id: row.id, removed: true });
      throw error;
    }
    if (input.kind === 'xtream' && input.withGuide) {
      this.addOwnGuide(row.id, `${input.name ?? row.name} guide`, `${row.location}/xmltv.php`);
    }
    if (input.kind === 'm3u' && input.addOfferedGuides) {
      const offered = configOf(this.store.row(row.id)).offeredGuides ?? [];
      offered.forEach((url, i) =>
        this.addOwnGuide(row.id, `${row.name} guide${offered.length > 1 ? ` ${i + 1}` : ''}`, url),
      );
      this.store.updateConfig(row.id, { offeredGuides: [] }, this.deps.clock.now());
    }
    return this.sourceInfo(this.store.row(row.id));
  }

  /** A guide that belongs to a source (removed with it); its first import runs in the background. */
  private addOwnGuide(sourceId: number, name: string, location: string): void {
    const now = this.deps.clock.now();
    const guide = this.guides.insert({
      name,
      location,
      sourceId,
      offsetHours: 0,
      refreshHours: this.store.row(sourceId).refreshHours,
      createdAt: now,
      updatedAt: now,
    });
    this.deps.bus.emit('guide.changed', { id: guide.id, removed: false });
    this.refresh({ target: 'guide', id: guide.id }).catch(() => undefined);
  }

  private assertNew(kind: SourceRow['kind'], location: string): void {
    const existing = this.store.rows().find((r) => r.kind === kind && r.location === location);
    if (existing) {
      throw new TapedeckError(
        'conflict',
        `this ${kind} source already exists as source ${existing.id} (${existing.name})`,
      );
    }
  }

  private async updateSource(input: ParsedInput<'sources.update'>): Promise<SourceInfo> {
    const before = this.store.row(input.id);
    const now = this.deps.clock.now();
    const config = configOf(before);
    const values: Partial<SourceRow> = {};
    const configPatch: Record<string, unknown> = {};
    let refetch = false;
    if (input.name !== undefined) values.name = input.name;
    if (input.refreshHours !== undefined) values.refreshHours = input.refreshHours;
    if (input.maxConnections !== undefined) {
      configPatch.maxConnectionsOverride = input.maxConnections;
      const provider =
        before.kind === 'xtream'
          ? (config.account?.maxConnections ?? null)
          : before.kind === 'hdhomerun'
            ? (config.device?.tunerCount ?? null)
            : null;
      values.maxConnections = input.maxConnections ?? provider;
    }
    const wrongKind = (field: string, kinds: string) =>
      new TapedeckError('invalid_input', `${field} applies to ${kinds} sources only`);
    if (input.location !== undefined) {
      if (before.kind !== 'm3u') throw wrongKind('location', 'm3u');
      values.location = input.location;
      refetch ||= input.location !== before.location;
    }
    if (input.address !== undefined) {
      if (before.kind !== 'hdhomerun') throw wrongKind('address', 'hdhomerun');
      values.location = deviceBaseUrl(input.address);
      refetch ||= values.location !== before.location;
    }
    const oldCreds = before.kind === 'xtream' ? readCredentials(this.deps.secrets, before.id) : null;
    if (input.server !== undefined || input.username !== undefined || input.password !== undefined) {
      if (before.kind !== 'xtream') throw wrongKind('server, username and password', 'xtream');
      if (input.server !== undefined) values.location = normalizeServer(input.server);
      const username = input.username ?? oldCreds?.username;
      const password = input.password ?? oldCreds?.password;
      if (!username || !password)
        throw new TapedeckError('invalid_input', 'give both the username and the password');
      writeCredentials(this.deps.secrets, before.id, { username, password });
      refetch = true;
    }
    if (input.outputFormat !== undefined) {
      if (before.kind !== 'xtream') throw wrongKind('outputFormat', 'xtream');
      configPatch.outputFormat = input.outputFormat;
      refetch = true;
    }
    this.store.update(before.id, { ...values, config: { ...config, ...configPatch } }, now);
    this.deps.bus.emit('sources.changed', { id: before.id, removed: false });
    // A new refresh interval may make it due sooner than the timer thinks.
    this.arm(1000);
    if (refetch) {
      try {
        await this.refresh({ target: 'source', id: before.id });
      } catch (error) {
        // New location or credentials that do not work: back to the old ones, nothing else changed.
        this.store.update(
          before.id,
          { location: before.location, config: before.config, lastError: before.lastError },
          before.updatedAt,
        );
        if (oldCreds) writeCredentials(this.deps.secrets, before.id, oldCreds);
        this.deps.bus.emit('sources.changed', { id: before.id, removed: false });
        throw error;
      }
    }
    return this.sourceInfo(this.store.row(before.id));
  }

  // ---------------------------------------------------------------------------------------------
  // Guides

  private guideInfo(row: GuideRow): GuideInfo {
    return this.guides.toInfo(row, this.queue.isActive({ target: 'guide', id: row.id }));
  }

  private async addGuide(input: ParsedInput<'guides.add'>): Promise<GuideInfo> {
    let location = input.location;
    if (input.sourceId !== undefined) {
      // An offered guide is shown with its password masked: take the real URL from the source.
      const source = this.store.row(input.sourceId);
      const offered = configOf(source).offeredGuides ?? [];
      location = offered.find((url) => url === location || redactUrl(url) === location) ?? location;
    }
    const existing = this.guides.rows().find((g) => g.location === location);
    if (existing)
      throw new TapedeckError(
        'conflict',
        `this guide already exists as guide ${existing.id} (${existing.name})`,
      );
    const now = this.deps.clock.now();
    const row = this.guides.insert({
      name: input.name ?? defaultName(location),
      location,
      offsetHours: input.offsetHours,
      sourceId: input.sourceId ?? null,
      refreshHours: input.refreshHours ?? DEFAULT_REFRESH_HOURS,
      createdAt: now,
      updatedAt: now,
    });
    this.deps.bus.emit('guide.changed', { id: row.id, removed: false });
    try {
      await this.refresh({ target: 'guide', id: row.id });
    } catch (error) {
      this.guides.remove(row.id);
      this.deps.bus.emit('guide.changed', { id: row.id, removed: true });
      throw error;
    }
    if (input.sourceId !== undefined) {
      const source = this.store.row(input.sourceId);
      const offered = (configOf(source).offeredGuides ?? []).filter((url) => url !== location);
      this.store.updateConfig(source.id, { offeredGuides: offered }, this.deps.clock.now());
    }
    return this.guideInfo(this.guides.row(row.id));
  }

  private async updateGuide(input: ParsedInput<'guides.update'>): Promise<GuideInfo> {
    const before = this.guides.row(input.id);
    const now = this.deps.clock.now();
    const values: Partial<GuideRow> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.refreshHours !== undefined) values.refreshHours = input.refreshHours;
    if (input.offsetHours !== undefined && input.offsetHours !== before.offsetHours) {
      // Wait for a running import: it parses with the old offset.
      await this.queue.cancel({ target: 'guide', id: before.id });
      this.guides.shiftProgrammes(before.id, input.offsetHours - before.offsetHours);
      values.offsetHours = input.offsetHours;
    }
    const relocate = input.location !== undefined && input.location !== before.location;
    if (relocate) values.location = input.location;
    this.guides.update(before.id, values, now);
    this.deps.bus.emit('guide.changed', { id: before.id, removed: false });
    this.arm(1000);
    if (relocate) {
      try {
        await this.refresh({ target: 'guide', id: before.id });
      } catch (error) {
        this.guides.update(
          before.id,
          { location: before.location, lastError: before.lastError },
          before.updatedAt,
        );
        throw error;
      }
    }
    return this.guideInfo(this.guides.row(before.id));
  }

  // ---------------------------------------------------------------------------------------------
  // Refreshing

  /** Refreshes a source or guide (joining one already running). Rejects with the reason on failure. */
  private refresh(target: RefreshTarget): Promise<void> {
    const progress = new ProgressReporter(this.deps.bus, this.deps.clock, target.target, target.id);
    return this.queue.run(
      target,
      async (signal) => {
        try {
          const report = await this.refreshOnce(target, signal, progress);
          progress.report('done', report.items, report.items, summary(report));
        } catch (error) {
          const message = errorText(error);
          if (!this.stopped) {
            try {
              if (target.target === 'source')
                this.store.recordFailure(target.id, message, this.deps.clock.now());
              else this.guides.recordFailure(target.id, message, this.deps.clock.now());
            } catch {
              // The row was removed meanwhile: nothing to record.
            }
            progress.report('failed', 0, null, message);
            this.deps.bus.emit(target.target === 'source' ? 'sources.changed' : 'guide.changed', {
              id: target.id,
              removed: false,
            });
          }
          throw asTapedeckError(error, this.stopped);
        } finally {
          if (!this.stopped) this.arm(1000);
        }
      },
      () => progress.report('queued', 0, null),
    );
  }

  private async refreshOnce(
    target: RefreshTarget,
    signal: AbortSignal,
    progress: ProgressReporter,
  ): Promise<ImportReport> {
    if (target.target === 'source') {
      const row = this.store.row(target.id);
      const report = await refreshSource(this.refreshContext(), row, signal, progress);
      progress.report('mapping', 0, null);
      await autoMap(this.deps.db, { sourceId: row.id });
      this.deps.bus.emit('sources.changed', { id: row.id, removed: false });
      this.deps.bus.emit('channels.changed', {});
      return report;
    }
    const row = this.guides.row(target.id);
    const report = await refreshGuide(this.guideContext(), row, signal, progress);
    progress.report('mapping', 0, null);
    await autoMap(this.deps.db);
    this.deps.bus.emit('guide.changed', { id: row.id, removed: false });
    this.deps.bus.emit('channels.changed', {});
    return report;
  }

  private refreshContext(): RefreshContext {
    return {
      db: this.deps.db,
      store: this.store,
      secrets: this.deps.secrets,
      clock: this.deps.clock,
      dataDir: this.deps.dataDir,
      useWorker: this.options.useWorker,
      guideLocations: () => {
        const ctx = this.guideContext();
        const known = new Set<string>();
        for (const g of this.guides.rows()) {
          known.add(g.location);
          try {
            known.add(guideFetchLocation(ctx, g));
          } catch {
            // Credentials gone: the plain location is enough here.
          }
        }
        return known;
      },
    };
  }

  private guideContext(): GuideRefreshContext {
    return {
      db: this.deps.db,
      guides: this.guides,
      sources: this.store,
      secrets: this.deps.secrets,
      clock: this.deps.clock,
      useWorker: this.options.useWorker,
      maxGuideBytes: this.options.maxGuideBytes,
    };
  }

  /** (Re)arms the timer for the next due refresh; when it fires, due targets are queued. */
  private arm(delayMs?: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = delayMs ?? this.nextWait();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runDue();
    }, wait);
    this.timer.unref();
  }

  private nextWait(): number {
    const now = this.deps.clock.now();
    let next = now + this.options.maxSleepMs;
    for (const t of this.targets()) {
      if (!this.queue.isActive(t.target)) next = Math.min(next, t.due);
    }
    return Math.min(this.options.maxSleepMs, Math.max(1000, next - now));
  }

  private targets(): Array<{ target: RefreshTarget; due: number }> {
    const out: Array<{ target: RefreshTarget; due: number }> = [];
    for (const row of this.store.rows()) {
      if (row.kind !== 'manual') out.push({ target: { target: 'source', id: row.id }, due: dueAt(row) });
    }
    for (const row of this.guides.rows())
      out.push({ target: { target: 'guide', id: row.id }, due: dueAt(row) });
    return out;
  }

  private runDue(): void {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    try {
      for (const t of this.targets()) {
        if (t.due <= now && !this.queue.isActive(t.target)) {
          // Failures are recorded on the row and announced by events; nothing to do with them here.
          this.refresh(t.target).catch(() => undefined);
        }
      }
    } catch (error) {
      console.error('sources: scheduling refreshes failed:', error);
    }
    this.arm();
  }
}

function asTapedeckError(error: unknown, stopping: boolean): TapedeckError {
  if (stopping) return new TapedeckError('unavailable', 'Tapedeck is shutting down; the refresh was stopped');
  if (error instanceof TapedeckError) return error;
  if (error instanceof ImportError) return new TapedeckError(error.code, error.message);
  return new TapedeckError('internal', errorText(error));
}

function summary(report: ImportReport): string {
  const parts = [`${report.items} read`, `${report.added} new`, `${report.updated} updated`];
  if (report.removed) parts.push(`${report.removed} removed`);
  if (report.problemCount) parts.push(`${report.problemCount} problem(s)`);
  if (report.stoppedEarly) parts.push(`stopped early: ${report.stoppedEarly}`);
  return parts.join(', ');
}

/** "provider.example.com" for a URL, "playlist" for /path/playlist.m3u8.gz. */
function defaultName(location: string): string {
  if (isHttpLocation(location)) {
    try {
      return new URL(location).hostname;
    } catch {
      return location;
    }
  }
  const base = path.basename(location.replace(/^file:\/\//i, ''));
  return base.replace(/(\.(m3u8?|xml|xmltv|txt))?(\.gz)?$/i, '') || base;
}
