// The recordings.* commands: list and inspect, schedule, stop, cancel, retry, start now, delete. Which
// status may follow which is status.ts's business; these check what the user asked for and explain a refusal.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MAX_SCHEDULE_AHEAD_MS, TapedeckError, type CommandName } from '../../../src-shared/contract';
import { windowOf, type Recording } from '../../../src-shared/domain';
import type { CommandHandlers } from './handlers';
import { segmentDir } from '../library/naming';
import { sidecarFiles } from '../library/sidecar-paths';
import { channelById } from '../sources/channel-store';
import type { CommandContext } from './context';

const MAX_RECORDING_MS = 24 * 3600 * 1000;

export type RecordingCommandName = Exclude<
  Extract<CommandName, `recordings.${string}`>,
  // Answered elsewhere: edit by rules.ts, protect and watched by library-space.ts, breaks and upload by
  // library-process.ts.
  'recordings.edit' | 'recordings.protect' | 'recordings.watched' | 'recordings.breaks' | 'recordings.upload'
>;

export function recordingHandlers(ctx: CommandContext): CommandHandlers<RecordingCommandName> {
  return {
    'recordings.list': (input) => ctx.recordings.list(input.status ? { status: input.status } : {}),
    'recordings.get': (input) => ctx.recordings.get(input.id),
    'recordings.events': (input) => {
      ctx.recordings.get(input.id);
      return ctx.recordings.events(input.id);
    },
    'recordings.schedule': async (input) => {
      const now = ctx.clock.now();
      if (input.durationMs !== undefined && input.durationMs <= 0) {
        throw new TapedeckError('invalid_input', 'the duration must be more than zero');
      }
      const end = input.end ?? input.start + (input.durationMs ?? 0);
      if (end <= input.start) throw new TapedeckError('invalid_input', 'the end must be after the start');
      if (end - input.start > MAX_RECORDING_MS) {
        throw new TapedeckError('invalid_input', 'a recording cannot be longer than 24 hours');
      }
      if (input.start - now > MAX_SCHEDULE_AHEAD_MS) {
        throw new TapedeckError('invalid_input', 'the start is more than a year away');
      }
      const padBeforeMs = input.padBeforeMs ?? 0;
      const padAfterMs = input.padAfterMs ?? 0;
      if (end + padAfterMs <= input.start - padBeforeMs) {
        throw new TapedeckError('invalid_input', 'the padding leaves nothing of the window to record');
      }
      if (end + padAfterMs <= now) {
        throw new TapedeckError('invalid_input', 'the recording window has already ended');
      }
      const channel = input.channelId !== undefined ? channelById(ctx.db, input.channelId) : null;
      const title =
        input.title ??
        `${channel ? channel.name : new URL(input.url!).hostname} ${new Date(input.start).toISOString().slice(0, 16)}`;
      const recording = ctx.recordings.create(
        {
          title,
          channelId: channel?.id ?? null,
          url: channel ? null : input.url!,
          startAt: input.start,
          endAt: end,
          padBeforeMs,
          padAfterMs,
          container: input.container ?? ctx.settings.all().container,
        },
        'scheduled by the user',
      );
      // A window that is already open starts at once rather than at the next reconcile.
      if (windowOf(recording).start <= now) await ctx.scheduler.reconcile();
      return ctx.recordings.get(recording.id);
    },
    'recordings.stop': async (input) => {
      const recording = ctx.recordings.get(input.id);
      if (recording.status !== 'recording') {
        throw new TapedeckError('conflict', `recording ${input.id} is ${recording.status}, not recording`);
      }
      if (ctx.recorder.isActive(input.id)) return ctx.recorder.end(input.id, 'stop');
      return ctx.recorder.finalize(input.id, 'stopped by the user');
    },
    'recordings.cancel': async (input) => {
      const recording = ctx.recordings.get(input.id);
      if (recording.status === 'scheduled') {
        rememberCancelled(ctx, recording);
        return ctx.recordings.transition(input.id, 'cancelled', 'cancelled by the user');
      }
      if (recording.status === 'recording' && ctx.recorder.isActive(input.id)) {
        return ctx.recorder.end(input.id, 'cancel');
      }
      throw new TapedeckError(
        'conflict',
        `recording ${input.id} is ${recording.status}; only scheduled or recording ones can be cancelled`,
      );
    },
    'recordings.retry': async (input) => {
      // A failure being written right now must be finished before the retry starts a new capture.
      await ctx.recorder.idle(input.id);
      const recording = ctx.recordings.get(input.id);
      if (recording.status !== 'failed') {
        throw new TapedeckError(
          'conflict',
          `recording ${input.id} is ${recording.status}; only failed recordings can be retried`,
        );
      }
      const window = windowOf(recording);
      const now = ctx.clock.now();
      if (window.end <= now) {
        throw new TapedeckError(
          'conflict',
          `recording ${input.id}'s window has passed; schedule a new recording instead`,
        );
      }
      if (window.start > now)
        return ctx.recordings.transition(input.id, 'scheduled', 'retry requested by the user', {
          error: null,
        });
      return ctx.recorder.begin(recording, 'retry requested by the user');
    },
    'recordings.startNow': async (input) => {
      await ctx.recorder.idle(input.id);
      const recording = ctx.recordings.get(input.id);
      if (recording.status !== 'scheduled' && recording.status !== 'failed') {
        throw new TapedeckError(
          'conflict',
          `recording ${input.id} is ${recording.status}; it cannot start now`,
        );
      }
      return startNow(ctx, recording, 'start-now requested by the user');
    },
    'recordings.delete': async (input) => {
      const recording = ctx.recordings.get(input.id);
      if (recording.status === 'scheduled') rememberCancelled(ctx, recording);
      if (recording.status === 'recording') {
        throw new TapedeckError('conflict', `recording ${input.id} is in progress; stop or cancel it first`);
      }
      const deletedFiles: string[] = [];
      if (!input.keepFile) {
        // The sidecars Tapedeck wrote go with it (tvshow.nfo, the show's, stays). Beside an imported file
        // outside the recordings folder Tapedeck wrote none: files named like them there are the user's.
        const output = recording.outputPath;
        const relative = output ? path.relative(ctx.recordingsDir(), output) : '..';
        const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
        const sidecars = output && inside ? sidecarFiles(output) : [];
        for (const file of [recording.outputPath, ...recording.segments.map((s) => s.path), ...sidecars]) {
          if (
            file &&
            (await fs.rm(file).then(
              () => true,
              () => false,
            ))
          )
            deletedFiles.push(file);
        }
        await fs.rm(segmentDir(ctx.recordingsDir(), recording.id), { recursive: true, force: true });
      }
      ctx.recordings.delete(
        input.id,
        input.keepFile ? 'deleted by the user; file kept' : 'deleted by the user with its files',
      );
      return { id: input.id, deletedFiles };
    },
  };
}

/**
 * An upcoming recording a rule made, cancelled or deleted by the user, stays cancelled through every
 * re-evaluation (the rule would otherwise schedule it again): a skip "cancelled by you", restorable.
 */
function rememberCancelled(ctx: CommandContext, recording: Recording): void {
  if (recording.ruleId !== null && recording.airingKey !== null) {
    ctx.ruleStore.setOverride(recording.ruleId, recording.airingKey, 'skip', ctx.clock.now());
  }
}

async function startNow(ctx: CommandContext, recording: Recording, reason: string): Promise<Recording> {
  const now = ctx.clock.now();
  const window = windowOf(recording);
  if (window.end <= now) {
    throw new TapedeckError(
      'conflict',
      `recording ${recording.id}'s window ended at ${new Date(window.end).toISOString()}`,
    );
  }
  let current = recording;
  if (window.start > now) {
    // Starting early: the recording now begins now, so its expected length is honest.
    current = ctx.recordings.update(
      recording.id,
      { startAt: now, padBeforeMs: 0 },
      `${reason}: start moved to now`,
    );
  }
  return ctx.recorder.begin(current, reason, { startedNow: current !== recording });
}
