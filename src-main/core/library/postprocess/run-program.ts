// Runs one post-processing program (ffmpeg, comskip, the user's hook) with an argument array (never a
// shell), a timeout, an abort signal (shutdown) and a lower CPU priority: recordings come first. Keeps
// the tail of what it printed, for the job's row and event.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { tail } from './job-store';

export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed for taking longer than its timeout. */
  timedOut: boolean;
  /** Killed because the app is shutting down. */
  aborted: boolean;
  /** stdout and stderr interleaved as they came, last 4 KiB. */
  output: string;
}

export interface ProgramOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run at a lower priority (nice 10): a transcode must not slow the captures down. */
  background?: boolean;
}

export function runProgram(
  command: string,
  args: readonly string[],
  options: ProgramOptions,
): Promise<ProgramExit> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let aborted = false;
    const append = (chunk: Buffer | string) => {
      output = tail(output + chunk.toString());
    };
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      windowsHide: true,
      // Its own process group, so a timeout stops what it started too (a hook script's `sleep` would
      // otherwise hold the output pipes open, and the job, long after the script was killed).
      detached: process.platform !== 'win32',
    });
    if (options.background && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // Not permitted here: it runs at normal priority, which is only slower for the captures.
      }
    }
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const signalAll = (sig: NodeJS.Signals) => {
      try {
        if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        child.kill(sig); // the group is gone already: the child alone, if it is still there
      }
    };
    let hard: NodeJS.Timeout | null = null;
    const kill = () => {
      signalAll('SIGTERM');
      hard = setTimeout(() => signalAll('SIGKILL'), 5_000);
      hard.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      kill();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (hard) clearTimeout(hard);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, timedOut, aborted, output: output.trim() });
    };
    child.on('error', (error) => {
      append(`\n${error.message}`);
      settle(null, null);
    });
    child.on('close', settle);
  });
}

/** A one-line account of how a program ended. */
export function describeExit(name: string, exit: ProgramExit, timeoutMs: number): string {
  if (exit.aborted) return `${name} was stopped (the app is shutting down)`;
  if (exit.timedOut) return `${name} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`;
  if (exit.code === null && exit.signal === null) {
    const last = exit.output.split('\n').at(-1) ?? '';
    return `${name} could not be started: ${last}`;
  }
  if (exit.signal) return `${name} was killed by ${exit.signal}`;
  const last = exit.output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  return `${name} exited with status ${exit.code}${last ? `: ${last.slice(0, 300)}` : ''}`;
}
