// An error nothing handled must stop `tapedeck serve` (non-zero exit, the stack on stderr), not leave
// it running in a state nobody knows; the next start takes the data folder over and carries on.
// The bug is injected by a preload script that throws from a SIGUSR2 listener.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiCall, BIN, startServe, tempDataDir, type ServeProcess } from '../support/cli-runner';

const dataDir = tempDataDir('tapedeck-crash-');
const preload = path.join(dataDir, 'inject-bug.cjs');
let restarted: ServeProcess | null = null;

afterAll(async () => {
  await restarted?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('tapedeck serve and an unhandled error', () => {
  it('exits non-zero with the error on stderr, and starts again on the same data folder', async () => {
    writeFileSync(preload, "process.on('SIGUSR2', () => { throw new Error('injected bug (test)'); });\n");
    const child = spawn(
      process.execPath,
      ['--require', preload, BIN, 'serve', '--data-dir', dataDir, '--port', '0'],
      {
        env: { ...process.env, FFMPEG_BIN: process.env.FFMPEG_BIN ?? '/usr/bin/ffmpeg' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      void exited.then((code) => reject(new Error(`serve exited with ${code} before starting: ${stderr}`)));
    });
    // `serve` has started once it says so on stderr (after installing whatever handlers it installs).
    await new Promise<void>((resolve) => {
      const check = () => (stderr.includes('Ctrl-C stops it') ? resolve() : child.stderr.once('data', check));
      check();
    });
    child.kill('SIGUSR2');
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 10_000));
    const outcome = await Promise.race([exited, timeout]);
    if (outcome === 'still running') child.kill('SIGKILL');
    expect(outcome, stderr).not.toBe('still running');
    expect(outcome).not.toBe(0);
    expect(stderr).toContain('injected bug (test)');
    expect(stderr).not.toContain('kept running');

    restarted = await startServe(dataDir);
    const list = await apiCall(restarted.baseUrl, 'recordings.list', {}, restarted.token);
    expect(list.status).toBe(200);
  }, 60_000);
});
