// The composition root of the core: builds the parts for one data folder and implements the contract.
// Hosts (desktop IPC, headless HTTP/WebSocket) call `dvr.call(name, rawInput)` and subscribe to `dvr.bus`.
// The command handlers live in commands/ (one table); this file builds the engine they use.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  parseInput,
  TapedeckError,
  type CommandName,
  type CommandResult,
  type ParsedInput,
} from '../../src-shared/contract';
import type { PauseState } from '../../src-shared/contract-system';
import type { Recording } from '../../src-shared/domain';
import { NOTIFICATION_SWITCH } from '../../src-shared/settings';
import { commandTable } from './commands';
import type { Caller, CommandHandlers } from './commands/handlers';
import { acquireDataDirLock } from './data-dir';
import { openDatabase, type Db } from './db/open';
import { EventBus, systemClock, type Clock } from './events';
import { settleWriters } from './import/sql-writer';
import { WalCheckpointer } from './import/wal-checkpoint';
import { LibrarySpace } from './library/library-space';
import { LibraryService } from './library/library-service';
import { LogoCache } from './library/logo-cache';
import { loadOrCreateMediaToken } from './library/media-token';
import { PostProcess } from './library/postprocess/service';
import type { RetryPolicy } from './library/postprocess/queue';
import { Notifier } from './notify/notifier';
import type { CaptureSettings } from './record/capture';
import { captureSettingsOf } from './record/capture-settings';
import { freeBytesOf } from './record/disk-space';
import { ffmpegVersion, resolveFfmpeg, type FfmpegBinaries } from './record/ffmpeg-path';
import { Recorder } from './record/recorder';
import { ConnectionGuard } from './schedule/connection-guard';
import { ConnectionLimits } from './schedule/connection-limits';
import { StartLatency } from './record/start-latency';
import { DEFAULT_BITRATE, RecordingStore } from './recordings/store';
import { PlanService } from './schedule/plan-service';
import type { ConnectionMap } from './schedule/planner';
import { RuleStore } from './schedule/rule-store';
import { Scheduler } from './schedule/scheduler';
import { FileSecretStore, type SecretStore } from './secrets';
import { SettingsStore } from './settings';
import { channelRow } from './sources/channel-store';
import { SourceService } from './sources/service';
import type BetterSqlite3 from 'better-sqlite3';

export { VERSION } from './version';

export interface DvrOptions {
  dataDir: string;
  migrationsFolder: string;
  /** Who holds the data-folder lock, for the message a second instance shows. */
  host: string;
  clock?: Clock;
  sqliteDriver?: typeof BetterSqlite3;
  /** Overrides ffmpeg resolution (tests pin a binary). */
  ffmpeg?: FfmpegBinaries;
  captureSettings?: Partial<CaptureSettings>;
  freeBytes?: (dir: string) => Promise<number>;
  reconcileMs?: number;
  /** Where credentials live; the desktop passes one backed by the OS keychain. */
  secrets?: SecretStore;
  /** Backoff of post-processing retries (tests shorten it). */
  postprocessRetry?: Partial<RetryPolicy>;
}

export class Dvr {
  readonly bus = new EventBus();
  readonly store: RecordingStore;
  readonly settings: SettingsStore;
  readonly recorder: Recorder;
  readonly connections: ConnectionGuard;
  readonly scheduler: Scheduler;
  readonly sources: SourceService;
  readonly rules: RuleStore;
  readonly planner: PlanService;
  /** Channel logos, fetched and cached for the media route (/media/logos/<channel>). */
  readonly logos: LogoCache;
  /** Cleanup (daily, after recordings, on demand) and the disk forecast. */
  readonly space: LibrarySpace;
  /** Naming, sidecars, rescans, imports and the TV playlist of finished recordings (docs/library.md). */
  readonly library: LibraryService;
  private readonly checkpointer: WalCheckpointer;
  readonly notifier: Notifier;
  /** After a recording: profiles, comskip, the hook, remote storage (library/postprocess). */
  readonly postprocess: PostProcess;
  private readonly clock: Clock;
  private bins: FfmpegBinaries | null = null;
  /** The port of the HTTP server a host runs for this instance (startHttpServer announces it). */
  private port: number | null = null;
  /** `ffmpeg -version` per binary: status.get runs on every tray refresh, a spawn each time is waste. */
  private readonly versions = new Map<string, Promise<string | null>>();
  private readonly handlers: CommandHandlers<CommandName>;
  private closed = false;

  private constructor(
    readonly options: DvrOptions,
    readonly db: Db,
    private readonly releaseLock: () => void,
  ) {
    this.clock = options.clock ?? systemClock;
    const secrets = options.secrets ?? FileSecretStore.inDataDir(options.dataDir);
    this.store = new RecordingStore(db, this.clock, this.bus, secrets);
    this.settings = new SettingsStore(db);
    this.postprocess = new PostProcess({
      db,
      bus: this.bus,
      clock: this.clock,
      store: this.store,
      secrets,
      dataDir: options.dataDir,
      settings: () => this.settings.all(),
      recordingsDir: () => this.recordingsDir(),
      bins: () => this.ffmpeg(),
      ...(options.postprocessRetry ? { retry: options.postprocessRetry } : {}),
    });
    const latency = new StartLatency(db, () => this.clock.now());
    this.rules = new RuleStore(db);
    this.library = new LibraryService({
      db,
      store: this.store,
      bus: this.bus,
      clock: this.clock,
      settings: () => this.settings.all(),
      recordingsDir: () => this.recordingsDir(),
      bins: () => this.ffmpeg(),
      ruleLibrary: (ruleId) => this.rules.find(ruleId)?.library ?? null,
      mediaToken: loadOrCreateMediaToken(options.dataDir),
    });
    this.connections = new ConnectionGuard(() => ConnectionLimits.read(db));
    const postprocessHooks = this.postprocess.recorderHooks();
    this.recorder = new Recorder({
      store: this.store,
      bus: this.bus,
      clock: this.clock,
      bins: () => this.ffmpeg(),
      recordingsDir: () => this.recordingsDir(),
      settings: () => captureSettingsOf(this.settings.all(), this.options.captureSettings),
      freeBytes: options.freeBytes ?? freeBytesOf,
      dataDir: options.dataDir,
      resolveSource: (recording) => this.sourceOf(recording),
      expectedBitrate: (recording) => this.store.learnedBitrate(recording) ?? DEFAULT_BITRATE,
      latency,
      connections: this.connections,
      ...postprocessHooks,
      // Named by the library's templates, under the recordings folder or the scratch root it is given.
      outputPath: (recording, root) => this.library.outputPath(recording, root),
      onFinalized: (recording) => {
        this.library.onFinalized(recording);
        postprocessHooks.onFinalized?.(recording);
      },
    });
    this.sources = new SourceService({
      db,
      bus: this.bus,
      clock: this.clock,
      dataDir: options.dataDir,
      secrets,
    });
    this.scheduler = new Scheduler(this.store, this.recorder, this.bus, this.clock, {
      reconcileMs: options.reconcileMs ?? 30_000,
      leadFor: (recording) => latency.leadMs(recording),
      onClockJump: () => this.planner.soon(),
      pauseStore: {
        load: () => (this.settings.internal('schedulingPause') as PauseState | null) ?? null,
        save: (state) => this.settings.setInternal('schedulingPause', state),
      },
    });
    const connections = (): ConnectionMap => {
      const limits = ConnectionLimits.read(db);
      return {
        groups: new Map(limits.groups),
        groupOf: (channelId) => limits.channelGroup(channelId)?.key ?? null,
      };
    };
    this.planner = new PlanService({
      db,
      bus: this.bus,
      clock: this.clock,
      recordings: this.store,
      rules: this.rules,
      recorder: this.recorder,
      connections,
      defaults: () => {
        const s = this.settings.all();
        return {
          padBeforeMs: s.padBeforeSec * 1000,
          padAfterMs: s.padAfterSec * 1000,
          container: s.container,
          timeZone: s.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        };
      },
    });
    // A refused capture can start as soon as another one lets go (back-to-back on a full account).
    // (Not while shutting down: a capture stopped for shutdown must not start or resume another.)
    this.connections.onRelease(() => {
      if (!this.closed) void this.scheduler.reconcile();
    });
    this.checkpointer = new WalCheckpointer(db.$client);
    this.logos = new LogoCache({
      db,
      dir: path.join(options.dataDir, 'cache', 'logos'),
      now: () => this.clock.now(),
    });
    const freeBytes = options.freeBytes ?? freeBytesOf;
    this.space = new LibrarySpace({
      db,
      bus: this.bus,
      clock: this.clock,
      recordings: this.store,
      history: this.planner.history,
      settings: () => this.settings.all(),
      recordingsDir: () => this.recordingsDir(),
      freeBytes,
      busy: (id) => this.recorder.isActive(id),
      lastRun: {
        load: () => {
          const at = this.settings.internal('cleanupLastRun');
          return typeof at === 'number' ? at : null;
        },
        save: (at) => this.settings.setInternal('cleanupLastRun', at),
      },
    });
    this.notifier = new Notifier({
      bus: this.bus,
      clock: this.clock,
      recordings: () => this.store.list({ status: ['scheduled', 'recording'] }),
      sources: () => this.call('sources.list', {}),
      disk: () => this.space.forecast().catch(() => null),
      enabled: (kind) => this.settings.all().notifications[NOTIFICATION_SWITCH[kind]],
      keys: {
        load: () => {
          const keys = this.settings.internal('notifiedKeys');
          return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
        },
        save: (keys) => this.settings.setInternal('notifiedKeys', keys),
      },
    });
    this.handlers = commandTable({
      db,
      bus: this.bus,
      clock: this.clock,
      dataDir: options.dataDir,
      settings: this.settings,
      secrets,
      recordings: this.store,
      recorder: this.recorder,
      scheduler: this.scheduler,
      ruleStore: this.rules,
      planner: this.planner,
      connections,
      sources: this.sources.store,
      guides: this.sources.guides,
      guideQuery: this.sources.guideQuery,
      guideSearch: this.sources.guideSearch,
      logos: this.logos,
      library: this.library,
      space: this.space,
      queue: this.sources.queue,
      runner: this.sources.runner,
      timer: this.sources.timer,
      recordingsDir: () => this.recordingsDir(),
      importDir: () => this.importDir(),
      freeBytes,
      serverPort: () => this.port,
      ffmpeg: () => this.ffmpeg(),
      dropFfmpegCache: () => {
        this.bins = null;
        this.versions.clear();
      },
      ffmpegVersion: (ffmpeg) => this.versionOf(ffmpeg),
      postprocess: this.postprocess,
    });
  }

  /** Opens a data folder (taking its lock), migrates the database and starts the scheduler. */
  static async open(options: DvrOptions): Promise<Dvr> {
    mkdirSync(options.dataDir, { recursive: true });
    const release = acquireDataDirLock(options.dataDir, options.host);
    let db: Db;
    try {
      db = openDatabase({
        file: path.join(options.dataDir, 'tapedeck.db'),
        migrationsFolder: options.migrationsFolder,
        ...(options.sqliteDriver ? { driver: options.sqliteDriver } : {}),
      });
    } catch (error) {
      release();
      throw error;
    }
    const dvr = new Dvr(options, db, release);
    mkdirSync(dvr.recordingsDir(), { recursive: true });
    await dvr.scheduler.start();
    await dvr.sources.start();
    dvr.planner.start();
    dvr.notifier.start();
    dvr.space.start();
    dvr.checkpointer.start();
    // Files moved or deleted while the app was closed are shown as missing (in the background).
    dvr.library.rescanSoon();
    dvr.postprocess.start();
    return dvr;
  }

  /**
   * Validates raw input against the contract and runs the command. A transport that carries a
   * browser's requests passes `{ trustedPaths: false }`: its local-file imports are then confined to
   * the import folder. The desktop window's IPC, the CLI and in-process callers are trusted.
   */
  async call<K extends CommandName>(
    name: K,
    rawInput: unknown,
    caller: { trustedPaths: boolean } = { trustedPaths: true },
  ): Promise<CommandResult<K>> {
    if (this.closed) throw new TapedeckError('unavailable', 'Tapedeck is shutting down');
    const input = parseInput(name, rawInput);
    const handler = this.handlers[name] as (
      input: ParsedInput<K>,
      caller: Caller,
    ) => Promise<CommandResult<K>> | CommandResult<K>;
    return handler(
      input,
      caller.trustedPaths ? { trustedPaths: true } : { trustedPaths: false, importDir: this.importDir() },
    );
  }

  /** Stops capture cleanly (segments closed; they resume on next start) and releases the folder. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sources.stop();
    this.planner.stop();
    this.notifier.stop();
    const spaceStopped = this.space.stop();
    this.scheduler.stop();
    await spaceStopped;
    await this.recorder.shutdown();
    // Sidecars and a rescan under way write the database: let them finish before it closes.
    await this.library.settled();
    await this.postprocess.stop();
    await this.checkpointer.stop();
    await settleWriters();
    this.db.$client.close();
    this.releaseLock();
  }

  /** A host tells which port its HTTP server listens on (null once it closed), for settings.get. */
  announceServer(port: number | null): void {
    this.port = port;
  }

  /**
   * The computer slept from `from` to `to` (the host's power monitor says so on resume): captures under
   * way end their segment where the sleep began and go on in a new one; windows missed meanwhile say
   * "the computer was asleep"; the plan looks again.
   */
  async systemSlept(from: number, to: number): Promise<void> {
    if (this.closed) return;
    this.recorder.wokeFromSleep(from);
    await this.scheduler.wokeFromSleep(from, to);
    this.planner.soon();
  }

  recordingsDir(): string {
    return path.resolve(this.settings.all().recordingsDir ?? path.join(this.options.dataDir, 'recordings'));
  }

  /** Where a browser's local imports must be and uploads go; created by whoever writes or checks it. */
  importDir(): string {
    return path.resolve(this.settings.all().importDir ?? path.join(this.options.dataDir, 'imports'));
  }

  ffmpeg(): FfmpegBinaries {
    if (this.options.ffmpeg) return this.options.ffmpeg;
    this.bins ??= resolveFfmpeg({ setting: this.settings.all().ffmpegPath });
    return this.bins;
  }

  private versionOf(ffmpeg: string): Promise<string | null> {
    let version = this.versions.get(ffmpeg);
    if (!version) {
      version = ffmpegVersion(ffmpeg);
      this.versions.set(ffmpeg, version);
    }
    return version;
  }

  private sourceOf(recording: Recording): { urls: string[]; headers: Record<string, string> } {
    const url = this.store.streamUrl(recording.id);
    if (url) return { urls: [url], headers: {} };
    if (recording.channelId === null) throw new Error('the channel of this recording no longer exists');
    const channel = channelRow(this.db, recording.channelId);
    if (!channel) throw new Error(`channel ${recording.channelId} no longer exists`);
    return { urls: this.sources.resolveUrls(channel), headers: channel.headers };
  }
}
