// Verifies a media file: duration and streams, from ffprobe, or from `ffmpeg -i` when no ffprobe
// exists (ffmpeg-static ships ffmpeg only).
import type { FfmpegBinaries } from './ffmpeg-path';
import { runChild } from './child';

export interface ProbeResult {
  durationMs: number;
  streams: Array<{ type: string; codec: string }>;
}

export async function probeMedia(bins: FfmpegBinaries, file: string): Promise<ProbeResult> {
  if (bins.ffprobe) {
    const result = await runChild(
      bins.ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
      { timeoutMs: 60_000 },
    );
    if (result.code !== 0)
      throw new Error(`ffprobe could not read ${file}: ${result.stderrTail || 'no output'}`);
    return parseFfprobeJson(result.stdout);
  }
  const result = await runChild(bins.ffmpeg, ['-hide_banner', '-i', file], { timeoutMs: 60_000 });
  // `ffmpeg -i` without an output always exits 1; the header on stderr is what we read.
  return parseFfmpegHeader(result.stderrTail);
}

interface FfprobeJson {
  format?: { duration?: string };
  streams?: Array<{ codec_type?: string; codec_name?: string }>;
}

export function parseFfprobeJson(text: string): ProbeResult {
  const json = JSON.parse(text) as FfprobeJson;
  const duration = Number(json.format?.duration);
  return {
    durationMs: Number.isFinite(duration) ? Math.round(duration * 1000) : 0,
    streams: (json.streams ?? []).map((s) => ({
      type: s.codec_type ?? 'unknown',
      codec: s.codec_name ?? 'unknown',
    })),
  };
}

export function parseFfmpegHeader(stderr: string): ProbeResult {
  const d = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  const durationMs = d ? Math.round(((Number(d[1]) * 60 + Number(d[2])) * 60 + Number(d[3])) * 1000) : 0;
  const streams = [...stderr.matchAll(/Stream #\d+:\d+[^:]*: (Video|Audio|Subtitle|Data): (\w+)/g)].map(
    (m) => ({
      type: (m[1] ?? 'unknown').toLowerCase(),
      codec: m[2] ?? 'unknown',
    }),
  );
  return { durationMs, streams };
}
