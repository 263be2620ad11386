// Browsers cannot play MPEG-TS files directly, so the media route describes a finished .ts
// recording as a VOD HLS playlist of byte ranges cut at video keyframes; hls.js plays it and
// the byte ranges are ordinary Range requests on the file route.
import { stat } from 'node:fs/promises';
import { runChild } from '../core/record/child';

interface Cut {
  pos: number;
  pts: number;
}

const cache = new Map<string, string>();
const TARGET_SEGMENT_SEC = 4;

/** Keyframe positions of the first video stream: `pts_time,pos,flags` per packet. */
async function keyframes(ffprobe: string, file: string): Promise<Cut[]> {
  const result = await runChild(
    ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time,pos,flags',
      '-of',
      'csv=p=0',
      file,
    ],
    { timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`ffprobe could not index ${file}: ${result.stderrTail}`);
  const cuts: Cut[] = [];
  for (const line of result.stdout.split('\n')) {
    const [pts, pos, flags] = line.split(',');
    if (!flags?.startsWith('K')) continue;
    const cut = { pts: Number(pts), pos: Number(pos) };
    if (Number.isFinite(cut.pts) && Number.isFinite(cut.pos)) cuts.push(cut);
  }
  return cuts;
}

export function playlistFromCuts(
  cuts: readonly Cut[],
  size: number,
  durationSec: number,
  segmentUri: string,
): string {
  const start = cuts[0]?.pts ?? 0;
  // Segment boundaries: the file start (PAT/PMT live there), then keyframes every ~4 s.
  const bounds: Cut[] = [{ pos: 0, pts: start }];
  for (const cut of cuts) {
    if (
      cut.pts - bounds[bounds.length - 1]!.pts >= TARGET_SEGMENT_SEC &&
      cut.pos > bounds[bounds.length - 1]!.pos
    )
      bounds.push(cut);
  }
  const lines: string[] = [];
  let longest = 1;
  for (let i = 0; i < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1] ?? { pos: size, pts: start + durationSec };
    const seconds = Math.max(0.1, to.pts - from.pts);
    longest = Math.max(longest, seconds);
    lines.push(
      `#EXTINF:${seconds.toFixed(3)},`,
      `#EXT-X-BYTERANGE:${to.pos - from.pos}@${from.pos}`,
      segmentUri,
    );
  }
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:4',
    `#EXT-X-TARGETDURATION:${Math.ceil(longest)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    ...lines,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

export async function vodPlaylist(
  ffprobe: string | null,
  file: string,
  durationSec: number,
  segmentUri: string,
): Promise<string> {
  const info = await stat(file);
  const key = `${file}:${info.size}:${info.mtimeMs}:${segmentUri}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // Without ffprobe (ffmpeg-static alone) the whole file is one segment: playable, coarse seeking.
  const cuts = ffprobe ? await keyframes(ffprobe, file) : [];
  const playlist = playlistFromCuts(cuts, info.size, durationSec, segmentUri);
  if (cache.size > 50) cache.clear();
  cache.set(key, playlist);
  return playlist;
}
