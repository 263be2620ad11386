// The user's post-processing command: a program and its arguments (the postProcessCommand setting),
// with {placeholders} filled in per argument and the same facts in TAPEDECK_* environment variables.
// Never a shell: a title such as `$(rm -rf ~)` reaches the program as the text it is.
import type { Recording } from '../../../../src-shared/domain';
import { describeExit, runProgram } from './run-program';
import { recordingFile, StepError, type StepContext, type StepOutcome } from './step';

export const HOOK_PLACEHOLDERS = [
  'path',
  'id',
  'title',
  'channel',
  'start',
  'end',
  'durationMs',
  'container',
  'edl',
] as const;
export type HookPlaceholder = (typeof HOOK_PLACEHOLDERS)[number];

/** The facts a hook gets, by placeholder name. */
export function hookFacts(
  recording: Recording,
  file: string,
  edlPath: string | null,
): Record<HookPlaceholder, string> {
  return {
    path: file,
    id: String(recording.id),
    title: recording.title,
    channel: recording.channelName ?? '',
    start: new Date(recording.actualStartAt ?? recording.startAt).toISOString(),
    end: new Date(recording.actualEndAt ?? recording.endAt).toISOString(),
    durationMs: String(recording.durationMs ?? 0),
    container: recording.container,
    edl: edlPath ?? '',
  };
}

/** Fills `{name}` in each argument; unknown names stay as written. */
export function expandArgs(argv: readonly string[], facts: Record<HookPlaceholder, string>): string[] {
  return argv.map((arg) =>
    arg.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(facts, name) ? facts[name as HookPlaceholder] : whole,
    ),
  );
}

/** TAPEDECK_PATH, TAPEDECK_ID, TAPEDECK_TITLE, ... TAPEDECK_DURATION_MS. */
export function hookEnv(facts: Record<HookPlaceholder, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(facts).map(([name, value]) => [
      `TAPEDECK_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
      value,
    ]),
  );
}

export async function hookStep(ctx: StepContext, edlPath: string | null): Promise<StepOutcome> {
  const argv = ctx.settings.postProcessCommand;
  if (!argv || argv.length === 0) return { state: 'skipped', note: 'no post-processing command is set' };
  const file = await recordingFile(ctx.recording);
  const facts = hookFacts(ctx.recording, file, edlPath);
  const [program, ...args] = expandArgs(argv, facts);
  const timeoutMs = ctx.settings.postProcessTimeoutSec * 1000;
  const exit = await runProgram(program!, args, {
    timeoutMs,
    signal: ctx.signal,
    env: { ...process.env, ...hookEnv(facts) },
  });
  if (exit.code !== 0) {
    throw new StepError(
      describeExit(`the post-processing command (${program})`, exit, timeoutMs),
      exit.output,
    );
  }
  return {
    state: 'done',
    note: `the post-processing command (${program}) exited with status 0`,
    outputTail: exit.output || null,
    result: { program, exitCode: 0 },
  };
}
