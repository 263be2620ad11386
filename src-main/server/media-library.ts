// The finished recordings for TV apps on the LAN (Kodi, TiviMate, VLC), behind the token like all media:
// /media/library.m3u                  the playlist: every completed recording whose file is in place
// /media/library.xml                  XMLTV metadata of the same recordings (title, episode, description, image)
// /media/recordings/<id>/image.<ext>  a recording's poster or thumbnail sidecar
// Both documents use the read-only media token in their URLs, whichever token fetched them, so a playlist
// kept by a TV app opens media and nothing else (core/library/media-token.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dvr } from '../core/dvr';
import { imageUrlPath } from '../core/library/media-urls';
import { existingImage, imageContentType } from '../core/library/sidecar-image';
import { imagePaths } from '../core/library/sidecar-paths';
import { buildM3u, buildXmltv, type PlaylistEntry } from '../core/library/tv-playlist';

export type LibraryMediaRequest =
  { kind: 'library-m3u' } | { kind: 'library-xml' } | { kind: 'image'; id: number; ext: string };

const IMAGE_ROUTE = /^\/media\/recordings\/(\d+)\/image\.(jpg|png)$/;

export function matchLibraryMedia(pathname: string): LibraryMediaRequest | null {
  if (pathname === '/media/library.m3u') return { kind: 'library-m3u' };
  if (pathname === '/media/library.xml') return { kind: 'library-xml' };
  const image = IMAGE_ROUTE.exec(pathname);
  return image ? { kind: 'image', id: Number(image[1]), ext: image[2]! } : null;
}

export async function serveLibraryMedia(
  dvr: Dvr,
  req: IncomingMessage,
  res: ServerResponse,
  media: LibraryMediaRequest,
  sendFile: (req: IncomingMessage, res: ServerResponse, file: string) => void,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'use GET');
  if (media.kind === 'image') {
    const recording = dvr.store.find(media.id);
    const file = recording?.outputPath ? await existingImage(imagePaths(recording.outputPath)) : null;
    if (!file || !file.endsWith(`.${media.ext}`)) return text(res, 404, `no image for recording ${media.id}`);
    res.setHeader('Content-Type', imageContentType(file));
    return sendFile(req, res, file);
  }
  const entries: PlaylistEntry[] = [];
  for (const recording of dvr.library.files.playable()) {
    const image = await existingImage(imagePaths(recording.outputPath!));
    entries.push({ recording, imagePath: image ? imageUrlPath(recording.id, image) : null });
  }
  const options = { base: baseOf(req), token: dvr.library.mediaToken, zone: dvr.library.zone() };
  const body = media.kind === 'library-m3u' ? buildM3u(entries, options) : buildXmltv(entries, options);
  res.writeHead(200, {
    'Content-Type':
      media.kind === 'library-m3u' ? 'audio/x-mpegurl; charset=utf-8' : 'application/xml; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * The address the client reached us at, for the playlist's absolute URLs (TV apps do not resolve
 * relative ones). The Host header passed the server's check; anything but a host and port is ignored.
 */
function baseOf(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  if (/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return `http://${host}`;
  const local = req.socket.localAddress ?? '127.0.0.1';
  return `http://${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort ?? 80}`;
}

function text(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}
