// Finalizing never produces a shorter file than what was captured: joins are verified against the
// segments, damaged packets do not truncate, and a failed join keeps the segments.
import {
  copyFileSync,
  existsSync,
  openSync,
  readFileSync,
  writeSync,
  closeSync,
  statSync,
  mkdirSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { finalizeSegments, NothingCapturedError } from '../../src-main/core/record/finalize';
import type { Segment } from '../../src-shared/domain';
import { ensureTestMedia, probeDuration } from '../support/test-media';
import { tempDir } from '../support/temp-dvr';

const bins = { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', origin: 'PATH' as const };

function segment(index: number, file: string): Segment {
  return {
    index,
    path: file,
    startedAt: 0,
    endedAt: 1,
    bytes: statSync(file).size,
    mediaMs: 0,
    endReason: 'window-end',
    error: null,
  };
}

/** Overwrites stretches in the middle of a TS file with garbage, as a bad connection would. */
function damage(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  for (let at = Math.floor(size * 0.3); at < size * 0.7; at += 64 * 1024) {
    writeSync(fd, Buffer.alloc(4_000, 0x5a), 0, 4_000, at);
  }
  closeSync(fd);
}

describe('finalize', () => {
  it('renames a lone .ts segment without copying', async () => {
    const media = await ensureTestMedia({ seconds: 6 });
    const dir = tempDir();
    const file = path.join(dir, 'segment-0000.ts');
    copyFileSync(media.path, file);
    const out = path.join(dir, 'Show', 'Show (2026-01-01 20.00).ts');
    const result = await finalizeSegments(bins, [segment(0, file)], { path: out, container: 'ts' });
    expect(result.outputPath).toBe(out);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(out).equals(readFileSync(media.path))).toBe(true);
  });

  it('joins damaged segments into a file as long as their sum, in each container', async () => {
    const media = await ensureTestMedia({ seconds: 10 });
    for (const container of ['ts', 'mkv', 'mp4'] as const) {
      const dir = tempDir();
      const files = [0, 1, 2].map((i) => {
        const file = path.join(dir, `segment-000${i}.ts`);
        copyFileSync(media.path, file);
        return file;
      });
      damage(files[1]!);
      const sum = (await Promise.all(files.map(probeDuration))).reduce((a, b) => a + b, 0);
      const out = path.join(dir, 'out', `Joined.${container}`);
      const result = await finalizeSegments(
        bins,
        files.map((f, i) => segment(i, f)),
        { path: out, container },
      );
      const seconds = await probeDuration(result.outputPath);
      expect(Math.abs(seconds - sum)).toBeLessThanOrEqual(1);
      expect(Math.abs(result.capturedMs / 1000 - sum)).toBeLessThan(0.1);
      // The segments stay until the caller has recorded the result (done), so it can still be undone.
      expect(files.every((f) => existsSync(f))).toBe(true);
      await result.done();
      expect(files.every((f) => !existsSync(f))).toBe(true);
    }
  }, 60_000);

  it('keeps the segments and reports an error when the join fails', async () => {
    const media = await ensureTestMedia({ seconds: 6 });
    const dir = tempDir();
    const files = [0, 1].map((i) => {
      const file = path.join(dir, `segment-000${i}.ts`);
      copyFileSync(media.path, file);
      return file;
    });
    // an output folder that cannot be created makes the join fail
    const blocker = path.join(dir, 'blocked');
    mkdirSync(path.dirname(blocker), { recursive: true });
    copyFileSync(media.path, blocker);
    await expect(
      finalizeSegments(
        bins,
        files.map((f, i) => segment(i, f)),
        { path: path.join(blocker, 'x.mkv'), container: 'mkv' },
      ),
    ).rejects.toThrow();
    expect(files.every((f) => existsSync(f))).toBe(true);
  }, 30_000);

  it('says nothing was captured when every segment is empty or missing', async () => {
    const dir = tempDir();
    const empty = path.join(dir, 'segment-0000.ts');
    closeSync(openSync(empty, 'w'));
    await expect(
      finalizeSegments(
        bins,
        [segment(0, empty), { ...segment(0, empty), index: 1, path: path.join(dir, 'gone.ts') }],
        {
          path: path.join(dir, 'x.ts'),
          container: 'ts',
        },
      ),
    ).rejects.toBeInstanceOf(NothingCapturedError);
  });
});
