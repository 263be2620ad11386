/**
 * Deterministic synthetic media for integration tests and benchmarks.
 *
 * Everything is generated with the system ffmpeg from lavfi sources (no network,
 * no fixtures in git) and cached under os.tmpdir()/tapedeck-test-media/, keyed by
 * the generation parameters. Files are written under a temporary name and then
 * renamed into place, so concurrent callers (vitest workers, parallel benchmarks)
 * never observe a half-written file.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FFMPEG = process.env.TAPEDECK_TEST_FFMPEG ?? '/usr/bin/ffmpeg';
export const FFPROBE = process.env.TAPEDECK_TEST_FFPROBE ?? '/usr/bin/ffprobe';

export const TEST_MEDIA_DIR = path.join(os.tmpdir(), 'tapedeck-test-media');

/** Bump when the ffmpeg recipe changes so stale cached files are not reused. */
const RECIPE_VERSION = 3;

const AUDIO_KBPS = 64;

export interface TestMediaOptions {
  seconds: number;
  /** Total (muxed) bitrate to aim for, default 1500. */
  bitrateKbps?: number;
  width?: number;
  height?: number;
}

export interface TestMedia {
  path: string;
  bytes: number;
  seconds: number;
}

export interface TestHlsOptions {
  segmentSeconds: number;
  segments: number;
}

export interface TestHls {
  dir: string;
  /** Absolute paths, in playback order. */
  segmentFiles: string[];
  segmentSeconds: number;
}

/** Run a binary with an argument array (never a shell string); reject with stderr on failure. */
export function run(
  file: string,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`${path.basename(file)} failed: ${err.message}\n${stderr.slice(-2000)}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

function tmpSuffix(): string {
  return `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

async function statOrNull(file: string): Promise<{ size: number; isDirectory: boolean } | null> {
  try {
    const st = await fsp.stat(file);
    return { size: st.size, isDirectory: st.isDirectory() };
  } catch {
    return null;
  }
}

/**
 * x264's CBR mode still leaves the muxed file above the requested rate (PES/TS
 * headers, PAT/PMT, audio). Measured on ffmpeg 5.1 at 320x240:
 * total ≈ 64 kbps + 1.017 × (video + audio). Invert that so the file lands close
 * to the requested total.
 */
function videoKbpsFor(totalKbps: number): number {
  return Math.max(100, Math.round((totalKbps - 64) / 1.017 - AUDIO_KBPS));
}

// Per-process de-duplication: concurrent calls with the same key share one ffmpeg run.
const inflight = new Map<string, Promise<unknown>>();

function once<T>(key: string, make: () => Promise<T>): Promise<T> {
  const existing = inflight.get(key);
  if (existing) return existing as Promise<T>;
  const p = make();
  inflight.set(key, p);
  // Do not cache failures: a later caller may retry.
  p.catch(() => inflight.delete(key));
  return p;
}

export function ensureTestMedia(opts: TestMediaOptions): Promise<TestMedia> {
  const seconds = opts.seconds;
  const kbps = opts.bitrateKbps ?? 1500;
  const width = opts.width ?? 320;
  const height = opts.height ?? 240;
  if (!(seconds > 0) || !(kbps > 0) || !(width > 0) || !(height > 0)) {
    return Promise.reject(new Error(`ensureTestMedia: bad options ${JSON.stringify(opts)}`));
  }
  const name = `v${RECIPE_VERSION}-${seconds}s-${kbps}k-${width}x${height}.ts`;
  const file = path.join(TEST_MEDIA_DIR, name);

  return once(file, async () => {
    const existing = await statOrNull(file);
    if (existing && existing.size > 0) return { path: file, bytes: existing.size, seconds };

    await fsp.mkdir(TEST_MEDIA_DIR, { recursive: true });
    // Keep the .ts extension last so ffmpeg could infer the format (we also pass -f).
    const tmp = `${file}${tmpSuffix()}.ts`;
    const v = videoKbpsFor(kbps);
    // prettier-ignore
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=25`,
      '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=48000',
      '-t', String(seconds),
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      // Multi-threaded x264 output differs run to run; one thread is byte-for-byte
      // reproducible and, on 2 cores at these sizes, no slower.
      '-threads', '1',
      // A keyframe every second exactly (25 fps), no scene-cut keyframes.
      '-g', '25', '-keyint_min', '25', '-sc_threshold', '0',
      // Plain ABR badly undershoots on testsrc2 (it compresses too well), so ask
      // x264 for real CBR: nal-hrd=cbr pads with filler data inside the video stream,
      // which survives `-c copy` recording (unlike mpegts null packets).
      '-b:v', `${v}k`, '-minrate', `${v}k`, '-maxrate', `${v}k`, '-bufsize', `${Math.max(50, Math.round(v / 2))}k`,
      '-x264-params', 'nal-hrd=cbr',
      '-c:a', 'aac', '-b:a', `${AUDIO_KBPS}k`, '-ac', '1',
      '-f', 'mpegts', tmp,
    ];
    try {
      await run(FFMPEG, args);
      await fsp.rename(tmp, file);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    const st = await fsp.stat(file);
    return { path: file, bytes: st.size, seconds };
  });
}

/**
 * HLS segments (.ts) cut from a generated file. The segment timestamps are
 * continuous within one pass (segment i starts i × segmentSeconds after segment 0); a server
 * looping over them must mark the wrap with #EXT-X-DISCONTINUITY.
 */
export function ensureTestHls(opts: TestHlsOptions): Promise<TestHls> {
  const { segmentSeconds, segments } = opts;
  if (
    !Number.isInteger(segmentSeconds) ||
    segmentSeconds < 1 ||
    !Number.isInteger(segments) ||
    segments < 1
  ) {
    // Integral seconds keep the cuts on the 1 s keyframe grid.
    return Promise.reject(new Error(`ensureTestHls: bad options ${JSON.stringify(opts)}`));
  }
  const dir = path.join(TEST_MEDIA_DIR, `hls-v${RECIPE_VERSION}-${segmentSeconds}s-x${segments}`);
  const names = Array.from({ length: segments }, (_, i) => `seg${String(i).padStart(5, '0')}.ts`);
  const result = (): TestHls => ({ dir, segmentFiles: names.map((n) => path.join(dir, n)), segmentSeconds });

  return once(dir, async () => {
    const existing = await statOrNull(dir);
    if (existing?.isDirectory) return result();

    const media = await ensureTestMedia({ seconds: segmentSeconds * segments });
    const tmpDir = `${dir}${tmpSuffix()}`;
    await fsp.mkdir(tmpDir, { recursive: true });
    // prettier-ignore
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
      '-i', media.path,
      '-map', '0', '-c', 'copy',
      // The hls muxer (unlike -f segment) keeps MPEG-TS continuity counters running across
      // segments; with -f segment, ffmpeg's hls demuxer flags every boundary "Packet corrupt".
      '-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_list_size', '0',
      '-hls_segment_type', 'mpegts', '-hls_segment_filename', path.join(tmpDir, 'seg%05d.ts'),
      path.join(tmpDir, 'source.m3u8'),
    ];
    try {
      await run(FFMPEG, args);
      const made = (await fsp.readdir(tmpDir)).filter((n) => n.endsWith('.ts')).sort();
      // The source is a few ms longer than N × segmentSeconds, which can leave a tiny tail segment.
      for (const extra of made.slice(segments)) await fsp.rm(path.join(tmpDir, extra));
      if (made.length < segments) {
        throw new Error(`ensureTestHls: expected ${segments} segments, ffmpeg made ${made.length}`);
      }
      try {
        await fsp.rename(tmpDir, dir);
      } catch (err) {
        // Another process won the race (rename onto a non-empty dir fails): use theirs.
        if (!(await statOrNull(dir))?.isDirectory) throw err;
        await fsp.rm(tmpDir, { recursive: true, force: true });
      }
    } catch (err) {
      await fsp.rm(tmpDir, { recursive: true, force: true });
      throw err;
    }
    return result();
  });
}

interface FfprobeJson {
  format?: { duration?: string };
  streams?: Array<{ codec_type?: string }>;
}

async function ffprobeJson(file: string, entries: string): Promise<FfprobeJson> {
  const { stdout } = await run(
    FFPROBE,
    ['-v', 'error', '-show_entries', entries, '-of', 'json', file],
    30_000,
  );
  return JSON.parse(stdout) as FfprobeJson;
}

/** Container duration in seconds (ffprobe format.duration). */
export async function probeDuration(file: string): Promise<number> {
  const json = await ffprobeJson(file, 'format=duration');
  const d = Number(json.format?.duration);
  if (!Number.isFinite(d)) throw new Error(`probeDuration: no duration for ${file}`);
  return d;
}

/** codec_type of each stream, in stream order, e.g. ['video', 'audio']. */
export async function probeStreams(file: string): Promise<string[]> {
  const json = await ffprobeJson(file, 'stream=codec_type');
  return (json.streams ?? []).map((s) => s.codec_type ?? 'unknown');
}
