// The after-capture transcode: the recording's profile applied to the finished file. Encodes into a
// temporary file beside it, checks the result with ffprobe (a duration within 2 % of the original, the
// streams the profile promises), and only then replaces the original (or keeps it beside, by setting).
// A transcode that fails in any way leaves the original exactly as it was.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildTranscodeArgs } from '../../record/ffmpeg-args';
import { isInterlaced } from './profile-args';
import { describeExit, runProgram } from './run-program';
import {
  durationMatches,
  probeFacts,
  recordingFile,
  StepError,
  tempBeside,
  type StepContext,
  type StepOutcome,
} from './step';

/** The transcode's duration must match the original's this closely. */
const DURATION_TOLERANCE = 0.02;
/**
 * But never closer than this: the streams of a file seldom end together (AAC priming, a last GOP), and
 * an audio-only result takes the audio's length, not the file's; a truncated transcode misses by more.
 */
const DURATION_FLOOR_MS = 1_000;

export async function transcodeStep(ctx: StepContext): Promise<StepOutcome> {
  const { profile } = ctx.profiles.effective(ctx.recording.id, ctx.settings.defaultProfileId);
  if (!profile || profile.kind === 'copy' || profile.when !== 'after') {
    return { state: 'skipped', note: 'no after-capture profile applies' };
  }
  const file = await recordingFile(ctx.recording);
  const original = await probeFacts(ctx.bins, file);
  const interlaced = isInterlaced(original.fieldOrder);
  const temp = tempBeside(file, 'transcode');
  const args = buildTranscodeArgs(file, temp, ctx.recording.container, profile, interlaced);
  // Generous: a slow preset on two cores runs slower than real time.
  const timeoutMs = Math.max(3_600_000, original.durationMs * 6);
  const exit = await runProgram(ctx.bins.ffmpeg, args, { timeoutMs, signal: ctx.signal, background: true });
  try {
    if (exit.code !== 0) {
      throw new StepError(
        `transcode with "${profile.name}" failed: ${describeExit('ffmpeg', exit, timeoutMs)}; the original is kept`,
        exit.output,
      );
    }
    const result = await probeFacts(ctx.bins, temp).catch(() => null);
    if (
      !result ||
      !durationMatches(result.durationMs, original.durationMs, DURATION_TOLERANCE, DURATION_FLOOR_MS)
    ) {
      throw new StepError(
        `the transcode is ${result ? `${(result.durationMs / 1000).toFixed(1)} s` : 'unreadable'}, the original ${(original.durationMs / 1000).toFixed(1)} s; the original is kept`,
        exit.output,
      );
    }
    const types = new Set(result.streams.map((s) => s.type));
    const expected =
      profile.kind === 'audio' ? !types.has('video') && types.has('audio') : types.has('video');
    if (!expected) {
      throw new StepError(
        `the transcode has ${[...types].join(' and ') || 'no streams'}; the original is kept`,
        exit.output,
      );
    }
    let originalPath: string | null = null;
    if (ctx.settings.transcodeKeepOriginal) {
      const ext = path.extname(file);
      originalPath = path.join(path.dirname(file), `${path.basename(file, ext)}.original${ext}`);
      await fs.rename(file, originalPath);
    }
    // Same folder: the rename replaces the original in one step (a reader sees the old or the new file).
    await fs.rename(temp, file);
    const sizeBytes = (await fs.stat(file)).size;
    ctx.store.update(
      ctx.recording.id,
      { sizeBytes, durationMs: result.durationMs },
      `transcoded with profile "${profile.name}" (${formatMiB(ctx.recording.sizeBytes)} -> ${formatMiB(sizeBytes)})`,
    );
    return {
      state: 'done',
      note: `transcoded with "${profile.name}"`,
      outputTail: exit.output || null,
      result: {
        profile: profile.name,
        deinterlaced: profile.deinterlace === 'on' || (profile.deinterlace === 'auto' && interlaced === true),
        sizeBefore: ctx.recording.sizeBytes,
        sizeAfter: sizeBytes,
        originalPath,
      },
    };
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

function formatMiB(bytes: number | null): string {
  return bytes === null ? '?' : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
