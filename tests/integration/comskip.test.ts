// Commercial detection: Debian's comskip on a generated clip with a black-framed break (EDL kept beside
// the file, chapters written into MKV, the breaks a player skips), a lossless cut verified by ffprobe,
// and comskip failing in the ways a real one can (a fake comskip script): the recording is never damaged.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { findComskip } from '../../src-main/core/library/postprocess/step-comskip';
import { BREAK_CLIP, breakClip } from '../support/break-clip';
import { finishedRecording, jobsSettled } from '../support/finished-recording';
import { openTempDvr, tempDir } from '../support/temp-dvr';
import { FFMPEG, FFPROBE, probeDuration, run } from '../support/test-media';

let dvr: Dvr;
let cleanup: () => Promise<void>;
const clips = tempDir('tapedeck-comskip-');
let clipTs: string;
let clipMkv: string;
const comskip = findComskip(null);

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function chapters(file: string): Promise<Array<{ start: number; end: number; title: string }>> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-print_format', 'json', '-show_chapters', file]);
  const json = JSON.parse(stdout) as {
    chapters: Array<{ start_time: string; end_time: string; tags?: { title?: string } }>;
  };
  return json.chapters.map((c) => ({
    start: Number(c.start_time),
    end: Number(c.end_time),
    title: c.tags?.title ?? '',
  }));
}

/** A stand-in comskip: a script that prints, maybe writes an EDL into --output, and exits. */
function fakeComskip(name: string, body: string): string {
  const file = path.join(clips, name);
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'for a in "$@"; do case "$a" in --output=*) out="${a#--output=}";; esac; done',
      'base=$(basename "$3"); stem="${base%.*}"',
      body,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

beforeAll(async () => {
  ({ dvr, cleanup } = await openTempDvr());
  clipTs = await breakClip(path.join(clips, 'break.ts'));
  clipMkv = path.join(clips, 'break.mkv');
  await run(FFMPEG, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    clipTs,
    '-map',
    '0',
    '-c',
    'copy',
    clipMkv,
  ]);
}, 120_000);

afterAll(async () => {
  await cleanup?.();
});

describe.skipIf(!comskip)('real comskip (Debian package; install comskip to run these)', () => {
  it('finds the break, keeps the EDL beside the file and writes chapters into the MKV', async () => {
    dvr.settings.set('comskipEnabled', true);
    try {
      const recording = await finishedRecording(dvr, clipMkv, { title: 'With adverts', container: 'mkv' });
      const [job] = await jobsSettled(dvr, recording.id, 120_000);
      expect(job).toMatchObject({ step: 'comskip', state: 'done', error: null });
      const { breaks, edlPath, cut, note } = await dvr.call('recordings.breaks', { id: recording.id });
      expect(note).toBeNull();
      expect(cut).toBe(false);
      expect(breaks).toHaveLength(1);
      // comskip puts the break at the black frames around the adverts (within a couple of seconds).
      expect(Math.abs(breaks[0]!.startMs / 1000 - BREAK_CLIP.breakStartSec)).toBeLessThan(2);
      expect(Math.abs(breaks[0]!.endMs / 1000 - BREAK_CLIP.breakEndSec)).toBeLessThan(2);
      expect(edlPath).toBe(path.join(path.dirname(recording.outputPath!), 'With adverts.edl'));
      expect(readFileSync(edlPath!, 'utf8')).toMatch(/^\d+\.\d+\t\d+\.\d+\t0$/m);
      // Nothing else of comskip's is left beside the recording.
      expect(readdirSync(path.dirname(recording.outputPath!)).sort()).toEqual([
        'With adverts.edl',
        'With adverts.mkv',
      ]);
      const marks = await chapters(recording.outputPath!);
      expect(marks.map((c) => c.title)).toEqual(['Programme', 'Commercial break', 'Programme']);
      expect(Math.abs(marks[1]!.start - breaks[0]!.startMs / 1000)).toBeLessThan(0.1);
      expect(Math.abs(marks[2]!.start - breaks[0]!.endMs / 1000)).toBeLessThan(0.1);
      // Still the whole recording.
      expect(Math.abs((await probeDuration(recording.outputPath!)) - BREAK_CLIP.durationSec)).toBeLessThan(1);
      const log = (await dvr.call('recordings.events', { id: recording.id })).map((e) => e.reason).join('\n');
      expect(log).toMatch(/comskip found 1 break; 3 chapters/);
    } finally {
      dvr.settings.clear('comskipEnabled');
    }
  }, 150_000);

  it('cuts the break out losslessly once ffprobe agrees, keeping the EDL under another name', async () => {
    dvr.settings.set('comskipCut', true);
    try {
      const recording = await finishedRecording(dvr, clipTs, { title: 'Cut', notify: false });
      await dvr.call('jobs.enqueue', { recordingId: recording.id, steps: ['comskip'] });
      const [job] = await jobsSettled(dvr, recording.id, 120_000);
      expect(job).toMatchObject({ state: 'done', error: null });
      const result = await dvr.call('recordings.breaks', { id: recording.id });
      expect(result.cut).toBe(true);
      expect(result.breaks).toEqual([]);
      const breakSec = BREAK_CLIP.breakEndSec - BREAK_CLIP.breakStartSec;
      expect(Math.abs(result.removedMs / 1000 - breakSec)).toBeLessThan(3);
      const after = await probeDuration(recording.outputPath!);
      expect(Math.abs(after - (BREAK_CLIP.durationSec - breakSec))).toBeLessThan(3);
      expect(dvr.store.get(recording.id).durationMs).toBe(Math.round(after * 1000));
      // The EDL described the uncut file: players must not skip by it now.
      const dir = path.dirname(recording.outputPath!);
      expect(existsSync(path.join(dir, 'Cut.edl'))).toBe(false);
      expect(result.edlPath).toBe(path.join(dir, 'Cut.original.edl'));
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    } finally {
      dvr.settings.clear('comskipCut');
    }
  }, 150_000);
});

describe('comskip failing never damages the recording', () => {
  async function failsWith(fake: string, title: string) {
    dvr.settings.set('comskipPath', fake);
    dvr.settings.set('comskipCut', true);
    try {
      const recording = await finishedRecording(dvr, clipMkv, { title, container: 'mkv', notify: false });
      const before = sha(recording.outputPath!);
      await dvr.call('jobs.enqueue', { recordingId: recording.id, steps: ['comskip'] });
      const [job] = await jobsSettled(dvr, recording.id);
      expect(job!.state).toBe('failed');
      expect(sha(recording.outputPath!)).toBe(before);
      const dir = path.dirname(recording.outputPath!);
      expect(readdirSync(dir)).toEqual([`${title}.mkv`]);
      const breaks = await dvr.call('recordings.breaks', { id: recording.id });
      expect(breaks).toMatchObject({ breaks: [], cut: false, edlPath: null });
      expect(breaks.note).toMatch(/^commercial detection failed: /);
      const log = (await dvr.call('recordings.events', { id: recording.id })).map((e) => e.reason).join('\n');
      expect(log).toMatch(/post-processing: comskip failed/);
      expect(dvr.store.get(recording.id).status).toBe('completed');
      return job!;
    } finally {
      dvr.settings.clear('comskipPath');
      dvr.settings.clear('comskipCut');
    }
  }

  it('a comskip that crashes: its status and output tail are kept', async () => {
    const fake = fakeComskip(
      'crashing-comskip',
      'echo "decoding frame 1234"; echo "Segmentation fault" >&2; exit 139',
    );
    const job = await failsWith(fake, 'Crash');
    expect(job.error).toMatch(/comskip exited with status 139: Segmentation fault and wrote no EDL/);
    expect(job.outputTail).toContain('decoding frame 1234');
  });

  it('an EDL with nothing readable in it', async () => {
    const fake = fakeComskip('garbled-comskip', 'printf "not an edl\\n" > "$out/$stem.edl"; exit 0');
    const job = await failsWith(fake, 'Garbled');
    expect(job.error).toBe('comskip wrote an EDL without a readable break');
  });

  it('a comskip that exits 0 without writing an EDL', async () => {
    const fake = fakeComskip('silent-comskip', 'exit 0');
    const job = await failsWith(fake, 'No EDL');
    expect(job.error).toMatch(/comskip exited with status 0 and wrote no EDL/);
  });

  it('a comskip that is not there: the job says so', async () => {
    const job = await failsWith(path.join(clips, 'no-such-comskip'), 'Missing');
    expect(job.error).toMatch(/comskip could not be started/);
  });
});
