// The user's post-processing command: a real script run with an argument array (placeholders filled
// per argument, never a shell: a hostile title arrives as text) and TAPEDECK_* environment; its exit
// status and output tail land in the job and the recording's event log; a timeout stops it and what it
// started.
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { finishedRecording, jobsSettled, lavfiClip } from '../support/finished-recording';
import { openTempDvr, tempDir } from '../support/temp-dvr';

let dvr: Dvr;
let cleanup: () => Promise<void>;
const work = tempDir('tapedeck-hook-');
let clip: string;

function script(name: string, body: string): string {
  const file = path.join(work, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function eventLog(id: number): Promise<string> {
  return (await dvr.call('recordings.events', { id })).map((e) => e.reason).join('\n');
}

beforeAll(async () => {
  ({ dvr, cleanup } = await openTempDvr());
  clip = await lavfiClip(path.join(work, 'clip.ts'), 1);
}, 60_000);

afterAll(async () => {
  await cleanup?.();
});

describe('post-processing hook', () => {
  it('gets the file and metadata as arguments and environment, never through a shell', async () => {
    const out = path.join(work, 'seen.json');
    const hook = script(
      'record-args.sh',
      [
        `out='${out}'`,
        // One argument per line, then the environment Tapedeck set.
        'for a in "$@"; do printf "%s\\n" "$a"; done > "$out.args"',
        'env | grep ^TAPEDECK_ | sort > "$out.env"',
        'echo "hook saw $# arguments"',
      ].join('\n'),
    );
    // Were it run by a shell, the title would create this file in the hook's working folder.
    const pwned = path.join(process.cwd(), 'tapedeck-pwned');
    const title = 'News $(touch tapedeck-pwned); echo "quoted" `touch tapedeck-pwned`';
    dvr.settings.set('postProcessCommand', [hook, '{path}', '--title={title}', '{id}', '{unknown}']);
    try {
      const recording = await finishedRecording(dvr, clip, { title });
      const [job] = await jobsSettled(dvr, recording.id);
      expect(job).toMatchObject({ step: 'hook', state: 'done', error: null });
      expect(job!.outputTail).toBe('hook saw 4 arguments');
      expect(readFileSync(`${out}.args`, 'utf8').split('\n').slice(0, 4)).toEqual([
        recording.outputPath,
        `--title=${title}`,
        String(recording.id),
        '{unknown}',
      ]);
      expect(existsSync(pwned)).toBe(false);
      const env = readFileSync(`${out}.env`, 'utf8');
      expect(env).toContain(`TAPEDECK_PATH=${recording.outputPath}\n`);
      expect(env).toContain(`TAPEDECK_ID=${recording.id}\n`);
      expect(env).toContain(`TAPEDECK_TITLE=${title}\n`);
      expect(env).toContain('TAPEDECK_CONTAINER=ts\n');
      expect(env).toMatch(/^TAPEDECK_DURATION_MS=\d+$/m);
      expect(await eventLog(recording.id)).toMatch(
        /post-processing: the post-processing command \(.*record-args\.sh\) exited with status 0/,
      );
    } finally {
      dvr.settings.clear('postProcessCommand');
    }
  });

  it('a failing hook: its status and the tail of its output go to the event log', async () => {
    const hook = script(
      'fails.sh',
      [
        'i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i+1)); done',
        'echo "upload refused" >&2',
        'exit 3',
      ].join('\n'),
    );
    dvr.settings.set('postProcessCommand', [hook]);
    try {
      const recording = await finishedRecording(dvr, clip, { title: 'Failing hook' });
      const [job] = await jobsSettled(dvr, recording.id);
      expect(job).toMatchObject({ state: 'failed', attempts: 1 });
      expect(job!.error).toMatch(/exited with status 3: upload refused$/);
      // The tail, not the whole output: the last lines are there, the first are not.
      expect(job!.outputTail).toMatch(/line 1999\nupload refused$/);
      expect(job!.outputTail).not.toContain('line 0\n');
      expect(job!.outputTail!.length).toBeLessThanOrEqual(4096);
      expect(await eventLog(recording.id)).toMatch(
        /post-processing: hook failed: .*exited with status 3: upload refused/,
      );
      expect(dvr.store.get(recording.id).status).toBe('completed');
      expect(existsSync(recording.outputPath!)).toBe(true);
    } finally {
      dvr.settings.clear('postProcessCommand');
    }
  });

  it('a hook that takes too long is stopped, with what it started', async () => {
    // The background child would hold the output pipe open if only the script were killed.
    const hook = script('hangs.sh', ['sleep 30 &', 'echo started', 'sleep 30'].join('\n'));
    dvr.settings.set('postProcessCommand', [hook]);
    dvr.settings.set('postProcessTimeoutSec', 1);
    try {
      const recording = await finishedRecording(dvr, clip, { title: 'Slow hook' });
      const [job] = await jobsSettled(dvr, recording.id, 15_000);
      expect(job).toMatchObject({ state: 'failed', outputTail: 'started' });
      expect(job!.error).toMatch(/took longer than 1 s and was stopped/);
      expect(await eventLog(recording.id)).toMatch(/hook failed: .*took longer than 1 s/);
    } finally {
      dvr.settings.clear('postProcessCommand');
      dvr.settings.clear('postProcessTimeoutSec');
    }
  });

  it('a program that does not exist: a clear failure', async () => {
    dvr.settings.set('postProcessCommand', [path.join(work, 'nothing-here')]);
    try {
      const recording = await finishedRecording(dvr, clip, { title: 'No program' });
      const [job] = await jobsSettled(dvr, recording.id);
      expect(job!.state).toBe('failed');
      expect(job!.error).toMatch(/could not be started: .*ENOENT/);
    } finally {
      dvr.settings.clear('postProcessCommand');
    }
  });
});
