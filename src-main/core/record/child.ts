// Spawns ffmpeg-like children with argument arrays and stops them gracefully: `q` on stdin, then
// SIGTERM, then SIGKILL. Every child is tracked so none is left behind on shutdown.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines ffmpeg wrote to stderr: the readable reason when it fails. */
  stderrTail: string;
}

export interface RunningChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly exited: Promise<ChildExit>;
  stop(graceMs?: number): Promise<ChildExit>;
}

const live = new Set<RunningChild>();

export function spawnChild(command: string, args: readonly string[]): RunningChild {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-4000);
  });
  // A child that died before reading stdin would otherwise raise EPIPE as an uncaught error.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<ChildExit>((resolve) => {
    let settled = false;
    const settle = (exit: ChildExit) => {
      if (settled) return;
      settled = true;
      live.delete(handle);
      resolve(exit);
    };
    child.on('error', (error) =>
      settle({ code: null, signal: null, stderrTail: `${stderrTail}\n${error.message}`.trim() }),
    );
    child.on('close', (code, signal) => settle({ code, signal, stderrTail: stderrTail.trim() }));
  });
  const handle: RunningChild = {
    process: child,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      // 'q' lets ffmpeg flush and close the output cleanly (the last MPEG-TS packets are written).
      if (child.stdin.writable) child.stdin.write('q');
      const term = setTimeout(() => child.kill('SIGTERM'), graceMs);
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs * 2);
      try {
        return await exited;
      } finally {
        clearTimeout(term);
        clearTimeout(kill);
      }
    },
  };
  live.add(handle);
  return handle;
}

/** Stops every tracked child (used at shutdown). */
export async function stopAllChildren(graceMs = 5_000): Promise<void> {
  await Promise.all([...live].map((child) => child.stop(graceMs)));
}

export function liveChildCount(): number {
  return live.size;
}

/** Runs a child to completion, for short jobs (probe, remux, join). */
export async function runChild(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<ChildExit & { stdout: string }> {
  const child = spawnChild(command, args);
  child.process.stdin.end();
  let stdout = '';
  child.process.stdout.setEncoding('utf8');
  child.process.stdout.on('data', (text: string) => {
    if (stdout.length < 4 * 1024 * 1024) stdout += text;
  });
  const timer = options.timeoutMs ? setTimeout(() => child.process.kill('SIGKILL'), options.timeoutMs) : null;
  try {
    const exit = await child.exited;
    return { ...exit, stdout };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
