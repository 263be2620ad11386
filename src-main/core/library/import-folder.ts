// Imports a folder of .ts/.mkv/.mp4 files as completed recordings. Files stay where they are (a library
// of hundreds of gigabytes is not copied); each is probed with ffprobe, and what its name says (show,
// season and episode, date, year) becomes the recording's title and programme. A file that already is a
// recording's is skipped; one that belongs to a recording marked missing (same name, same size) is
// relinked to it instead of imported twice; one ffprobe cannot read is reported, never imported.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Container } from '../../../src-shared/domain';
import type { ProgrammeRef } from '../../../src-shared/domain-rules';
import type { ImportFolderReport } from '../../../src-shared/domain-library';
import type { FfmpegBinaries } from '../record/ffmpeg-path';
import { probeMedia } from '../record/probe';
import type { FinishedFile, LibraryStore } from '../recordings/library-store';
import { parseFileName, type ParsedFileName } from './file-name-parse';
import { nameKey } from './naming';

/** More files than this in one import are left for the next (the report says so). */
export const MAX_IMPORT_FILES = 5_000;
const MEDIA_EXTS: ReadonlySet<string> = new Set(['ts', 'mkv', 'mp4']);

export interface ImportDeps {
  files: LibraryStore;
  bins: FfmpegBinaries;
  zone: string;
}

export async function importFolder(deps: ImportDeps, dir: string): Promise<ImportFolderReport> {
  const report: ImportFolderReport = {
    dir,
    imported: [],
    relinked: [],
    skipped: [],
    unreadable: [],
    truncated: false,
  };
  const found = await walk(dir, report);
  const finished = deps.files.finishedFiles();
  const known = new Set<string>();
  for (const f of finished) {
    known.add(f.outputPath);
    const real = await fs.realpath(f.outputPath).catch(() => null);
    if (real) known.add(real);
  }
  // Missing recordings by name and size: the file someone moved.
  const missing = new Map<string, FinishedFile>();
  for (const f of finished) {
    if (f.fileMissingSince !== null) missing.set(`${nameKey(path.basename(f.outputPath))}|${f.sizeBytes}`, f);
  }
  for (const file of found) {
    const real = await fs.realpath(file).catch(() => file);
    if (known.has(file) || known.has(real)) {
      report.skipped.push({ path: file, reason: 'already a recording' });
      continue;
    }
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) {
      report.unreadable.push({ path: file, error: 'it went away while the folder was read' });
      continue;
    }
    const moved = missing.get(`${nameKey(path.basename(file))}|${stat.size}`);
    if (moved) {
      deps.files.relink(moved, file);
      missing.delete(`${nameKey(path.basename(file))}|${stat.size}`);
      report.relinked.push({ id: moved.id, path: file, title: moved.title });
      known.add(real);
      continue;
    }
    const probe = await probeMedia(deps.bins, file).catch((error: Error) => error);
    if (probe instanceof Error || probe.streams.length === 0) {
      report.unreadable.push({
        path: file,
        error: probe instanceof Error ? firstLine(probe.message) : 'no audio or video in it',
      });
      continue;
    }
    const parsed = parseFileName(path.basename(file, path.extname(file)), deps.zone);
    const durationMs = probe.durationMs;
    // A start from the name, else the file's last change minus its length (when it finished writing).
    const startAt = parsed.startAt ?? Math.round(stat.mtimeMs - durationMs);
    const recording = deps.files.insertImported(
      {
        title: parsed.title,
        programme: programmeOf(parsed, startAt, startAt + durationMs),
        startAt,
        endAt: startAt + Math.max(durationMs, 1),
        container: path.extname(file).slice(1).toLowerCase() as Container,
        outputPath: file,
        sizeBytes: stat.size,
        durationMs,
      },
      `imported from ${file}`,
    );
    known.add(real);
    report.imported.push({ id: recording.id, path: file, title: recording.title });
  }
  return report;
}

/** Media files under `dir` (not following linked folders, not into hidden ones), in name order. */
async function walk(dir: string, report: ImportFolderReport): Promise<string[]> {
  const out: string[] = [];
  const queue = [dir];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const entries = await fs.readdir(current, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      // Hidden entries: dot files, the segments staging folder, temp files of sidecars being written.
      if (entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        queue.push(full);
        continue;
      }
      const ext = path.extname(entry.name).slice(1).toLowerCase();
      if (!MEDIA_EXTS.has(ext)) continue;
      if (!entry.isFile() && !(entry.isSymbolicLink() && (await fs.stat(full).catch(() => null))?.isFile())) {
        continue;
      }
      if (out.length >= MAX_IMPORT_FILES) {
        report.truncated = true;
        return out;
      }
      out.push(full);
    }
  }
  return out;
}

/** A programme for what the name told (guide 0: it comes from no guide); null when it told nothing. */
function programmeOf(parsed: ParsedFileName, start: number, stop: number): ProgrammeRef | null {
  if (parsed.season === null && parsed.subTitle === null && parsed.year === null) return null;
  return {
    guideId: 0,
    xmltvChannelId: '',
    start,
    stop,
    title: parsed.title,
    subTitle: parsed.subTitle,
    description: null,
    categories: parsed.year !== null ? ['Movie'] : [],
    season: parsed.season,
    episode: parsed.episode,
    episodeNum: null,
    uid: null,
    icon: null,
    year: parsed.year,
    isNew: false,
    previouslyShown: false,
    premiere: false,
  };
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '') ?? text;
}
