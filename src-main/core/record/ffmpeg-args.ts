// Builds ffmpeg argument arrays (never shell strings) for capture, remux and join.
import { STREAM_PROTOCOLS } from '../../../src-shared/contract';
import type { Container } from '../../../src-shared/domain';
import { encodeArgs, type EncodeProfile } from '../library/postprocess/profile-args';

/**
 * What ffmpeg may open while reading a stream: the user-facing protocols plus the transport layers
 * they sit on (tcp, tls, crypto for AES-128 HLS). Never `file`, so no request can read local files.
 */
export const PROTOCOL_WHITELIST = [...STREAM_PROTOCOLS, 'tcp', 'tls', 'crypto', 'httpproxy', 'rtmps', 'rtmpt']
  .filter((value, index, all) => all.indexOf(value) === index)
  .join(',');

export interface CaptureArgsInput {
  /**
   * Every local user can read ffmpeg's arguments (`ps`): capture passes the local handoff URL from
   * prepareCaptureUrl() (stream-handoff.ts) here, not a URL with credentials.
   */
  url: string;
  output: string;
  /** Stop after this many seconds of media, as a safety bound next to the wall-clock stop. */
  maxSeconds?: number;
  /** Sent on every request, the redirect included; they end up in the arguments (no other way in). */
  headers?: Readonly<Record<string, string>>;
  /** Seconds of socket silence after which ffmpeg itself gives up (our stall detector is stricter). */
  ioTimeoutSec?: number;
  /** A stream profile that encodes while capturing (when 'capture'); absent: stream copy. */
  profile?: EncodeProfile | null;
}

export function buildCaptureArgs(input: CaptureArgsInput): string[] {
  const args = ['-hide_banner', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1', '-y'];
  args.push('-protocol_whitelist', PROTOCOL_WHITELIST);
  const protocol = new URL(input.url).protocol;
  if (protocol === 'http:' || protocol === 'https:') {
    const headers = { ...input.headers };
    const userAgent = takeHeader(headers, 'user-agent');
    if (userAgent) args.push('-user_agent', userAgent);
    const headerLines = Object.entries(headers)
      .filter(([name, value]) => isSafeHeader(name, value))
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    if (headerLines) args.push('-headers', headerLines);
    // Reconnects are ours (each one is a new segment with a recorded gap), not ffmpeg's hidden ones.
    args.push('-rw_timeout', String((input.ioTimeoutSec ?? 30) * 1_000_000));
  }
  // Generate missing timestamps instead of dropping packets that lack them.
  args.push('-fflags', '+genpts');
  // Probing a live stream happens in real time and nothing is written meanwhile (ffmpeg's default
  // is 5 s): keep it short so a stop soon after the start still leaves a file. Copy needs little.
  args.push('-analyzeduration', '1500000', '-probesize', '2000000');
  // A profile that encodes while capturing replaces the copy (interlacing is unknown before the input
  // is read: deinterlace 'auto' then deinterlaces only the frames flagged interlaced).
  const encode = encodeArgs(input.profile ?? { ...COPY }, { interlaced: null, subtitles: true });
  args.push(...encode.beforeInput, '-i', input.url, ...encode.maps, ...encode.codecs);
  if (input.maxSeconds !== undefined && input.maxSeconds > 0) args.push('-t', input.maxSeconds.toFixed(3));
  args.push('-f', 'mpegts', input.output);
  return args;
}

const COPY: EncodeProfile = {
  kind: 'copy',
  crf: 23,
  preset: 'veryfast',
  deinterlace: 'off',
  encoder: 'software',
  maxHeight: null,
  audioBitrateKbps: 128,
};

function takeHeader(headers: Record<string, string>, name: string): string | undefined {
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      const value = headers[key];
      delete headers[key];
      return value;
    }
  }
  return undefined;
}

/** Header names and values from playlists are untrusted: no CR/LF injection into the request. */
function isSafeHeader(name: string, value: string): boolean {
  return /^[A-Za-z0-9-]{1,64}$/.test(name) && !/[\r\n]/.test(value) && value.length <= 2048;
}

/** Remuxes one MPEG-TS segment into the chosen container. */
export function buildRemuxArgs(input: string, output: string, container: Container): string[] {
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'error',
    '-y',
    '-fflags',
    '+genpts',
    '-i',
    input,
    '-map',
    '0',
    '-c',
    'copy',
    ...containerArgs(container),
    output,
  ];
}

/** Joins segments listed in a concat-demuxer file into one output, stream copy. */
export function buildConcatArgs(listFile: string, output: string, container: Container): string[] {
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'concat',
    '-safe',
    '0',
    // The list names only our own segment files.
    '-protocol_whitelist',
    'file,pipe',
    '-i',
    listFile,
    '-map',
    '0',
    '-c',
    'copy',
    ...containerArgs(container),
    output,
  ];
}

/**
 * Transcodes a finished file with a profile into `output` (a temporary name beside it). MP4 cannot hold
 * broadcast subtitles (DVB), so they are dropped there.
 */
export function buildTranscodeArgs(
  input: string,
  output: string,
  container: Container,
  profile: EncodeProfile,
  interlaced: boolean | null,
): string[] {
  const encode = encodeArgs(profile, { interlaced, subtitles: container !== 'mp4' });
  // prettier-ignore
  return [
    '-hide_banner', '-nostats', '-loglevel', 'error', '-y',
    ...encode.beforeInput, '-i', input, ...encode.maps, ...encode.codecs,
    ...containerArgs(container), output,
  ];
}

/** Copies `input` with the chapters of an FFMETADATA file (stream copy; MKV and MP4 only). */
export function buildChapterArgs(
  input: string,
  metadata: string,
  output: string,
  container: Container,
): string[] {
  // prettier-ignore
  return [
    '-hide_banner', '-nostats', '-loglevel', 'error', '-y',
    '-i', input, '-f', 'ffmetadata', '-i', metadata,
    '-map', '0', '-map_metadata', '0', '-map_chapters', '1', '-codec', 'copy',
    ...containerArgs(container), output,
  ];
}

export function containerArgs(container: Container): string[] {
  switch (container) {
    case 'ts':
      return ['-f', 'mpegts'];
    case 'mkv':
      return ['-f', 'matroska'];
    case 'mp4':
      // faststart: the index goes first so players can seek before the whole file is read.
      return ['-movflags', '+faststart', '-f', 'mp4'];
  }
}

/** One line of a concat-demuxer list: the path quoted as the demuxer expects. */
export function concatListLine(file: string): string {
  return `file '${file.replace(/'/g, "'\\''")}'`;
}
