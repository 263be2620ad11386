// Capture that never loses a minute: a misbehaving local server (drop, refuse, stall, early HLS end,
// dead primary) against the real recorder, real ffmpeg and a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';
import { probeDuration } from '../support/test-media';

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;
let freeBytes = Number.POSITIVE_INFINITY;

beforeAll(async () => {
  server = await startStreamServer();
  server.addLive('/drop.ts', { dropAfterSec: 8, refuseForSec: 3 });
  server.addLive('/stall.ts', { stallAfterSec: 4, stallForSec: 15 });
  server.addLive('/dead.ts', { status: 503 });
  server.addLive('/backup.ts');
  server.addLive('/disk.ts');
  await server.ready();
  ({ dvr, cleanup } = await openTempDvr({
    // a probe the test controls stands in for a full disk
    freeBytes: () => Promise.resolve(freeBytes),
    captureSettings: { diskCheckMs: 1_000, diskReserveBytes: 1_000_000 },
  }));
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await server?.close();
});

describe('capture through failures', () => {
  it('a drop at 8 s refused for 3 s gives one recording, two segments, one ~3 s gap', async () => {
    const windowSec = 24;
    const r = await dvr.call('recordings.schedule', {
      url: server.url('/drop.ts'),
      start: Date.now(),
      durationMs: windowSec * 1000,
    });
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect(done.segments.length).toBeGreaterThanOrEqual(2);
    expect(done.segments[0]!.endReason).toMatch(/source-error|stream-ended/);
    expect(done.gaps).toHaveLength(1);
    const gapSec = (done.gaps[0]!.end - done.gaps[0]!.start) / 1000;
    expect(gapSec).toBeGreaterThan(2.5);
    // 3 s of refusal, then the next retry (0.5 s steps, then 1 s, 2 s) plus ffmpeg's start: under 5 s on
    // a quiet machine; CI runs three test files at once on two cores, so allow for a slow spawn.
    expect(gapSec).toBeLessThan(6.5);
    const seconds = await probeDuration(done.outputPath!);
    expect(Math.abs(seconds - (windowSec - gapSec))).toBeLessThanOrEqual(1.5);
    expect(Math.abs((done.capturedMs ?? 0) / 1000 - seconds)).toBeLessThanOrEqual(1.5);
    const reasons = (await dvr.call('recordings.events', { id: r.id })).map((e) => e.reason);
    expect(reasons.some((reason) => reason.startsWith('segment ended'))).toBe(true);
  }, 70_000);

  it('a stall with the socket open is detected after 10 s, reconnected, and shows as a gap', async () => {
    const r = await dvr.call('recordings.schedule', {
      url: server.url('/stall.ts'),
      start: Date.now(),
      durationMs: 26_000,
    });
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect(done.segments[0]!.endReason).toBe('stalled');
    expect(done.segments[0]!.error).toMatch(/no data for 10 s/);
    expect(done.segments.length).toBeGreaterThanOrEqual(2);
    // the gap starts when data stopped (~4 s in), not when the stall was noticed
    const gap = done.gaps.find((g) => g.cause.startsWith('stalled'))!;
    expect(gap).toBeDefined();
    expect((gap.end - gap.start) / 1000).toBeGreaterThan(9);
    expect(server.connections('/stall.ts')).toBeGreaterThanOrEqual(2);
  }, 70_000);

  it('an HLS playlist that ends early and then continues is not completed early', async () => {
    // the ENDLIST window is timed from when the route is added: add it now
    server.addHls('/hls/early.m3u8', { endListAfterSec: 6, endListForSec: 5 });
    const start = Date.now();
    const r = await dvr.call('recordings.schedule', {
      url: server.url('/hls/early.m3u8'),
      start,
      durationMs: 20_000,
    });
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect(done.actualEndAt! - start).toBeGreaterThanOrEqual(19_000);
    expect(done.segments.length).toBeGreaterThanOrEqual(2);
    expect(done.segments[0]!.endReason).toBe('stream-ended');
    // capture went on to the end of the window
    expect(done.segments.at(-1)!.endedAt! - start).toBeGreaterThanOrEqual(17_500);
    expect(done.capturedMs!).toBeGreaterThan(12_000);
  }, 70_000);

  it('fails over from a dead primary to the backup URL and logs it', async () => {
    const channel = await dvr.call('channels.add', {
      name: 'Failover One',
      url: server.url('/dead.ts'),
      fallbackUrls: [server.url('/backup.ts')],
    });
    const r = await dvr.call('recordings.schedule', {
      channelId: channel.id,
      start: Date.now(),
      durationMs: 10_000,
    });
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 40_000);
    expect(done.status).toBe('completed');
    expect(server.connections('/backup.ts')).toBeGreaterThanOrEqual(1);
    const reasons = (await dvr.call('recordings.events', { id: r.id })).map((e) => e.reason);
    expect(reasons).toContainEqual(
      expect.stringMatching(/^failover: http:\/\/127\.0\.0\.1:\d+\/dead\.ts -> .*\/backup\.ts$/),
    );
    expect(await probeDuration(done.outputPath!)).toBeGreaterThan(6);
  }, 50_000);

  it('stops cleanly at the disk reserve, keeps what it got, and leaves the rest intact', async () => {
    const before = (await dvr.call('recordings.list', { status: 'completed' })).map((r) => [
      r.id,
      r.outputPath,
    ]);
    const r = await dvr.call('recordings.schedule', {
      url: server.url('/disk.ts'),
      start: Date.now(),
      durationMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    freeBytes = 500_000; // below the 1 MB reserve
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 20_000);
    freeBytes = Number.POSITIVE_INFINITY;
    expect(done.status).toBe('completed');
    expect(done.error).toMatch(/^disk full/);
    expect(done.segments.at(-1)!.endReason).toBe('disk-full');
    expect(await probeDuration(done.outputPath!)).toBeGreaterThan(3);
    const events = await dvr.call('recordings.events', { id: r.id });
    expect(events.at(-1)!.reason).toMatch(/disk full/);
    // earlier recordings and the database are untouched
    const after = (await dvr.call('recordings.list', { status: 'completed' })).map((x) => [
      x.id,
      x.outputPath,
    ]);
    expect(after).toEqual(expect.arrayContaining(before));
  }, 40_000);

  it('refuses to start when the disk is already at its reserve', async () => {
    freeBytes = 0;
    try {
      const r = await dvr.call('recordings.schedule', {
        url: server.url('/disk.ts'),
        start: Date.now(),
        durationMs: 10_000,
      });
      const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 10_000);
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(/disk full/);
      const reasons = (await dvr.call('recordings.events', { id: r.id })).map((e) => e.reason);
      expect(reasons).toContainEqual(expect.stringMatching(/^low disk space: about \d+ MiB needed/));
    } finally {
      freeBytes = Number.POSITIVE_INFINITY;
    }
  }, 20_000);

  it('the monitor restarts a capture that shows no sign of life', async () => {
    const r = await dvr.call('recordings.schedule', {
      url: server.url('/backup.ts'),
      start: Date.now(),
      durationMs: 14_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    // as seen from two minutes on: nothing has happened for longer than the monitor allows
    dvr.recorder.checkHealth(Date.now() + 120_000);
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('completed');
    expect(done.segments[0]!.endReason).toBe('stalled');
    expect(done.segments.length).toBeGreaterThanOrEqual(2);
    const reasons = (await dvr.call('recordings.events', { id: r.id })).map((e) => e.reason);
    expect(reasons).toContainEqual(
      expect.stringMatching(/^monitor: no progress for \d+ s; restarting capture$/),
    );
  }, 40_000);
});
