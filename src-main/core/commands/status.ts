// status.get: version, folders, what is recording now, the next recording, and the ffmpeg in use.
import type { CommandResult } from '../../../src-shared/contract';
import { windowOf } from '../../../src-shared/domain';
import { VERSION } from '../version';
import type { CommandContext } from './context';
import type { CommandHandlers } from './handlers';

export function statusHandlers(ctx: CommandContext): CommandHandlers<'status.get'> {
  return { 'status.get': () => status(ctx) };
}

async function status(ctx: CommandContext): Promise<CommandResult<'status.get'>> {
  const next = ctx.recordings
    .list({ status: 'scheduled' })
    .sort((a, b) => windowOf(a).start - windowOf(b).start)[0];
  let ffmpeg: { path: string; version: string | null; origin: string } | null;
  try {
    const bins = ctx.ffmpeg();
    ffmpeg = { path: bins.ffmpeg, version: await ctx.ffmpegVersion(bins.ffmpeg), origin: bins.origin };
  } catch {
    ffmpeg = null;
  }
  return {
    version: VERSION,
    dataDir: ctx.dataDir,
    recordingsDir: ctx.recordingsDir(),
    recordingNow: ctx.recorder.activeIds().length,
    next: next ? { id: next.id, title: next.title, startAt: windowOf(next).start } : null,
    ffmpeg,
  };
}
