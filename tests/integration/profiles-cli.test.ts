// `tapedeck profile|jobs|storage` as a user runs them: the built binary against a real `tapedeck serve`,
// human lines and --json, clear refusals, and the S3 secret read from standard input only.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Profile, StorageView } from '../../src-shared/contract-library-process';
import { BIN, runCli, runCliJson, startServe, tempDataDir, type ServeProcess } from '../support/cli-runner';

let dataDir: string;
let serve: ServeProcess;

beforeAll(async () => {
  dataDir = tempDataDir();
  serve = await startServe(dataDir);
}, 30_000);
afterAll(async () => {
  await serve?.stop();
});

const cli = (...args: string[]) => runCli(args, { dataDir });
const json = <T>(...args: string[]) => runCliJson<T>([...args, '--json'], { dataDir });

/** Runs the CLI with `input` on standard input. */
function withStdin(args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--data-dir', dataDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('tapedeck profile', () => {
  it('add, list, edit and remove, in lines and in JSON', async () => {
    expect((await cli('profile', 'list')).stdout).toBe('no profiles (recordings are stream copies)\n');
    const added = await json<Profile>('profile', 'add', 'Small', '--crf', '28', '--max-height', '720');
    expect(added).toMatchObject({ name: 'Small', kind: 'transcode', when: 'after', crf: 28, maxHeight: 720 });
    const radio = await cli(
      'profile',
      'add',
      'Radio',
      '--kind',
      'audio',
      '--when',
      'capture',
      '--audio-kbps',
      '96',
    );
    expect(radio.stdout).toMatch(/^added #\d+ Radio: audio only, AAC 96 kbit\/s, while capturing\n$/);
    const lines = (await cli('profile', 'list')).stdout.trim().split('\n');
    expect(lines).toEqual([
      `#${added.id} Small: H.264 (x264 veryfast, CRF 28, at most 720 lines, deinterlace auto) + AAC 128 kbit/s, after capture`,
      expect.stringMatching(/Radio: audio only/),
    ]);
    const edited = await json<Profile>(
      'profile',
      'edit',
      String(added.id),
      '--name',
      'Smaller',
      '--max-height',
      'none',
    );
    expect(edited).toMatchObject({ id: added.id, name: 'Smaller', maxHeight: null, crf: 28 });
    expect(await json<{ id: number }>('profile', 'remove', String(added.id))).toEqual({ id: added.id });
    expect((await json<Profile[]>('profile', 'list')).map((p) => p.name)).toEqual(['Radio']);
  });

  it('refuses bad input with one clear line and a non-zero exit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['profile', 'add', 'X', '--crf', '80'], /--crf must be between 0 and 51/],
      [
        ['profile', 'add', 'X', '--kind', 'mp3'],
        /'mp3' is invalid. Allowed choices are copy, transcode, audio/,
      ],
      [['profile', 'add', 'Radio'], /Radio/],
      [['profile', 'edit', '99'], /nothing to change/],
      [['profile', 'edit', '99', '--crf', '20'], /99/],
      [['profile', 'remove', 'abc'], /"abc" is not a valid profile id/],
      [['profile', 'assign', 'channel', '1', '2'], /recording, rule or source/],
      [['jobs', 'run', '1', 'polish'], /"polish" is not a step/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('lists the encoders; jobs list is empty on a new instance', async () => {
    expect((await cli('profile', 'encoders')).stdout).toMatch(/^software \(libx264\)\n/);
    expect(await json<Job[]>('jobs', 'list')).toEqual([]);
    expect((await cli('jobs', 'list', '--state', 'failed')).stdout).toBe('no jobs\n');
  });
});

describe('tapedeck storage', () => {
  it('takes the S3 secret on standard input and never shows it', async () => {
    const settings = JSON.stringify({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      bucket: 'tv-archive',
      prefix: 'tv/',
      accessKeyId: 'AKIDEXAMPLE',
      forcePathStyle: true,
      keepLocal: true,
      maxAttempts: 3,
    });
    expect((await cli('settings', 'set', 's3', settings)).code).toBe(0);
    const stored = await withStdin(['storage', 's3-secret'], 'wJalrXUtnFEMI-very-secret\n');
    expect(stored).toMatchObject({ code: 0, stdout: 'S3 secret stored\n' });
    const view = await json<StorageView>('storage', 'show');
    expect(view.s3.secretSet).toBe(true);
    const human = (await cli('storage', 'show')).stdout;
    expect(human).toContain(
      'S3 upload: s3://tv-archive/tv/ at http://127.0.0.1:9, key id AKIDEXAMPLE, secret stored',
    );
    expect(human + JSON.stringify(view)).not.toContain('very-secret');
    // Nothing listens on port 9: the check says so.
    const test = await cli('storage', 'test-s3');
    expect(test.code).not.toBe(0);
    expect(test.stderr).toMatch(/bucket tv-archive does not answer/);
    expect((await withStdin(['storage', 's3-secret'], '')).stdout).toBe('S3 secret removed\n');
  });
});
