// The files beside a finished recording `X.ts`, by name, so whoever writes, serves or deletes them agrees:
//   X.nfo            Kodi/Jellyfin/Emby metadata (episodedetails or movie)
//   X-thumb.jpg      an episode's image (X-thumb.png when the guide's image is a PNG)
//   X-poster.jpg     a film's image
//   X.strm           the recording's URL on this Tapedeck, for media servers on other machines
//   X.health.json    what was captured: segments, gaps, captured share, source
// tvshow.nfo lives in the show's folder and belongs to no one recording (it stays when one is deleted).
import path from 'node:path';

export const IMAGE_EXTS = ['jpg', 'png'] as const;
export type ImageExt = (typeof IMAGE_EXTS)[number];

export function stemOf(outputPath: string): string {
  return outputPath.slice(0, outputPath.length - path.extname(outputPath).length);
}

export function nfoPath(outputPath: string): string {
  return `${stemOf(outputPath)}.nfo`;
}

export function strmPath(outputPath: string): string {
  return `${stemOf(outputPath)}.strm`;
}

export function healthPath(outputPath: string): string {
  return `${stemOf(outputPath)}.health.json`;
}

/** The image's path without its extension: "-poster" for films, "-thumb" for everything else. */
export function imageBase(outputPath: string, film: boolean): string {
  return `${stemOf(outputPath)}-${film ? 'poster' : 'thumb'}`;
}

/** Every image name a recording may have (either role, either extension). */
export function imagePaths(outputPath: string): string[] {
  return [false, true].flatMap((film) => IMAGE_EXTS.map((ext) => `${imageBase(outputPath, film)}.${ext}`));
}

/** Every sidecar a recording may have: what deleting the recording removes with it. */
export function sidecarFiles(outputPath: string): string[] {
  return [nfoPath(outputPath), strmPath(outputPath), healthPath(outputPath), ...imagePaths(outputPath)];
}
