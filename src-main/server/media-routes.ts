// /media/recordings/<id>/file.<ext>        the finished file (ts, mkv or mp4), with HTTP range requests
// /media/recordings/<id>/index.m3u8        HLS: VOD over a finished .ts, EVENT over segments while recording
// /media/recordings/<id>/segments/<n>.ts   one segment file, with range requests
// /media/logos/<channel id>                 the channel's logo, fetched and cached by the core
// Every URL a player fetches ends in its media extension: ffmpeg's HLS reader (inside VLC, mpv and
// Kodi) refuses segments whose URL has none (its allowed_segment_extensions). The extensionless
// forms of the file and segment URLs (/media/recordings/<id>, .../segments/<n>) still answer, for
// links made before. Paths always come from the database, never from the request.
import { existsSync, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import send from 'send';
import type { Dvr } from '../core/dvr';
import { buildPlaylist, KeyframeIndex, type PlaylistPart } from './media-hls';

export type MediaRequest =
  | { kind: 'file'; id: number; ext: string | null }
  | { kind: 'playlist'; id: number }
  | { kind: 'segment'; id: number; index: number }
  | { kind: 'logo'; id: number };

const ROUTE =
  /^\/media\/recordings\/(\d+)(?:\/(?:(index\.m3u8)|segments\/(\d+)(?:\.ts)?|file\.(ts|mkv|mp4)))?$/;
const LOGO_ROUTE = /^\/media\/logos\/(\d+)$/;
const index = new KeyframeIndex();

export function matchMedia(pathname: string): MediaRequest | null {
  const logo = LOGO_ROUTE.exec(pathname);
  if (logo) return { kind: 'logo', id: Number(logo[1]) };
  const match = ROUTE.exec(pathname);
  if (!match) return null;
  const id = Number(match[1]);
  if (match[2]) return { kind: 'playlist', id };
  if (match[3] !== undefined) return { kind: 'segment', id, index: Number(match[3]) };
  return { kind: 'file', id, ext: match[4] ?? null };
}

/** The URL path of a recording's finished file, e.g. /media/recordings/7/file.ts. */
export function fileUrlPath(id: number, file: string): string {
  return `/media/recordings/${id}/file.${extensionOf(file)}`;
}

function extensionOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

export async function serveMedia(
  dvr: Dvr,
  req: IncomingMessage,
  res: ServerResponse,
  media: MediaRequest,
  token: string,
): Promise<void> {
  if (media.kind === 'logo') return serveLogo(dvr, req, res, media.id);
  const id = media.id;
  const recording = dvr.store.find(id);
  if (!recording) return text(res, 404, `recording ${id} does not exist`);
  const query = `?token=${encodeURIComponent(token)}`;

  if (media.kind === 'segment') {
    const segment = recording.segments.find((s) => s.index === media.index);
    if (!segment || !existsSync(segment.path))
      return text(res, 404, 'no such segment (the recording may have been finalized)');
    return sendFile(req, res, segment.path);
  }

  if (media.kind === 'playlist') {
    const ffprobe = dvr.ffmpeg().ffprobe;
    const finished = recording.outputPath && existsSync(recording.outputPath) ? recording.outputPath : null;
    if (finished) {
      if (!finished.endsWith('.ts')) return text(res, 409, 'this recording plays directly, without HLS');
      const cuts = ffprobe ? await index.cuts(ffprobe, finished) : { cuts: [], size: 0 };
      const part: PlaylistPart = {
        uri: `${fileUrlPath(id, finished)}${query}`,
        cuts: cuts.cuts,
        size: cuts.size || (recording.sizeBytes ?? 0),
        durationSec: (recording.durationMs ?? 0) / 1000,
      };
      return playlist(res, buildPlaylist([part], true));
    }
    if (!ffprobe) return text(res, 503, 'watching while recording needs ffprobe beside ffmpeg');
    const parts: PlaylistPart[] = [];
    for (const segment of recording.segments) {
      if (!existsSync(segment.path)) continue;
      const { cuts, size } = await index.cuts(ffprobe, segment.path);
      parts.push({
        uri: `/media/recordings/${id}/segments/${segment.index}.ts${query}`,
        cuts,
        size,
        durationSec: segment.endedAt === null ? null : segment.mediaMs / 1000,
      });
    }
    if (parts.length === 0) return text(res, 404, 'nothing captured yet');
    return playlist(res, buildPlaylist(parts, recording.status !== 'recording'));
  }

  if (!recording.outputPath || !existsSync(recording.outputPath)) {
    return text(
      res,
      404,
      recording.status === 'recording' ? 'still recording: play index.m3u8' : 'no file for this recording',
    );
  }
  if (media.ext !== null && media.ext !== extensionOf(recording.outputPath)) {
    return text(res, 404, `this recording is at ${fileUrlPath(id, recording.outputPath)}`);
  }
  return sendFile(req, res, recording.outputPath);
}

/** Sends one file (from a path we chose, never from the request) with range requests. */
export function sendFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  // `send` implements Range, If-Range, ETag and HEAD correctly; seeking depends on it. It takes a URL
  // path and decodes it, so a file name goes in percent-encoded under its folder as root: a plain
  // path would turn "100% Hits" into a 400 and "Hits %41" into another file, "Hits A". (The folder
  // is given as it is: `send` does not decode its root.)
  send(req, `/${encodeURIComponent(path.basename(file))}`, {
    root: path.dirname(file),
    dotfiles: 'allow',
    index: false,
    acceptRanges: true,
    cacheControl: false,
  })
    .on('error', (error: { status?: number; message: string }) =>
      text(res, error.status ?? 500, error.message),
    )
    .pipe(res);
}

/**
 * A channel's logo from the core's cache (fetched on the first request; logo-cache.ts). The renderer's
 * CSP allows images from here, never from the hosts playlists name. An SVG is a document that may hold
 * script: it goes out with a CSP that allows none (and inline styles only), so even opened on its own
 * in a tab of this origin it runs nothing.
 */
async function serveLogo(
  dvr: Dvr,
  req: IncomingMessage,
  res: ServerResponse,
  channelId: number,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'use GET');
  const logo = await dvr.logos.forChannel(channelId);
  const bytes = logo ? await fs.readFile(logo.file).catch(() => null) : null;
  if (!logo || !bytes) return text(res, 404, `no logo for channel ${channelId}`);
  const headers: Record<string, string | number> = {
    'Content-Type': logo.contentType,
    'Content-Length': bytes.length,
    'Cache-Control': 'max-age=86400',
    'X-Content-Type-Options': 'nosniff',
  };
  if (logo.ext === 'svg')
    headers['Content-Security-Policy'] = "default-src 'none'; style-src 'unsafe-inline'";
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function playlist(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-cache' });
  res.end(body);
}

function text(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}
