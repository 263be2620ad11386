// Commercial detection with comskip (Debian's `comskip` package, or the one the settings name). Runs on
// the finished file with an argument array and a timeout, keeps the EDL beside the recording (Kodi
// reads it and skips), writes chapters into MKV/MP4 at breaks and gap boundaries, and optionally cuts
// the breaks out with stream copy. The original is replaced only by a file ffprobe verified; any
// failure leaves it as it was.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Break } from '../../../../src-shared/contract-library-process';
import { buildChapterArgs, buildConcatArgs } from '../../record/ffmpeg-args';
import { whichSync } from '../../record/ffmpeg-path';
import {
  chaptersFor,
  cutList,
  ffmetadata,
  gapPositions,
  keptRanges,
  parseEdl,
  positionAfterCut,
  totalMs,
} from './edl';
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

/**
 * Tapedeck's ini when the settings name none: comskip's own detection defaults, with the EDL as the
 * only output (no .txt, .log or logo files left beside the recording).
 */
export const DEFAULT_COMSKIP_INI = [
  'output_edl=1',
  'output_txt=0',
  'output_default=0',
  'output_chapters=0',
  'verbose=0',
  'live_tv=0',
  '',
].join('\n');

/** The comskip to run: the setting, else comskip on PATH; null when there is none. */
export function findComskip(setting: string | null): string | null {
  return setting ?? whichSync('comskip');
}

export async function comskipStep(ctx: StepContext): Promise<StepOutcome> {
  const comskip = findComskip(ctx.settings.comskipPath);
  if (!comskip) {
    throw new StepError('comskip is not installed (install the comskip package, or set comskipPath)');
  }
  const file = await recordingFile(ctx.recording);
  const original = await probeFacts(ctx.bins, file);
  const work = path.join(ctx.dataDir, 'comskip', `job-${ctx.job.id}`);
  await fs.rm(work, { recursive: true, force: true });
  await fs.mkdir(work, { recursive: true });
  try {
    const ini = ctx.settings.comskipIni ?? path.join(work, 'tapedeck.ini');
    if (!ctx.settings.comskipIni) await fs.writeFile(ini, DEFAULT_COMSKIP_INI);
    const timeoutMs = ctx.settings.comskipTimeoutMin * 60_000;
    const exit = await runProgram(comskip, [`--ini=${ini}`, `--output=${work}`, file], {
      timeoutMs,
      signal: ctx.signal,
      cwd: work,
      background: true,
    });
    // comskip exits 0 when it found breaks and 1 when it found none: the EDL it wrote tells which.
    const edlName = `${path.basename(file, path.extname(file))}.edl`;
    const edlText = await fs.readFile(path.join(work, edlName), 'utf8').catch(() => null);
    if (exit.aborted || exit.timedOut || edlText === null || (exit.code !== 0 && exit.code !== 1)) {
      throw new StepError(
        edlText === null && !exit.aborted && !exit.timedOut
          ? `${describeExit('comskip', exit, timeoutMs)} and wrote no EDL`
          : describeExit('comskip', exit, timeoutMs),
        exit.output,
      );
    }
    const breaks = parseEdl(edlText, original.durationMs);
    if (breaks.length === 0 && edlText.trim() !== '') {
      throw new StepError(
        'comskip wrote an EDL without a readable break',
        `${exit.output}\n${edlText}`.trim(),
      );
    }
    // Kodi and MPlayer read `<name>.edl` beside the file and skip its breaks.
    const edlPath = await writeBeside(file, '.edl', edlText);
    const gapsAt = gapPositions(ctx.recording.gaps, ctx.recording.segments, original.durationMs);
    let current = { breaks, gapsAt, durationMs: original.durationMs };
    let cut: { removedMs: number; edlPath: string } | null = null;
    if (ctx.settings.comskipCut && breaks.length > 0) {
      const removedMs = await cutBreaks(ctx, file, breaks, original.durationMs, original.streams.length);
      // The EDL no longer describes the file: kept under another name (players would skip wrongly).
      const kept = edlPath.replace(/\.edl$/, '.original.edl');
      await fs.rename(edlPath, kept);
      cut = { removedMs, edlPath: kept };
      // Each cut is a boundary now: mark it, and move the gap boundaries with the cut.
      current = {
        breaks: [],
        gapsAt: [
          ...new Set([
            ...breaks.map((b) => positionAfterCut(breaks, b.startMs)),
            ...gapsAt.map((g) => positionAfterCut(breaks, g)),
          ]),
        ].sort((a, b) => a - b),
        durationMs: original.durationMs - removedMs,
      };
    }
    if (cut) {
      const after = await probeFacts(ctx.bins, file);
      ctx.store.update(
        ctx.recording.id,
        { sizeBytes: (await fs.stat(file)).size, durationMs: after.durationMs },
        `commercial breaks cut out: ${breaks.length}, ${(cut.removedMs / 1000).toFixed(1)} s`,
      );
    }
    // Chapters are a convenience: failing to write them leaves the file as it is and the breaks known.
    let chapters = 0;
    let chapterError: string | null = null;
    if (ctx.recording.container !== 'ts') {
      chapters = await writeChapters(ctx, file, current.breaks, current.gapsAt, current.durationMs).catch(
        (error: Error) => {
          chapterError = error.message;
          return 0;
        },
      );
    }
    return {
      state: 'done',
      note: `comskip found ${breaks.length} break${breaks.length === 1 ? '' : 's'}${cut ? ' (cut out)' : ''}${chapters ? `; ${chapters} chapters` : ''}${chapterError ? `; no chapters: ${chapterError}` : ''}`,
      outputTail: exit.output || null,
      result: {
        breaks,
        edlPath: cut ? cut.edlPath : edlPath,
        cut: cut !== null,
        removedMs: cut?.removedMs ?? 0,
        chapters,
        chapterError,
      },
    };
  } finally {
    await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Keeps the parts outside the breaks (concat demuxer, stream copy: cuts land on keyframes) in a
 * temporary file, checks its duration against the original minus the breaks, then replaces the original.
 */
async function cutBreaks(
  ctx: StepContext,
  file: string,
  breaks: readonly Break[],
  durationMs: number,
  streamCount: number,
): Promise<number> {
  const kept = keptRanges(breaks, durationMs);
  const expectedMs = totalMs(kept);
  const list = tempBeside(file, 'cut-list').replace(/\.[^.]+$/, '.txt');
  const temp = tempBeside(file, 'cut');
  try {
    await fs.writeFile(list, cutList(file, kept));
    const exit = await runProgram(ctx.bins.ffmpeg, buildConcatArgs(list, temp, ctx.recording.container), {
      timeoutMs: 3_600_000,
      signal: ctx.signal,
      background: true,
    });
    if (exit.code !== 0) {
      throw new StepError(
        `cutting the breaks failed: ${describeExit('ffmpeg', exit, 3_600_000)}`,
        exit.output,
      );
    }
    const result = await probeFacts(ctx.bins, temp).catch(() => null);
    // Stream copy cuts at keyframes: allow a couple of seconds per cut, and 2 % overall.
    const floorMs = 2_000 * (kept.length + 1);
    if (
      !result ||
      result.streams.length < streamCount ||
      !durationMatches(result.durationMs, expectedMs, 0.02, floorMs)
    ) {
      throw new StepError(
        `the cut file is ${result ? `${(result.durationMs / 1000).toFixed(1)} s` : 'unreadable'}, expected ${(expectedMs / 1000).toFixed(1)} s; the original is kept`,
        exit.output,
      );
    }
    await fs.rename(temp, file);
    return durationMs - result.durationMs;
  } finally {
    await fs.rm(list, { force: true }).catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Chapters at breaks and gap boundaries, written by a stream copy into a verified temporary file. */
async function writeChapters(
  ctx: StepContext,
  file: string,
  breaks: readonly Break[],
  gapsAt: readonly number[],
  durationMs: number,
): Promise<number> {
  const chapters = chaptersFor(breaks, gapsAt, durationMs);
  if (chapters.length < 2) return 0;
  const meta = tempBeside(file, 'chapters').replace(/\.[^.]+$/, '.txt');
  const temp = tempBeside(file, 'chapters');
  try {
    await fs.writeFile(meta, ffmetadata(chapters));
    const exit = await runProgram(
      ctx.bins.ffmpeg,
      buildChapterArgs(file, meta, temp, ctx.recording.container),
      {
        timeoutMs: 3_600_000,
        signal: ctx.signal,
        background: true,
      },
    );
    if (exit.code !== 0) {
      throw new StepError(`writing chapters failed: ${describeExit('ffmpeg', exit, 3_600_000)}`, exit.output);
    }
    const result = await probeFacts(ctx.bins, temp).catch(() => null);
    if (!result || !durationMatches(result.durationMs, durationMs, 0.01, 1_000)) {
      throw new StepError(
        'the file with chapters did not match the original; the original is kept',
        exit.output,
      );
    }
    await fs.rename(temp, file);
    return chapters.length;
  } finally {
    await fs.rm(meta, { force: true }).catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** `<name><suffix>` beside the recording, written atomically. */
async function writeBeside(file: string, suffix: string, text: string): Promise<string> {
  const target = path.join(path.dirname(file), `${path.basename(file, path.extname(file))}${suffix}`);
  const temp = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, target);
  return target;
}
