// Writes a finished recording's sidecars (sidecar-paths.ts): each on its own, each atomically, each
// failure reported as an outcome and never thrown, so one that cannot be written costs only itself.
// The recording's file is only ever read (ffmpeg takes a frame from it).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Recording } from '../../../src-shared/domain';
import type { SidecarOutcome } from '../../../src-shared/domain-library';
import type { Sidecar, SidecarSwitches } from '../../../src-shared/settings-library';
import type { FfmpegBinaries } from '../record/ffmpeg-path';
import { fileUrlPath } from './media-urls';
import { writeFileAtomic, writeFileOnce } from './atomic-write';
import { healthDocument } from './health-file';
import { namingKind, templateValues } from './library-path';
import { ensureDirInside, nameKey, sanitizeName, isInside } from './naming';
import { episodeNfo, movieNfo, tvShowNfo } from './nfo';
import { writeImage } from './sidecar-image';
import { healthPath, imageBase, nfoPath, strmPath } from './sidecar-paths';

export interface SidecarContext {
  root: string;
  bins: FfmpegBinaries;
  zone: string;
  now: number;
  /** Where STRM files point (settings.library.strmBaseUrl); null: STRM cannot be written. */
  strmBaseUrl: string | null;
  mediaToken: string;
  imageTimeoutMs?: number;
}

/** Guide metadata is what NFO and images are made of: a recording without it gets neither. */
const NEEDS_GUIDE: ReadonlySet<Sidecar> = new Set(['nfo', 'image']);

export async function writeSidecars(
  ctx: SidecarContext,
  recording: Recording,
  switches: SidecarSwitches,
  film: boolean | undefined,
): Promise<SidecarOutcome[]> {
  const media = recording.outputPath;
  if (!media) throw new Error(`recording ${recording.id} has no file`);
  const kind = namingKind(recording, film);
  const outcomes: SidecarOutcome[] = [];
  const inside = isInside(ctx.root, media);
  const run = async (sidecar: Sidecar, write: () => Promise<{ path: string; detail: string | null }>) => {
    if (!switches[sidecar]) return outcomes.push({ sidecar, state: 'off', path: null, detail: null });
    if (!inside)
      return outcomes.push({
        sidecar,
        state: 'off',
        path: null,
        detail: 'the file is outside the recordings folder',
      });
    if (kind === 'plain' && NEEDS_GUIDE.has(sidecar))
      return outcomes.push({ sidecar, state: 'off', path: null, detail: 'no guide data' });
    try {
      // Checked again for every sidecar: the folder could have been swapped for a link since the finalize.
      await ensureDirInside(ctx.root, path.dirname(media));
      const done = await write();
      outcomes.push({ sidecar, state: 'written', path: done.path, detail: done.detail });
    } catch (error) {
      outcomes.push({ sidecar, state: 'failed', path: null, detail: (error as Error).message });
    }
  };
  const values = templateValues(recording, kind, ctx.zone);

  let show: SidecarOutcome | null = null;
  await run('nfo', async () => {
    const file = nfoPath(media);
    await writeFileAtomic(
      file,
      kind === 'movie' ? movieNfo(recording, values) : episodeNfo(recording, values),
    );
    if (kind !== 'movie') show = await showNfo(ctx, recording, media, String(values.show));
    return { path: file, detail: kind === 'movie' ? 'movie' : 'episodedetails' };
  });
  // After the episode's own NFO, so reports list them in that order.
  if (show) outcomes.push(show);
  await run('image', async () => {
    const result = await writeImage({
      bins: ctx.bins,
      media,
      durationMs: recording.durationMs,
      base: imageBase(media, kind === 'movie'),
      icon: recording.programme?.icon ?? null,
      ...(ctx.imageTimeoutMs ? { timeoutMs: ctx.imageTimeoutMs } : {}),
    });
    return { path: result.path, detail: result.detail };
  });
  await run('strm', async () => {
    if (!ctx.strmBaseUrl)
      throw new Error('set library.strmBaseUrl to the address media servers reach this Tapedeck at');
    const file = strmPath(media);
    const url = `${ctx.strmBaseUrl}${fileUrlPath(recording.id, media)}?token=${encodeURIComponent(ctx.mediaToken)}`;
    await writeFileAtomic(file, `${url}\n`);
    return { path: file, detail: null };
  });
  await run('healthJson', async () => {
    const file = healthPath(media);
    await writeFileAtomic(file, `${JSON.stringify(healthDocument(recording, ctx.now), null, 2)}\n`);
    return { path: file, detail: null };
  });
  return outcomes;
}

/**
 * tvshow.nfo in the show's folder, written once (never over one that is there, the user's included).
 * The show's folder is the deepest folder on the way to the file named like the show (any case), so it is
 * found whatever template named the file.
 */
async function showNfo(
  ctx: SidecarContext,
  recording: Recording,
  media: string,
  show: string,
): Promise<SidecarOutcome> {
  const folders = path.relative(path.resolve(ctx.root), path.dirname(media)).split(path.sep).filter(Boolean);
  const depth = folders.map(nameKey).lastIndexOf(nameKey(sanitizeName(show)));
  if (depth < 0)
    return { sidecar: 'tvshow', state: 'off', path: null, detail: 'no folder named for the show' };
  const file = path.join(path.resolve(ctx.root), ...folders.slice(0, depth + 1), 'tvshow.nfo');
  try {
    const values = templateValues(recording, namingKind(recording), ctx.zone);
    const written = await writeFileOnce(file, tvShowNfo(recording, values));
    return { sidecar: 'tvshow', state: written ? 'written' : 'kept', path: file, detail: null };
  } catch (error) {
    return { sidecar: 'tvshow', state: 'failed', path: null, detail: (error as Error).message };
  }
}

/** Sidecars to remove with a recording: those that exist. */
export async function existingFiles(files: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) if ((await fs.stat(file).catch(() => null))?.isFile()) found.push(file);
  return found;
}
