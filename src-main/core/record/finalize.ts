// Turns a recording's segments into one verified file. Never produces a shorter file than what
// was captured: if joining fails, the segments stay and the error is reported instead.
//
// In two steps, so a file never exists without the row that points at it: the caller is told the
// output path before anything moves (and records it), gets a verified file, and then either keeps it
// (`done()`: the joined segments are removed) or, if it could not record the result, undoes it
// (`undo()`: a renamed segment goes back, a joined file is removed; the segments are untouched).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Container, Segment } from '../../../src-shared/domain';
import { claimFreePath, ensureDirInside, releaseClaim } from '../library/naming';
import { runChild } from './child';
import { buildConcatArgs, buildRemuxArgs, concatListLine } from './ffmpeg-args';
import type { FfmpegBinaries } from './ffmpeg-path';
import { probeMedia, type ProbeResult } from './probe';

export interface FinalizeResult {
  outputPath: string;
  sizeBytes: number;
  durationMs: number;
  /** Sum of the segment durations that went in. */
  capturedMs: number;
  /** The result is recorded: remove what it was made from. */
  done(): Promise<void>;
  /** The result could not be recorded: put things back as they were. */
  undo(): Promise<void>;
}

export class NothingCapturedError extends Error {}

/** Join must match the sum of its inputs this closely, or we keep the segments instead. */
const JOIN_TOLERANCE_MS = 1_000;

export async function finalizeSegments(
  bins: FfmpegBinaries,
  segments: readonly Segment[],
  target: {
    path: string;
    container: Container;
    /** Called with the chosen output path before any file moves; throwing stops the finalize. */
    onOutput?: (outputPath: string) => void;
    /** The recordings folder: the output's folder must resolve inside it (no planted links). */
    root?: string;
  },
): Promise<FinalizeResult> {
  const usable: Usable[] = [];
  for (const segment of segments) {
    const size = await fs
      .stat(segment.path)
      .then((s) => s.size)
      .catch(() => 0);
    if (size === 0) continue;
    const probe = await probeMedia(bins, segment.path).catch(() => null);
    if (!probe || probe.streams.length === 0) continue;
    usable.push({ segment, durationMs: probe.durationMs, probe });
  }
  if (usable.length === 0) throw new NothingCapturedError('nothing was captured');
  const capturedMs = usable.reduce((sum, u) => sum + u.durationMs, 0);
  if (target.root) await ensureDirInside(target.root, path.dirname(target.path));
  else await fs.mkdir(path.dirname(target.path), { recursive: true });
  // An empty file holds the name until the real one is renamed over it (naming.ts, claimFreePath).
  const output = await claimFreePath(target.path);
  let placed: Placed;
  try {
    target.onOutput?.(output);
    placed =
      usable.length === 1 && target.container === 'ts'
        ? await moveLoneSegment(usable[0]!, output).catch((error: NodeJS.ErrnoException) => {
            // A segment in local scratch and a recordings folder on another disk (a share): copy it.
            if (error.code !== 'EXDEV') throw error;
            return joinSegments(bins, usable, capturedMs, output, target.container);
          })
        : await joinSegments(bins, usable, capturedMs, output, target.container);
  } catch (error) {
    await releaseClaim(output).catch(() => undefined);
    throw error;
  }
  const { done, undo } = placed;
  let verified = placed.verified;
  try {
    verified ??= await probeMedia(bins, output);
    if (verified.streams.length === 0) throw new Error(`the finished file has no streams: ${output}`);
    const stat = await fs.stat(output);
    return {
      outputPath: output,
      sizeBytes: stat.size,
      durationMs: verified.durationMs,
      capturedMs,
      done,
      undo,
    };
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
}

interface Placed {
  /** The output's probe when it is already known. */
  verified: ProbeResult | null;
  done(): Promise<void>;
  undo(): Promise<void>;
}

type Usable = { segment: Segment; durationMs: number; probe: ProbeResult };

/** One segment in the capture container: a rename, no copy, and its probe already verified it. */
async function moveLoneSegment(only: Usable, output: string): Promise<Placed> {
  const source = only.segment.path;
  await fs.rename(source, output);
  return { verified: only.probe, done: async () => undefined, undo: () => fs.rename(output, source) };
}

/** Several segments (or another container): remux/join into `output`, verified against their sum. */
async function joinSegments(
  bins: FfmpegBinaries,
  usable: readonly Usable[],
  capturedMs: number,
  output: string,
  container: Container,
): Promise<Placed> {
  const partial = `${output}.partial`;
  const listFile = path.join(path.dirname(usable[0]!.segment.path), 'concat.txt');
  const args =
    usable.length === 1
      ? buildRemuxArgs(usable[0]!.segment.path, partial, container)
      : (await fs.writeFile(listFile, usable.map((u) => concatListLine(u.segment.path)).join('\n') + '\n'),
        buildConcatArgs(listFile, partial, container));
  const result = await runChild(bins.ffmpeg, args, { timeoutMs: 6 * 3600 * 1000 });
  if (result.code !== 0) {
    await fs.rm(partial, { force: true });
    throw new Error(
      `joining ${usable.length} segments failed: ${result.stderrTail || `exit ${result.code}`}`,
    );
  }
  const joined = await probeMedia(bins, partial).catch((error: Error) => error);
  if (
    joined instanceof Error ||
    Math.abs(joined.durationMs - capturedMs) > JOIN_TOLERANCE_MS + usable.length * 100
  ) {
    await fs.rm(partial, { force: true });
    const got = joined instanceof Error ? joined.message : `${(joined.durationMs / 1000).toFixed(1)} s`;
    throw new Error(
      `the joined file did not match its segments (${(capturedMs / 1000).toFixed(1)} s captured, got ${got}); segments kept`,
    );
  }
  await fs.rename(partial, output);
  await fs.rm(listFile, { force: true });
  return {
    verified: null,
    done: async () => {
      await Promise.all(usable.map((u) => fs.rm(u.segment.path, { force: true })));
    },
    undo: () => fs.rm(output, { force: true }),
  };
}

/**
 * A finalize that moved its file into place and then could not record it (crash, a database that
 * refused the write) left the row's outputPath pointing at a verified file: that file is the result.
 * Null when there is none to adopt.
 */
export async function adoptFinishedFile(
  bins: FfmpegBinaries,
  recording: { outputPath: string | null; segments: readonly Segment[] },
): Promise<FinalizeResult | null> {
  const file = recording.outputPath;
  if (!file) return null;
  const probe = await probeMedia(bins, file).catch(() => null);
  if (!probe || probe.streams.length === 0) {
    // A finalize that died between claiming its name and moving the file in left an empty claim.
    await releaseClaim(file).catch(() => undefined);
    return null;
  }
  const stat = await fs.stat(file);
  const leftovers = recording.segments.map((s) => s.path).filter((p) => p !== file);
  return {
    outputPath: file,
    sizeBytes: stat.size,
    durationMs: probe.durationMs,
    capturedMs: recording.segments.reduce((sum, s) => sum + s.mediaMs, 0) || probe.durationMs,
    done: async () => {
      await Promise.all(leftovers.map((p) => fs.rm(p, { force: true })));
    },
    // Nothing moved this time: leave the file where the row says it is.
    undo: async () => undefined,
  };
}
