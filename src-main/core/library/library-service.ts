// The library: where finished recordings are named (library-path.ts), the files written beside them after
// the finalize (sidecars.ts), rescans that notice files moved or deleted outside the app, imports of
// existing folders, and what TV apps are offered (tv-playlist.ts). Sidecars run after a recording is
// final and never touch it: a failure is an event-log line and a `library.problem` event.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TapedeckError } from '../../../src-shared/contract';
import type { Recording } from '../../../src-shared/domain';
import type {
  ImportFolderReport,
  LibraryLinks,
  RenameReport,
  RescanReport,
  SidecarOutcome,
  SidecarReport,
} from '../../../src-shared/domain-library';
import type { Settings } from '../../../src-shared/settings';
import type { RuleLibrary } from '../../../src-shared/settings-library';
import type { EventBus, Clock } from '../events';
import type { FfmpegBinaries } from '../record/ffmpeg-path';
import { redactError } from '../redact';
import { LibraryStore, type FinishedFile } from '../recordings/library-store';
import type { RecordingStore } from '../recordings/store';
import type { Db } from '../db/open';
import { importFolder } from './import-folder';
import { libraryPath } from './library-path';
import { renameRecording } from './library-rename';
import { LIBRARY_M3U_PATH, LIBRARY_XMLTV_PATH } from './media-urls';
import { writeSidecars } from './sidecars';

export interface LibraryDeps {
  db: Db;
  store: RecordingStore;
  bus: EventBus;
  clock: Clock;
  settings: () => Settings;
  recordingsDir: () => string;
  bins: () => FfmpegBinaries;
  /** A rule's library choices (null: none, or no such rule). */
  ruleLibrary: (ruleId: number) => RuleLibrary | null;
  mediaToken: string;
  /** Guide images are fetched with this timeout (tests shorten it). */
  imageTimeoutMs?: number;
}

export class LibraryService {
  readonly files: LibraryStore;
  /** Sidecar writes and rescans under way: shutdown waits for them (they write the database). */
  private readonly jobs = new Set<Promise<unknown>>();

  constructor(private readonly deps: LibraryDeps) {
    this.files = new LibraryStore(deps.db, deps.clock, deps.store);
  }

  get mediaToken(): string {
    return this.deps.mediaToken;
  }

  /** The user's zone for dates in names: the timeZone setting, else this computer's. */
  zone(): string {
    return this.deps.settings().timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /**
   * Where a recording being finalized goes (Recorder's outputPath): under the recordings folder, or the
   * local scratch root while that folder is a share that does not answer (the move job brings it over).
   */
  async outputPath(recording: Recording, root = this.deps.recordingsDir()): Promise<string> {
    const rule = recording.ruleId === null ? null : this.deps.ruleLibrary(recording.ruleId);
    const found = await libraryPath(root, recording, {
      naming: this.deps.settings().library.naming,
      zone: this.zone(),
      ...(rule?.film !== undefined ? { film: rule.film } : {}),
    });
    return found.file;
  }

  /** Recorder's onFinalized: sidecars for a completed recording, in the background. */
  onFinalized(recording: Recording): void {
    if (recording.status !== 'completed' || !recording.outputPath) return;
    this.track(
      this.writeSidecars(recording.id).catch((error: unknown) => {
        console.error(`recording ${recording.id}: sidecars failed`, redactError(error));
      }),
    );
  }

  /** Writes a recording's sidecars with the settings and its rule's choices as they are now. */
  async writeSidecars(id: number): Promise<SidecarReport> {
    const recording = this.deps.store.get(id);
    if (!recording.outputPath || recording.status === 'scheduled' || recording.status === 'recording') {
      throw new TapedeckError('conflict', `recording ${id} has no finished file`);
    }
    if (!(await fs.stat(recording.outputPath).catch(() => null))?.isFile()) {
      throw new TapedeckError('conflict', `the file of recording ${id} is missing: ${recording.outputPath}`);
    }
    const settings = this.deps.settings();
    const rule = recording.ruleId === null ? null : this.deps.ruleLibrary(recording.ruleId);
    const switches = { ...settings.library.sidecars, ...rule?.sidecars };
    const outcomes = await writeSidecars(
      {
        root: this.deps.recordingsDir(),
        bins: this.deps.bins(),
        zone: this.zone(),
        now: this.deps.clock.now(),
        strmBaseUrl: settings.library.strmBaseUrl,
        mediaToken: this.deps.mediaToken,
        ...(this.deps.imageTimeoutMs ? { imageTimeoutMs: this.deps.imageTimeoutMs } : {}),
      },
      recording,
      switches,
      rule?.film,
    );
    this.report(recording, outcomes);
    return { recordingId: id, outcomes };
  }

  /** One event-log line for what was written, one `library.problem` per failure. */
  private report(recording: Recording, outcomes: readonly SidecarOutcome[]): void {
    const written = outcomes.filter((o) => o.state === 'written');
    const failed = outcomes.filter((o) => o.state === 'failed');
    if (written.length === 0 && failed.length === 0) return;
    const parts = [
      ...(written.length
        ? [
            `wrote ${written.map((o) => (o.detail && o.sidecar === 'image' ? `image (${o.detail})` : o.sidecar)).join(', ')}`,
          ]
        : []),
      ...failed.map((o) => `${o.sidecar} failed: ${o.detail ?? 'unknown error'}`),
    ];
    this.deps.store.note(
      recording.id,
      `library: ${parts.join('; ')}${failed.length ? ' (the recording is unaffected)' : ''}`,
    );
    const at = this.deps.clock.now();
    for (const o of failed) {
      this.deps.bus.emit('library.problem', {
        recordingId: recording.id,
        sidecar: o.sidecar,
        message: o.detail ?? 'unknown error',
        at,
      });
    }
  }

  /** Marks recordings whose file is gone as missing and unmarks those whose file is back. */
  async rescan(): Promise<RescanReport> {
    const at = this.deps.clock.now();
    const missing: FinishedFile[] = [];
    const back: FinishedFile[] = [];
    let stillMissing = 0;
    const finished = this.files.finishedFiles();
    for (const file of finished) {
      const present = await presence(file.outputPath);
      if (present === null) continue; // cannot tell (permission, I/O error): leave it as it was
      if (!present && file.fileMissingSince === null) missing.push(file);
      else if (present && file.fileMissingSince !== null) back.push(file);
      else if (!present) stillMissing++;
    }
    this.files.setMissing(missing, back, at);
    const pick = (f: FinishedFile) => ({ id: f.id, title: f.title, path: f.outputPath });
    const report: RescanReport = {
      checked: finished.length,
      missing: missing.map(pick),
      back: back.map(pick),
      stillMissing,
      at,
    };
    this.deps.bus.emit('library.rescanned', report);
    return report;
  }

  /** A rescan in the background (at start-up); shutdown waits for it. */
  rescanSoon(): void {
    this.track(
      this.rescan().catch((error: unknown) => console.error('library rescan failed', redactError(error))),
    );
  }

  importFolder(dir: string): Promise<ImportFolderReport> {
    return importFolder({ files: this.files, bins: this.deps.bins(), zone: this.zone() }, path.resolve(dir));
  }

  /** Moves one finished recording, or all, to the names the templates give now (library-rename.ts). */
  async rename(id: number | undefined): Promise<RenameReport> {
    const targets =
      id === undefined
        ? this.deps.store.findMany(this.files.finishedFiles().map((f) => f.id))
        : [this.deps.store.get(id)];
    const deps = {
      root: this.deps.recordingsDir(),
      store: this.deps.store,
      naming: this.deps.settings().library.naming,
      zone: this.zone(),
      film: (r: Recording) => (r.ruleId === null ? undefined : this.deps.ruleLibrary(r.ruleId)?.film),
    };
    const outcomes = [];
    for (const recording of targets) outcomes.push(await renameRecording(deps, recording));
    return { outcomes };
  }

  /** The playlist's addresses: at strmBaseUrl when set, else at this instance's loopback port. */
  links(port: number | null): LibraryLinks {
    const base =
      this.deps.settings().library.strmBaseUrl ?? (port === null ? null : `http://127.0.0.1:${port}`);
    const q = `?token=${encodeURIComponent(this.deps.mediaToken)}`;
    return {
      baseUrl: base,
      m3u: base === null ? null : `${base}${LIBRARY_M3U_PATH}${q}`,
      xmltv: base === null ? null : `${base}${LIBRARY_XMLTV_PATH}${q}`,
      mediaToken: this.deps.mediaToken,
    };
  }

  /** Resolves when every sidecar write and rescan started so far is over. */
  async settled(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs]);
  }

  private track(job: Promise<unknown>): void {
    this.jobs.add(job);
    void job.finally(() => this.jobs.delete(job));
  }
}

/** True: a file is there; false: nothing is (ENOENT, ENOTDIR); null: cannot tell. */
async function presence(file: string): Promise<boolean | null> {
  try {
    return (await fs.stat(file)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? false : null;
  }
}
