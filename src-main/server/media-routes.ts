// /media/recordings/<id>                 the finished file, with HTTP range requests (seeking)
// /media/recordings/<id>/index.m3u8      HLS: VOD over a finished .ts, EVENT over segments while recording
// /media/recordings/<id>/segments/<n>    one segment file, with range requests
// Paths always come from the database, never from the request.
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import send from 'send';
import type { Dvr } from '../core/dvr';
import { buildPlaylist, KeyframeIndex, type PlaylistPart } from './media-hls';

const ROUTE = /^\/media\/recordings\/(\d+)(?:\/(index\.m3u8|segments\/(\d+)))?$/;
const index = new KeyframeIndex();

export function matchMedia(pathname: string): RegExpExecArray | null {
  return ROUTE.exec(pathname);
}

export async function serveMedia(
  dvr: Dvr,
  req: IncomingMessage,
  res: ServerResponse,
  match: RegExpExecArray,
  token: string,
): Promise<void> {
  const id = Number(match[1]);
  const recording = dvr.store.find(id);
  if (!recording) return text(res, 404, `recording ${id} does not exist`);
  const query = `?token=${encodeURIComponent(token)}`;

  if (match[3] !== undefined) {
    const segment = recording.segments.find((s) => s.index === Number(match[3]));
    if (!segment || !existsSync(segment.path))
      return text(res, 404, 'no such segment (the recording may have been finalized)');
    return sendFile(req, res, segment.path);
  }

  if (match[2]) {
    const ffprobe = dvr.ffmpeg().ffprobe;
    const finished = recording.outputPath && existsSync(recording.outputPath) ? recording.outputPath : null;
    if (finished) {
      if (!finished.endsWith('.ts')) return text(res, 409, 'this recording plays directly, without HLS');
      const cuts = ffprobe ? await index.cuts(ffprobe, finished) : { cuts: [], size: 0 };
      const part: PlaylistPart = {
        uri: `/media/recordings/${id}${query}`,
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
        uri: `/media/recordings/${id}/segments/${segment.index}${query}`,
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
  return sendFile(req, res, recording.outputPath);
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  // `send` implements Range, If-Range, ETag and HEAD correctly; seeking depends on it.
  send(req, file, { dotfiles: 'allow', acceptRanges: true, cacheControl: false })
    .on('error', (error: { status?: number; message: string }) =>
      text(res, error.status ?? 500, error.message),
    )
    .pipe(res);
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
