// Plays a media URL the way VLC, mpv or Kodi do: with ffmpeg's own demuxers (HLS included), not
// hls.js. Reads everything with stream copy and reports how much media time came through.
import { spawn } from 'node:child_process';
import { FFMPEG } from './test-media';

export interface FfmpegRead {
  code: number | null;
  /** Media seconds written by the null muxer (the last `out_time_us` of -progress). */
  seconds: number;
  stderr: string;
}

/** `ffmpeg [inputArgs] -i url -c copy -f null -`; resolves when ffmpeg exits (killed after timeoutMs). */
export function readWithFfmpeg(
  url: string,
  inputArgs: readonly string[] = [],
  timeoutMs = 60_000,
): Promise<FfmpegRead> {
  const args = [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    ...inputArgs,
    '-i',
    url,
    '-map',
    '0',
    '-c',
    'copy',
    '-f',
    'null',
    '-progress',
    'pipe:1',
    '-',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const times = [...stdout.matchAll(/^out_time_us=(\d+)$/gm)].map((m) => Number(m[1]));
      resolve({ code, seconds: (times[times.length - 1] ?? 0) / 1e6, stderr });
    });
  });
}
