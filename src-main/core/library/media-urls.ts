// The URL paths of the media server (src-main/server/media-routes.ts), for the parts of the core that
// write them into files: STRM sidecars and the playlist for TV apps. Every one ends in its media type's
// extension (ffmpeg-based players need it).
import path from 'node:path';

/** A recording's finished file, e.g. /media/recordings/7/file.ts. */
export function fileUrlPath(id: number, file: string): string {
  return `/media/recordings/${id}/file.${path.extname(file).slice(1).toLowerCase()}`;
}

/** A recording's image sidecar (poster or thumbnail), e.g. /media/recordings/7/image.jpg. */
export function imageUrlPath(id: number, file: string): string {
  return `/media/recordings/${id}/image.${path.extname(file).slice(1).toLowerCase()}`;
}

export const LIBRARY_M3U_PATH = '/media/library.m3u';
export const LIBRARY_XMLTV_PATH = '/media/library.xml';
