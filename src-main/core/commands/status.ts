// status.get: version, folders, what is recording now, what comes next, the ffmpeg in use, the recordings
// disk (how many days it lasts at the rate planned), and recent problems. The desktop's tray asks after
// every recording event, so everything here is a few small queries.
import { promises as fs } from 'node:fs';
import type { CommandResult } from '../../../src-shared/contract';
import { windowOf, type DiskStatus, type Recording, type StatusSummary } from '../../../src-shared/domain';
import { DEFAULT_BITRATE } from '../recordings/store';
import { VERSION } from '../version';
import type { CommandContext } from './context';
import type { CommandHandlers } from './handlers';

const DAY_MS = 24 * 3600_000;
/** How far ahead the disk's rate of use is taken from. */
const RATE_DAYS = 7;
const PROBLEM_DAYS = 7;
/** A completed recording with less than this share of its window captured is a problem worth showing. */
const WHOLE_SHARE = 0.99;

export function statusHandlers(ctx: CommandContext): CommandHandlers<'status.get'> {
  return { 'status.get': () => status(ctx) };
}

async function status(ctx: CommandContext): Promise<CommandResult<'status.get'>> {
  const now = ctx.clock.now();
  const active = ctx.recordings.list({ status: ['scheduled', 'recording'] });
  const scheduled = active
    .filter((r) => r.status === 'scheduled')
    .sort((a, b) => windowOf(a).start - windowOf(b).start || a.id - b.id);
  const next = scheduled[0];
  let ffmpeg: StatusSummary['ffmpeg'];
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
    disk: await disk(ctx, active, now),
    nextUp: scheduled.slice(0, 3).map((r) => ({
      id: r.id,
      title: r.title,
      channelName: r.channelName,
      startAt: r.startAt,
    })),
    recentProblems: recentProblems(ctx, now),
  };
}

async function disk(
  ctx: CommandContext,
  active: readonly Recording[],
  now: number,
): Promise<DiskStatus | null> {
  const dir = ctx.recordingsDir();
  let freeBytes: number;
  let totalBytes: number;
  try {
    const stat = await fs.statfs(dir);
    totalBytes = stat.blocks * stat.bsize;
    freeBytes = await ctx.freeBytes(dir);
  } catch {
    return null;
  }
  // What the next 7 days of recordings will write: each window's part in those days (the rest of a
  // running one) at its channel's learned bitrate.
  const horizon = now + RATE_DAYS * DAY_MS;
  const bitrates = new Map<string, number>();
  let planned = 0;
  for (const r of active) {
    const window = windowOf(r);
    const ms = Math.min(window.end, horizon) - Math.max(window.start, now);
    if (ms <= 0) continue;
    const key = r.channelId !== null ? `c${r.channelId}` : `u${r.url ?? ''}`;
    let bitrate = bitrates.get(key);
    if (bitrate === undefined) {
      bitrate = ctx.recordings.learnedBitrate(r) ?? DEFAULT_BITRATE;
      bitrates.set(key, bitrate);
    }
    planned += (ms / 1000) * (bitrate / 8);
  }
  const reserve = ctx.settings.all().diskReserveMiB * 1024 * 1024;
  const perDay = planned / RATE_DAYS;
  return {
    freeBytes,
    totalBytes,
    recordingsBytes: ctx.recordings.finishedBytes(),
    daysLeft: perDay > 0 ? Math.round((10 * Math.max(0, freeBytes - reserve)) / perDay) / 10 : null,
  };
}

function recentProblems(ctx: CommandContext, now: number): StatusSummary['recentProblems'] {
  const problems: StatusSummary['recentProblems'] = [];
  for (const r of ctx.recordings.endedSince(now - PROBLEM_DAYS * DAY_MS)) {
    const at = r.actualEndAt ?? r.updatedAt;
    if (r.status === 'failed') {
      problems.push({ id: r.id, title: r.title, status: r.status, error: r.error, at });
      continue;
    }
    if (r.capturedMs === null || r.capturedMs >= r.expectedMs * WHOLE_SHARE) continue;
    const share = Math.floor((1000 * r.capturedMs) / Math.max(1, r.expectedMs)) / 10;
    // A recording that stopped for space has its reason; one with gaps gets the share it captured.
    const error = r.error ?? `captured ${share} % of its window${r.gaps.length ? ` (${gapsText(r)})` : ''}`;
    problems.push({ id: r.id, title: r.title, status: r.status, error, at });
  }
  return problems.sort((a, b) => b.at - a.at || b.id - a.id).slice(0, 5);
}

function gapsText(r: Recording): string {
  return r.gaps.length === 1 ? '1 gap' : `${r.gaps.length} gaps`;
}
