// Runs the built `tapedeck` binary as a real child process: `serve` as a long-running host whose
// first stdout line is its URL, every other command as a one-shot execFile with an argument array.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../../bin/tapedeck');

/** The environment every child gets: a pinned ffmpeg and no data folder inherited from the caller. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FFMPEG_BIN: process.env.FFMPEG_BIN ?? '/usr/bin/ffmpeg' };
  delete env.TAPEDECK_DATA_DIR;
  return { ...env, ...extra };
}

export function tempDataDir(prefix = 'tapedeck-cli-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Passed as the global `--data-dir` (before the subcommand); omit to rely on `env`. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** The working directory (relative paths on the command line are taken from it). */
  cwd?: string;
}

/** Runs `tapedeck [--data-dir D] ...args`; never rejects on a non-zero exit, only on a spawn failure. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const argv = [BIN, ...(options.dataDir ? ['--data-dir', options.dataDir] : []), ...args];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      argv,
      {
        env: childEnv(options.env),
        ...(options.cwd ? { cwd: options.cwd } : {}),
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 8 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`tapedeck ${args.join(' ')} did not run: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs a command that must succeed and parses its stdout as JSON. */
export async function runCliJson<T = unknown>(args: readonly string[], options: CliOptions = {}): Promise<T> {
  const result = await runCli(args, options);
  if (result.code !== 0) {
    throw new Error(`tapedeck ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`);
  }
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`tapedeck ${args.join(' ')} did not print JSON:\n${result.stdout}`);
  }
}

export interface ServeProcess {
  /** The whole first stdout line, e.g. http://127.0.0.1:PORT/#token=XYZ */
  firstLine: string;
  /** The URL without its fragment, e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  token: string;
  dataDir: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGTERM, then wait for the exit (SIGKILL after killAfterMs as a last resort). */
  stop(killAfterMs?: number): Promise<number | string>;
}

/** Starts `tapedeck serve --data-dir D --port 0` and resolves once its first stdout line arrived. */
export function startServe(dataDir: string, timeoutMs = 20_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0'], {
    env: childEnv(),
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return new Promise((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not print its URL within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    // One listener for the whole life of the process: it also keeps the pipe drained.
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (started || newline < 0) return;
      started = true;
      clearTimeout(timer);
      const firstLine = stdout.slice(0, newline).trim();
      const hash = firstLine.indexOf('#');
      const baseUrl = (hash < 0 ? firstLine : firstLine.slice(0, hash)).replace(/\/$/, '');
      const token = /#token=([^&\s]+)/.exec(firstLine)?.[1] ?? '';
      resolve({
        firstLine,
        baseUrl,
        token,
        dataDir,
        child,
        stderr: () => stderr,
        exited,
        stop: async (killAfterMs = 20_000) => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
            const result = await exited;
            clearTimeout(killer);
            return result;
          }
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`serve exited with ${code} before printing its URL: ${stderr}`));
    });
  });
}

/** POSTs to the instance's HTTP contract; `token` null sends no Authorization header at all. */
export async function apiCall(
  baseUrl: string,
  name: string,
  input: unknown,
  token: string | null,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}/api/call/${name}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(input ?? {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body };
}

/**
 * Runs `tapedeck ...args` whose stdout and stderr readers are gone before it writes anything (what
 * `tapedeck list 2>&1 | true` does). Resolves with the exit code, or 'hung' (after a SIGKILL) when
 * it has not exited within timeoutMs.
 */
export function runCliWithClosedOutput(
  args: readonly string[],
  options: CliOptions = {},
  timeoutMs = 5_000,
): Promise<number | string> {
  const argv = [BIN, ...(options.dataDir ? ['--data-dir', options.dataDir] : []), ...args];
  const child = spawn(process.execPath, argv, {
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  child.stderr.destroy();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('hung');
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal ?? 'unknown');
    });
  });
}
