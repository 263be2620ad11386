// The composition root of the core: builds the parts for one data folder and implements the contract.
// Hosts (desktop IPC, headless HTTP/WebSocket) call `dvr.call(name, rawInput)` and subscribe to `dvr.bus`.
import { randomUUID } from 'node:crypto';
import { mkdirSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { and, desc, eq, gt, isNotNull, isNull, like } from 'drizzle-orm';
import {
  MAX_SCHEDULE_AHEAD_MS,
  parseInput,
  TapedeckError,
  type CommandName,
  type CommandResult,
  type ParsedInput,
} from '../../src-shared/contract';
import { windowOf, type Channel, type Recording } from '../../src-shared/domain';
import { acquireDataDirLock } from './data-dir';
import { openDatabase, type Db } from './db/open';
import { channels, recordings, sources } from './db/schema';
import { EventBus, systemClock, type Clock } from './events';
import { segmentDir } from './library/naming';
import { DEFAULT_CAPTURE_SETTINGS, type CaptureSettings } from './record/capture';
import { ffmpegVersion, resolveFfmpeg, type FfmpegBinaries } from './record/ffmpeg-path';
import { Recorder } from './record/recorder';
import { RecordingStore } from './recordings/store';
import { Scheduler } from './schedule/scheduler';
import { FileSecretStore, type SecretStore } from './secrets';
import { SettingsStore } from './settings';
import { SourceService, type SourceCommandName } from './sources/service';
import type BetterSqlite3 from 'better-sqlite3';

export const VERSION = '0.1.0';
const MAX_RECORDING_MS = 24 * 3600 * 1000;
const DEFAULT_BITRATE = 8_000_000;

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
}

type CoreCommandName = Exclude<CommandName, SourceCommandName>;
type Handlers = {
  [K in CoreCommandName]: (input: ParsedInput<K>) => Promise<CommandResult<K>> | CommandResult<K>;
};

export class Dvr {
  readonly bus = new EventBus();
  readonly store: RecordingStore;
  readonly settings: SettingsStore;
  readonly recorder: Recorder;
  readonly scheduler: Scheduler;
  readonly sources: SourceService;
  private readonly clock: Clock;
  private bins: FfmpegBinaries | null = null;
  /** `ffmpeg -version` per binary: status.get runs on every tray refresh, a spawn each time is waste. */
  private readonly versions = new Map<string, Promise<string | null>>();
  private closed = false;

  private constructor(
    readonly options: DvrOptions,
    readonly db: Db,
    private readonly releaseLock: () => void,
  ) {
    this.clock = options.clock ?? systemClock;
    this.store = new RecordingStore(db, this.clock, this.bus);
    this.settings = new SettingsStore(db);
    this.recorder = new Recorder({
      store: this.store,
      bus: this.bus,
      clock: this.clock,
      bins: () => this.ffmpeg(),
      recordingsDir: () => this.recordingsDir(),
      settings: () => this.captureSettings(),
      freeBytes: options.freeBytes ?? freeBytesOf,
      resolveSource: (recording) => this.sourceOf(recording),
      expectedBitrate: (recording) => this.learnedBitrate(recording),
    });
    this.sources = new SourceService({
      db,
      bus: this.bus,
      clock: this.clock,
      dataDir: options.dataDir,
      secrets: options.secrets ?? FileSecretStore.inDataDir(options.dataDir),
    });
    this.scheduler = new Scheduler(this.store, this.recorder, this.bus, this.clock, {
      reconcileMs: options.reconcileMs ?? 30_000,
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
    return dvr;
  }

  /** Validates raw input against the contract and runs the command. */
  async call<K extends CommandName>(name: K, rawInput: unknown): Promise<CommandResult<K>> {
    if (this.closed) throw new TapedeckError('unavailable', 'Tapedeck is shutting down');
    const input = parseInput(name, rawInput);
    const table: Partial<Record<CommandName, unknown>> = Object.hasOwn(this.sources.handlers, name)
      ? this.sources.handlers
      : this.handlers;
    const handler = table[name] as (input: ParsedInput<K>) => Promise<CommandResult<K>> | CommandResult<K>;
    return handler(input);
  }

  /** Stops capture cleanly (segments closed; they resume on next start) and releases the folder. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sources.stop();
    this.scheduler.stop();
    await this.recorder.shutdown();
    this.db.$client.close();
    this.releaseLock();
  }

  recordingsDir(): string {
    return path.resolve(this.settings.all().recordingsDir ?? path.join(this.options.dataDir, 'recordings'));
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

  private captureSettings(): CaptureSettings {
    const s = this.settings.all();
    return {
      ...DEFAULT_CAPTURE_SETTINGS,
      stallTimeoutMs: s.stallTimeoutSec * 1000,
      maxFailedAttempts: s.maxFailedAttempts,
      retryBaseMs: s.retryBaseSec * 1000,
      retryMaxMs: s.retryMaxSec * 1000,
      diskReserveBytes: s.diskReserveMiB * 1024 * 1024,
      ...this.options.captureSettings,
    };
  }

  private sourceOf(recording: Recording): { urls: string[]; headers: Record<string, string> } {
    if (recording.url) return { urls: [recording.url], headers: {} };
    if (recording.channelId === null) throw new Error('the channel of this recording no longer exists');
    const channel = this.db.select().from(channels).where(eq(channels.id, recording.channelId)).get();
    if (!channel) throw new Error(`channel ${recording.channelId} no longer exists`);
    return { urls: this.sources.resolveUrls(channel), headers: channel.headers };
  }

  /** Bits per second of the newest finished recording of the same channel or URL; 8 Mbit/s if none. */
  private learnedBitrate(recording: Recording): number {
    const same =
      recording.channelId !== null
        ? eq(recordings.channelId, recording.channelId)
        : eq(recordings.url, recording.url ?? '');
    const row = this.db
      .select({ size: recordings.sizeBytes, duration: recordings.durationMs })
      .from(recordings)
      .where(
        and(
          same,
          eq(recordings.status, 'completed'),
          isNotNull(recordings.sizeBytes),
          gt(recordings.durationMs, 10_000),
        ),
      )
      .orderBy(desc(recordings.id))
      .limit(1)
      .get();
    return row?.size && row.duration ? (row.size * 8 * 1000) / row.duration : DEFAULT_BITRATE;
  }

  private channel(id: number): Channel {
    const row = this.db.select().from(channels).where(eq(channels.id, id)).get();
    if (!row) throw new TapedeckError('not_found', `channel ${id} does not exist`);
    return toChannel(row);
  }

  private manualSourceId(): number {
    const existing = this.db.select({ id: sources.id }).from(sources).where(eq(sources.kind, 'manual')).get();
    if (existing) return existing.id;
    return this.db
      .insert(sources)
      .values({ kind: 'manual', name: 'Added by hand' })
      .returning({ id: sources.id })
      .get().id;
  }

  private async startNow(recording: Recording, reason: string): Promise<Recording> {
    const now = this.clock.now();
    const window = windowOf(recording);
    if (window.end <= now) {
      throw new TapedeckError(
        'conflict',
        `recording ${recording.id}'s window ended at ${new Date(window.end).toISOString()}`,
      );
    }
    let current = recording;
    if (window.start > now) {
      // Starting early: the recording now begins now, so its expected length is honest.
      current = this.store.update(
        recording.id,
        { startAt: now, padBeforeMs: 0 },
        `${reason}: start moved to now`,
      );
    }
    return this.recorder.begin(current, reason);
  }

  private readonly handlers: Handlers = {
    'status.get': async () => {
      const next = this.store
        .list({ status: 'scheduled' })
        .sort((a, b) => windowOf(a).start - windowOf(b).start)[0];
      let ffmpeg: { path: string; version: string | null; origin: string } | null;
      try {
        const bins = this.ffmpeg();
        ffmpeg = { path: bins.ffmpeg, version: await this.versionOf(bins.ffmpeg), origin: bins.origin };
      } catch {
        ffmpeg = null;
      }
      return {
        version: VERSION,
        dataDir: this.options.dataDir,
        recordingsDir: this.recordingsDir(),
        recordingNow: this.recorder.activeIds().length,
        next: next ? { id: next.id, title: next.title, startAt: windowOf(next).start } : null,
        ffmpeg,
      };
    },
    'recordings.list': (input) => this.store.list(input.status ? { status: input.status } : {}),
    'recordings.get': (input) => this.store.get(input.id),
    'recordings.events': (input) => {
      this.store.get(input.id);
      return this.store.events(input.id);
    },
    'recordings.schedule': async (input) => {
      const now = this.clock.now();
      if (input.durationMs !== undefined && input.durationMs <= 0) {
        throw new TapedeckError('invalid_input', 'the duration must be more than zero');
      }
      const end = input.end ?? input.start + (input.durationMs ?? 0);
      if (end <= input.start) throw new TapedeckError('invalid_input', 'the end must be after the start');
      if (end - input.start > MAX_RECORDING_MS) {
        throw new TapedeckError('invalid_input', 'a recording cannot be longer than 24 hours');
      }
      if (input.start - now > MAX_SCHEDULE_AHEAD_MS) {
        throw new TapedeckError('invalid_input', 'the start is more than a year away');
      }
      if (end + input.padAfterMs <= now) {
        throw new TapedeckError('invalid_input', 'the recording window has already ended');
      }
      const channel = input.channelId !== undefined ? this.channel(input.channelId) : null;
      const title =
        input.title ??
        `${channel ? channel.name : new URL(input.url!).hostname} ${new Date(input.start).toISOString().slice(0, 16)}`;
      const recording = this.store.create(
        {
          title,
          channelId: channel?.id ?? null,
          url: channel ? null : input.url!,
          startAt: input.start,
          endAt: end,
          padBeforeMs: input.padBeforeMs,
          padAfterMs: input.padAfterMs,
          container: input.container ?? this.settings.all().container,
        },
        'scheduled by the user',
      );
      // A window that is already open starts at once rather than at the next reconcile.
      if (windowOf(recording).start <= now) await this.scheduler.reconcile();
      return this.store.get(recording.id);
    },
    'recordings.stop': async (input) => {
      const recording = this.store.get(input.id);
      if (recording.status !== 'recording') {
        throw new TapedeckError('conflict', `recording ${input.id} is ${recording.status}, not recording`);
      }
      if (this.recorder.isActive(input.id)) return this.recorder.end(input.id, 'stop');
      return this.recorder.finalize(input.id, 'stopped by the user');
    },
    'recordings.cancel': async (input) => {
      const recording = this.store.get(input.id);
      if (recording.status === 'scheduled')
        return this.store.transition(input.id, 'cancelled', 'cancelled by the user');
      if (recording.status === 'recording' && this.recorder.isActive(input.id)) {
        return this.recorder.end(input.id, 'cancel');
      }
      throw new TapedeckError(
        'conflict',
        `recording ${input.id} is ${recording.status}; only scheduled or recording ones can be cancelled`,
      );
    },
    'recordings.retry': async (input) => {
      // A failure being written right now must be finished before the retry starts a new capture.
      await this.recorder.idle(input.id);
      const recording = this.store.get(input.id);
      if (recording.status !== 'failed') {
        throw new TapedeckError(
          'conflict',
          `recording ${input.id} is ${recording.status}; only failed recordings can be retried`,
        );
      }
      const window = windowOf(recording);
      const now = this.clock.now();
      if (window.end <= now) {
        throw new TapedeckError(
          'conflict',
          `recording ${input.id}'s window has passed; schedule a new recording instead`,
        );
      }
      if (window.start > now)
        return this.store.transition(input.id, 'scheduled', 'retry requested by the user', { error: null });
      return this.recorder.begin(recording, 'retry requested by the user');
    },
    'recordings.startNow': async (input) => {
      await this.recorder.idle(input.id);
      const recording = this.store.get(input.id);
      if (recording.status !== 'scheduled' && recording.status !== 'failed') {
        throw new TapedeckError(
          'conflict',
          `recording ${input.id} is ${recording.status}; it cannot start now`,
        );
      }
      return this.startNow(recording, 'start-now requested by the user');
    },
    'recordings.delete': async (input) => {
      const recording = this.store.get(input.id);
      if (recording.status === 'recording') {
        throw new TapedeckError('conflict', `recording ${input.id} is in progress; stop or cancel it first`);
      }
      const deletedFiles: string[] = [];
      if (!input.keepFile) {
        for (const file of [recording.outputPath, ...recording.segments.map((s) => s.path)]) {
          if (
            file &&
            (await fs.rm(file).then(
              () => true,
              () => false,
            ))
          )
            deletedFiles.push(file);
        }
        await fs.rm(segmentDir(this.recordingsDir(), recording.id), { recursive: true, force: true });
      }
      this.store.delete(
        input.id,
        input.keepFile ? 'deleted by the user; file kept' : 'deleted by the user with its files',
      );
      return { id: input.id, deletedFiles };
    },
    'channels.list': (input) => {
      // Recordable channels only: VOD entries and channels the provider no longer lists stay out.
      const rows = this.db
        .select()
        .from(channels)
        .where(
          and(
            eq(channels.kind, 'live'),
            isNull(channels.missingSince),
            input.search ? like(channels.name, `%${input.search.replace(/[%_]/g, '')}%`) : undefined,
          ),
        )
        .orderBy(channels.id)
        .limit(5000)
        .all();
      return rows.map(toChannel);
    },
    'channels.add': (input) => {
      const row = this.db
        .insert(channels)
        .values({
          sourceId: this.manualSourceId(),
          stableKey: `manual:${randomUUID()}`,
          name: input.name,
          url: input.url,
          fallbackUrls: input.fallbackUrls,
        })
        .returning()
        .get();
      this.bus.emit('channels.changed', {});
      return toChannel(row);
    },
  };
}

function toChannel(row: typeof channels.$inferSelect): Channel {
  return {
    id: row.id,
    sourceId: row.sourceId,
    name: row.name,
    url: row.url,
    fallbackUrls: row.fallbackUrls,
    number: row.number,
    group: row.groupName,
    logo: row.logo,
  };
}

async function freeBytesOf(dir: string): Promise<number> {
  const stat = await fs.statfs(dir);
  return stat.bavail * stat.bsize;
}
