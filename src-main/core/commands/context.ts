// What every command handler may use: the engine's parts (recorder, scheduler, refresh machinery) and the
// stores below them. Handlers sit above the engine; nothing in the engine imports a handler.
import type { Db } from '../db/open';
import type { Clock, EventBus } from '../events';
import type { GuideQuery } from '../guide/guide-query';
import type { GuideSearch } from '../guide/guide-search';
import type { GuideStore } from '../guide/guide-store';
import type { LogoCache } from '../library/logo-cache';
import type { FfmpegBinaries } from '../record/ffmpeg-path';
import type { Recorder } from '../record/recorder';
import type { RecordingStore } from '../recordings/store';
import type { PlanService } from '../schedule/plan-service';
import type { ConnectionMap } from '../schedule/planner';
import type { RuleStore } from '../schedule/rule-store';
import type { Scheduler } from '../schedule/scheduler';
import type { SecretStore } from '../secrets';
import type { SettingsStore } from '../settings';
import type { RefreshQueue } from '../sources/refresh-queue';
import type { RefreshRunner } from '../sources/refresh-runner';
import type { RefreshTimer } from '../sources/refresh-timer';
import type { SourceStore } from '../sources/source-store';

export interface CommandContext {
  db: Db;
  bus: EventBus;
  clock: Clock;
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  recordings: RecordingStore;
  recorder: Recorder;
  scheduler: Scheduler;
  ruleStore: RuleStore;
  planner: PlanService;
  /** Connection groups and limits, read fresh (sources change). */
  connections: () => ConnectionMap;
  sources: SourceStore;
  guides: GuideStore;
  guideQuery: GuideQuery;
  queue: RefreshQueue;
  runner: RefreshRunner;
  timer: RefreshTimer;
  guideSearch: GuideSearch;
  logos: LogoCache;
  recordingsDir(): string;
  importDir(): string;
  /** Free bytes on the disk holding this folder (tests inject a figure). */
  freeBytes(dir: string): Promise<number>;
  /** The port of the HTTP server this instance runs (headless, or the desktop's loopback one), if any. */
  serverPort(): number | null;
  /** The ffmpeg in use (throws when none is found). */
  ffmpeg(): FfmpegBinaries;
  /** Forgets the ffmpeg found, so the next use looks again (the ffmpegPath setting changed). */
  dropFfmpegCache(): void;
  /** `ffmpeg -version`'s first line, cached per binary. */
  ffmpegVersion(ffmpeg: string): Promise<string | null>;
}

/** What the sources, guides and channels commands use (tests build it around a bare SourceService). */
export type SourceCommandContext = Pick<
  CommandContext,
  | 'db'
  | 'bus'
  | 'clock'
  | 'secrets'
  | 'sources'
  | 'guides'
  | 'guideQuery'
  | 'guideSearch'
  | 'queue'
  | 'runner'
  | 'timer'
>;
