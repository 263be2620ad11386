// Capture that never loses a minute: a misbehaving local server (drop, refuse, stall, early HLS end,
// dead primary) against the real recorder, real ffmpeg and a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { describeLog, refusals, servedConnections, type ServedConnection } from '../support/stream-log';
import { trackProgress, type ProgressTracker } from '../support/recording-progress';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';
import { probeDuration } from '../support/test-media';

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;
let freeBytes = Number.POSITIVE_INFINITY;
let progress: ProgressTracker;

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
  progress = trackProgress(dvr);
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await server?.close();
});

describe('capture through failures', () => {
  it('a drop at 8 s refused for 3 s costs only the outage: the file holds everything the server sent', async () => {
    const windowSec = 24;
    const start = Date.now();
    const r = await dvr.call('recordings.schedule', {
      url: server.url('/drop.ts'),
      start,
      durationMs: windowSec * 1000,
    });
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 60_000);
    const log = describeLog(server.log, '/drop.ts');
    expect(done.status, log).toBe('completed');

    // What the server did, from its own log: it served two connections, cut the first (the drop),
    // refused every request for 3 s, and served the second until the recorder hung up at the window end.
    const served = servedConnections(server.log, '/drop.ts');
    expect(
      served.map((c) => c.ended),
      log,
    ).toEqual(['drop', 'close']);
    const [first, second] = served as [ServedConnection, ServedConnection];
    // The server kept up with its client throughout (it skips data for a client more than 1 s behind):
    // so a connection open for N s was sent N s of media.
    expect(log).not.toContain('slow-client');
    expect(refusals(server.log, '/drop.ts'), log).toBeGreaterThanOrEqual(1);
    const outageSec = (second.connectAt - first.endAt!) / 1000;
    expect(outageSec, log).toBeGreaterThanOrEqual(3);
    // ...and the recorder was back as soon as it could be: 3 s of refusal, then the next retry (0.5 s
    // steps, then 1 s, 2 s) and ffmpeg's start: under 5 s on a quiet machine; CI runs three test files
    // at once on two cores, so allow for a slow spawn.
    expect(outageSec, log).toBeLessThan(6.5);
    expect(second.endAt! - (start + windowSec * 1000), log).toBeGreaterThan(-1_000);

    // The recorder's view: one segment per served connection (refused attempts captured nothing and
    // leave none), and one gap, which lies inside the outage (the first segment ended after the drop,
    // the second was started before its connection was accepted).
    expect(done.segments, log).toHaveLength(2);
    expect(done.segments[0]!.endReason).toMatch(/source-error|stream-ended/);
    expect(done.segments[1]!.endReason).toBe('window-end');
    expect(done.gaps).toHaveLength(1);
    const gapSec = (done.gaps[0]!.end - done.gaps[0]!.start) / 1000;
    // The gap starts when ffmpeg saw the drop and ends when the next ffmpeg was spawned (its connect
    // follows): on a loaded machine each lags the server's view by a fraction of a second.
    expect(gapSec, log).toBeGreaterThan(outageSec - 1.5);
    expect(gapSec, log).toBeLessThanOrEqual(outageSec + 0.05);

    // A drop costs only the outage: each segment holds what its connection served, and the file is the
    // sum of its segments.
    done.segments.forEach((segment, i) => {
      expect(
        Math.abs(segment.mediaMs / 1000 - served[i]!.seconds!),
        `segment ${i}\n${log}`,
      ).toBeLessThanOrEqual(0.75);
    });
    const seconds = await probeDuration(done.outputPath!);
    const servedSec = served.reduce((sum, c) => sum + c.seconds!, 0);
    expect(Math.abs(seconds - servedSec), log).toBeLessThanOrEqual(1);
    expect(Math.abs((done.capturedMs ?? 0) / 1000 - seconds)).toBeLessThanOrEqual(1);
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
    // Some seconds into the capture (by what it has captured, not by the clock), the disk fills up.
    const seen = await progress.captured(r.id, 4);
    freeBytes = 500_000; // below the 1 MB reserve
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 20_000);
    freeBytes = Number.POSITIVE_INFINITY;
    expect(done.status).toBe('completed');
    expect(done.error).toMatch(/^disk full/);
    expect(done.segments.at(-1)!.endReason).toBe('disk-full');
    // everything captured before the disk filled up is kept
    expect(await probeDuration(done.outputPath!)).toBeGreaterThanOrEqual(seen.seconds - 0.5);
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
    // Once it is capturing (a segment with data in it, which a restart keeps)...
    await progress.captured(r.id, 2);
    // ...as seen from two minutes on: nothing has happened for longer than the monitor allows
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
