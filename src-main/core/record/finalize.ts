// Turns a recording's segments into one verified file. Never produces a shorter file than what
// was captured: if joining fails, the segments stay and the error is reported instead.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Container, Segment } from '../../../src-shared/domain';
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
}

export class NothingCapturedError extends Error {}

/** Join must match the sum of its inputs this closely, or we keep the segments instead. */
const JOIN_TOLERANCE_MS = 1_000;

export async function finalizeSegments(
  bins: FfmpegBinaries,
  segments: readonly Segment[],
  target: { path: string; container: Container },
): Promise<FinalizeResult> {
  const usable: Array<{ segment: Segment; durationMs: number; probe: ProbeResult }> = [];
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
  const output = await freePath(target.path);
  await fs.mkdir(path.dirname(output), { recursive: true });
  const partial = `${output}.partial`;

  let verified: ProbeResult | null = null;
  if (usable.length === 1 && target.container === 'ts') {
    // One segment in the capture container: a rename, no copy, and its probe already verified it.
    await fs.rename(usable[0]!.segment.path, output);
    verified = usable[0]!.probe;
  } else {
    const listFile = path.join(path.dirname(usable[0]!.segment.path), 'concat.txt');
    const args =
      usable.length === 1
        ? buildRemuxArgs(usable[0]!.segment.path, partial, target.container)
        : (await fs.writeFile(listFile, usable.map((u) => concatListLine(u.segment.path)).join('\n') + '\n'),
          buildConcatArgs(listFile, partial, target.container));
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
    await Promise.all([
      ...usable.map((u) => fs.rm(u.segment.path, { force: true })),
      fs.rm(listFile, { force: true }),
    ]);
  }
  verified ??= await probeMedia(bins, output);
  if (verified.streams.length === 0) throw new Error(`the finished file has no streams: ${output}`);
  const stat = await fs.stat(output);
  return { outputPath: output, sizeBytes: stat.size, durationMs: verified.durationMs, capturedMs };
}

/** The path itself if free, else "name (2).ext", "name (3).ext"... */
async function freePath(wanted: string): Promise<string> {
  const ext = path.extname(wanted);
  const stem = wanted.slice(0, wanted.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? wanted : `${stem} (${n})${ext}`;
    const taken = await fs.access(candidate).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
  throw new Error(`no free file name for ${wanted}`);
}
