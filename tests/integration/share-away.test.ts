// A recordings folder on a share that goes away: a tmpfs mounted by the test (CI runs as root) holds the
// recordings folder and is unmounted in the middle of a recording. The segments are in local scratch, the
// finished file waits there while the share is gone, and the `move` job brings it over once the share
// is back: nothing is lost. Needs mount(8) permission; skipped, saying so, without it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { networkFsName } from '../../src-main/core/library/postprocess/share';
import type { RecordingProgress } from '../../src-shared/domain';
import { jobsSettled } from '../support/finished-recording';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, tempDir, waitForStatus } from '../support/temp-dvr';
import { probeDuration } from '../support/test-media';
import { waitFor } from '../support/wait';

const base = tempDir('tapedeck-share-');
const mountPoint = path.join(base, 'share');
const recordingsDir = path.join(mountPoint, 'recordings');

/** 4 GiB is a limit, not memory taken: above the default 2 GiB free-space reserve. */
function mount(): void {
  mkdirSync(mountPoint, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4g', 'tapedeck-share', mountPoint], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`mount: ${result.stderr || result.error?.message}`);
  mkdirSync(recordingsDir, { recursive: true });
}

/** Lazy unmount: as a share that drops off the network, gone for every new open at once. */
function unmount(): void {
  const result = spawnSync('umount', ['-l', mountPoint], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`umount: ${result.stderr || result.error?.message}`);
}

const mounted = () => spawnSync('mountpoint', ['-q', mountPoint]).status === 0;

/** Can this process mount a tmpfs? (Root in CI; a container without CAP_SYS_ADMIN cannot.) */
const mountRefusal = ((): string | null => {
  try {
    mount();
    unmount();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
})();
if (mountRefusal) {
  console.warn(`share-away tests SKIPPED: cannot mount a tmpfs here (${mountRefusal.trim()}); run as root`);
}

let dvr: Dvr;
let cleanup: () => Promise<void>;
let server: StreamServer;

beforeAll(async () => {
  if (mountRefusal) return;
  ({ dvr, cleanup } = await openTempDvr({ postprocessRetry: { baseMs: 300, maxMs: 1_000 } }));
  server = await startStreamServer();
  server.addLive('/live.ts', { media: { seconds: 30 } });
  await server.ready();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await cleanup?.();
  if (mounted()) unmount();
  rmSync(base, { recursive: true, force: true });
});

describe.skipIf(mountRefusal !== null)(
  'a recordings folder on a share that goes away (tmpfs, needs root)',
  () => {
    it('keeps recording into local scratch, waits, and moves the file over when the share is back', async () => {
      mount();
      dvr.settings.set('recordingsDir', recordingsDir);
      // What 'auto' picks for a network file system (a tmpfs is local, so say it outright here).
      dvr.settings.set('scratchSegments', 'always');
      const progress: RecordingProgress[] = [];
      dvr.bus.subscribe((e) => {
        if (e.name === 'recording.progress') progress.push(e.payload as RecordingProgress);
      });
      const scheduled = await dvr.call('recordings.schedule', {
        title: 'Share away',
        url: server.url('/live.ts'),
        start: Date.now() + 1_000,
        durationMs: 8_000,
      });
      // Well into the recording: bytes captured, then the share drops.
      await waitFor(() => progress.some((p) => p.id === scheduled.id && p.seconds >= 2), {
        timeoutMs: 20_000,
        what: async () =>
          `two seconds captured (${JSON.stringify((await dvr.call('recordings.events', { id: scheduled.id })).map((e) => e.reason))})`,
      });
      unmount();
      expect(existsSync(recordingsDir)).toBe(false);
      const done = await waitForStatus(dvr, scheduled.id, ['completed', 'failed'], 40_000);
      expect(done.error).toBeNull();
      expect(done.status).toBe('completed');
      // Finished into scratch, and the move waits for the share.
      const scratch = dvr.postprocess.share.finishedDir;
      expect(done.outputPath!.startsWith(scratch + path.sep)).toBe(true);
      const waiting = await waitFor(
        () => {
          const job = dvr.postprocess.jobs.latest(done.id, 'move');
          return job && job.attempts >= 2 && job.state === 'pending' ? job : null;
        },
        { timeoutMs: 15_000, what: 'the move to be tried and wait for the share' },
      );
      expect(waiting.error).toMatch(/the recordings folder does not answer \(ENOENT\)/);
      const storage = await dvr.call('storage.get', {});
      expect(storage.share).toMatchObject({ answers: false, waiting: 1 });
      const secondsInScratch = await probeDuration(done.outputPath!);

      // The share is back: the move runs on its next try.
      mount();
      const [job] = await jobsSettled(dvr, done.id, 30_000);
      expect(job).toMatchObject({ step: 'move', state: 'done' });
      const moved = dvr.store.get(done.id).outputPath!;
      expect(moved.startsWith(recordingsDir + path.sep)).toBe(true);
      expect(path.basename(moved)).toMatch(/^Share away .*\.ts$/);
      const seconds = await probeDuration(moved);
      // Nothing lost: the whole window (the capture starts up to its lead early), and what scratch held.
      expect(seconds).toBeGreaterThanOrEqual(8 - 1.5);
      expect(Math.abs(seconds - secondsInScratch)).toBeLessThan(0.1);
      expect(readdirSync(scratch, { recursive: true }).filter((f) => String(f).endsWith('.ts'))).toEqual([]);
      const log = (await dvr.call('recordings.events', { id: done.id })).map((e) => e.reason).join('\n');
      expect(log).toMatch(/moved from local scratch to the recordings folder/);
      dvr.settings.clear('scratchSegments');
    }, 90_000);
  },
);

describe('network file systems', () => {
  it('are told from local ones by their statfs type', () => {
    expect(networkFsName(0x6969)).toBe('nfs');
    expect(networkFsName(0xff534d42 | 0)).toBe('cifs');
    expect(networkFsName(0x65735546)).toBe('fuse');
    expect(networkFsName(0x01021994)).toBeNull(); // tmpfs
    expect(networkFsName(0xef53)).toBeNull(); // ext4
  });
});
