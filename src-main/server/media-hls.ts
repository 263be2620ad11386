// Browsers cannot play MPEG-TS files directly, so the media route describes recordings as HLS
// playlists of byte ranges cut at video keyframes (found with ffprobe), played by hls.js; the byte
// ranges are ordinary Range requests on the file routes. A finished .ts recording is one VOD
// playlist over its file; a recording in progress is a growing EVENT playlist over its segment
// files (one discontinuity between segments), so it plays from its beginning while it records.
import { stat } from 'node:fs/promises';
import { runChild } from '../core/record/child';

export interface Cut {
  pos: number;
  pts: number;
}

export interface PlaylistPart {
  uri: string;
  cuts: readonly Cut[];
  size: number;
  /** Media seconds in the file when known (closed files); null for a file still being written. */
  durationSec: number | null;
}

const TARGET_SEGMENT_SEC = 4;

/** Keyframe positions of the first video stream, from byte `from` on (positions are absolute). */
async function scanKeyframes(ffprobe: string, file: string, from: number): Promise<Cut[]> {
  const args = [
    '-v',
    'quiet',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time,pos,flags',
    '-of',
    'csv=p=0',
  ];
  if (from > 0) args.push('-skip_initial_bytes', String(from));
  const result = await runChild(ffprobe, [...args, file], { timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`ffprobe could not index ${file}`);
  const cuts: Cut[] = [];
  for (const line of result.stdout.split('\n')) {
    const [pts, pos, flags] = line.split(',');
    if (!flags?.startsWith('K')) continue;
    const cut = { pts: Number(pts), pos: Number(pos) };
    if (Number.isFinite(cut.pts) && Number.isFinite(cut.pos) && cut.pos >= from) cuts.push(cut);
  }
  return cuts;
}

/**
 * Keyframe cuts per file, cached. A growing file is rescanned only from its last known keyframe, so
 * polling a live playlist costs a scan of the new bytes, not of the whole recording.
 */
export class KeyframeIndex {
  private readonly entries = new Map<string, { size: number; mtimeMs: number; cuts: Cut[] }>();

  async cuts(ffprobe: string, file: string): Promise<{ cuts: Cut[]; size: number }> {
    const info = await stat(file);
    const known = this.entries.get(file);
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return known;
    let cuts: Cut[];
    if (known && info.size > known.size && known.cuts.length > 0) {
      const last = known.cuts[known.cuts.length - 1]!;
      const fresh = await scanKeyframes(ffprobe, file, last.pos);
      cuts = [...known.cuts.slice(0, -1), ...fresh.filter((c) => c.pos >= last.pos)];
      if (cuts.length === known.cuts.length - 1) cuts.push(last);
    } else {
      cuts = await scanKeyframes(ffprobe, file, 0);
    }
    const entry = { size: info.size, mtimeMs: info.mtimeMs, cuts };
    if (this.entries.size > 200) this.entries.clear();
    this.entries.set(file, entry);
    return entry;
  }
}

/** Byte-range media segments of one file: from the file start, then at keyframes every ~4 s. */
function rangesOf(part: PlaylistPart): Array<{ seconds: number; offset: number; length: number }> {
  const start = part.cuts[0]?.pts ?? 0;
  const bounds: Cut[] = [{ pos: 0, pts: start }];
  for (const cut of part.cuts) {
    const last = bounds[bounds.length - 1]!;
    if (cut.pts - last.pts >= TARGET_SEGMENT_SEC && cut.pos > last.pos) bounds.push(cut);
  }
  const ranges: Array<{ seconds: number; offset: number; length: number }> = [];
  for (let i = 0; i < bounds.length; i++) {
    const from = bounds[i]!;
    let to = bounds[i + 1];
    if (!to) {
      // The tail of a file still being written is incomplete: it waits for the next keyframe.
      if (part.durationSec === null) break;
      to = { pos: part.size, pts: start + part.durationSec };
    }
    if (to.pos <= from.pos) continue;
    ranges.push({ seconds: Math.max(0.1, to.pts - from.pts), offset: from.pos, length: to.pos - from.pos });
  }
  return ranges;
}

export function buildPlaylist(parts: readonly PlaylistPart[], ended: boolean): string {
  const lines: string[] = [];
  let longest = 1;
  parts.forEach((part, index) => {
    const ranges = rangesOf(part);
    if (ranges.length === 0) return;
    // Each segment file is a separate ffmpeg run: its timestamps restart.
    if (index > 0 && lines.length > 0) lines.push('#EXT-X-DISCONTINUITY');
    for (const range of ranges) {
      longest = Math.max(longest, range.seconds);
      lines.push(
        `#EXTINF:${range.seconds.toFixed(3)},`,
        `#EXT-X-BYTERANGE:${range.length}@${range.offset}`,
        part.uri,
      );
    }
  });
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:4',
    `#EXT-X-TARGETDURATION:${Math.ceil(longest)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    `#EXT-X-PLAYLIST-TYPE:${ended ? 'VOD' : 'EVENT'}`,
    ...lines,
    ...(ended ? ['#EXT-X-ENDLIST'] : []),
    '',
  ].join('\n');
}
