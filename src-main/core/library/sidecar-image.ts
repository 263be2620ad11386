// A recording's image: the programme's own (the guide's <icon>), fetched with the same bounds as channel
// logos (http(s) only, no credentials, 3 redirects, checked to be an image by type and by its bytes) but
// up to 8 MiB; else a frame ffmpeg takes 10 % into the recording. JPEG and PNG are kept as they come;
// WebP and GIF are turned into JPEG (not every media server reads them); SVG and icons are no posters.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runChild } from '../record/child';
import type { FfmpegBinaries } from '../record/ffmpeg-path';
import { replaceWith, tempBeside } from './atomic-write';
import { fetchLogo } from './logo-cache';
import { IMAGE_EXTS, type ImageExt } from './sidecar-paths';

export const IMAGE_MAX_BYTES = 8 * 1024 * 1024;
export const IMAGE_TIMEOUT_MS = 15_000;
/** Where the frame is taken, as a share of the recording (past the pre-roll padding, into the programme). */
export const FRAME_AT = 0.1;

export interface ImageResult {
  path: string;
  /** "from the guide" or "a frame at 10 %" (and why the guide's was not used). */
  detail: string;
}

/**
 * Writes `<base>.jpg` (or .png) for the media file. `icon` is the guide's image URL, if any. Throws with
 * a readable message when neither the guide's image nor a frame could be had.
 */
export async function writeImage(options: {
  bins: FfmpegBinaries;
  media: string;
  durationMs: number | null;
  base: string;
  icon: string | null;
  timeoutMs?: number;
}): Promise<ImageResult> {
  let why: string | null = null;
  if (options.icon) {
    try {
      const written = await fromGuide(options.bins, options.icon, options.base, options.timeoutMs);
      return { path: written, detail: 'from the guide' };
    } catch (error) {
      why = (error as Error).message;
    }
  }
  try {
    const written = await grabFrame(options.bins, options.media, options.durationMs, options.base);
    const detail = `a frame at ${FRAME_AT * 100} %`;
    return { path: written, detail: why ? `${detail} (the guide's image: ${why})` : detail };
  } catch (error) {
    const frame = (error as Error).message;
    throw new Error(why ? `the guide's image: ${why}; a frame: ${frame}` : `a frame: ${frame}`, {
      cause: error,
    });
  }
}

async function fromGuide(
  bins: FfmpegBinaries,
  url: string,
  base: string,
  timeoutMs = IMAGE_TIMEOUT_MS,
): Promise<string> {
  const { bytes, ext } = await fetchLogo(url, timeoutMs, IMAGE_MAX_BYTES);
  if (ext === 'svg' || ext === 'ico') throw new Error(`an ${ext} image is no poster`);
  if (ext === 'jpg' || ext === 'png') {
    const target = `${base}.${ext}`;
    const temp = tempBeside(target);
    await fs.writeFile(temp, bytes);
    await replaceWith(temp, target);
    await removeOthers(base, ext);
    return target;
  }
  // WebP, GIF: one frame to JPEG through ffmpeg (from a hidden temp file with a name we chose).
  const source = tempBeside(base, `.${ext}`);
  try {
    await fs.writeFile(source, bytes);
    return await toJpeg(bins, ['-i', source], base);
  } finally {
    await fs.rm(source, { force: true });
  }
}

async function grabFrame(
  bins: FfmpegBinaries,
  media: string,
  durationMs: number | null,
  base: string,
): Promise<string> {
  const at = Math.max(0, ((durationMs ?? 0) * FRAME_AT) / 1000);
  // -ss before -i seeks the input (fast, keyframe-near); the path is absolute, so never an option.
  return toJpeg(bins, ['-ss', at.toFixed(3), '-i', media, '-map', '0:v:0'], base);
}

async function toJpeg(bins: FfmpegBinaries, input: readonly string[], base: string): Promise<string> {
  const target = `${base}.jpg`;
  // The output is a name we made (no "%": the image2 muxer would read it as a frame-number pattern).
  const temp = tempBeside(target, '.jpg');
  const result = await runChild(
    bins.ffmpeg,
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      ...input,
      '-frames:v',
      '1',
      '-q:v',
      '3',
      '-update',
      '1',
      '-f',
      'image2',
      '-y',
      temp,
    ],
    { timeoutMs: 60_000 },
  );
  const stat = await fs.stat(temp).catch(() => null);
  if (result.code !== 0 || !stat || stat.size === 0) {
    await fs.rm(temp, { force: true });
    const tail = result.stderrTail.split('\n').filter(Boolean).pop();
    throw new Error(tail ? `ffmpeg: ${tail}` : 'ffmpeg made no image (no video in the file?)');
  }
  await replaceWith(temp, target);
  await removeOthers(base, 'jpg');
  return target;
}

/** An image of the other extension left from an earlier write would be shown instead of this one. */
async function removeOthers(base: string, kept: ImageExt): Promise<void> {
  for (const ext of IMAGE_EXTS) if (ext !== kept) await fs.rm(`${base}.${ext}`, { force: true });
}

/** The image a recording has on disk, if any (the media route serves it). */
export async function existingImage(candidates: readonly string[]): Promise<string | null> {
  for (const file of candidates) {
    if ((await fs.stat(file).catch(() => null))?.isFile()) return file;
  }
  return null;
}

export function imageContentType(file: string): string {
  return path.extname(file).toLowerCase() === '.png' ? 'image/png' : 'image/jpeg';
}
