// On a busy machine ffmpeg takes longer to start and connect: a capture that starts half a second early
// lost the first second of its window. Captures start early by the source's learned time to first
// byte, so the window is whole; and a "start now" recording is anchored on its first bytes, so its
// health reads 100 % instead of losing the connect time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { DEFAULT_LEAD_MS, latencyKey } from '../../src-main/core/record/start-latency';
import { loadCpu, type CpuLoad } from '../support/cpu-load';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;
let load: CpuLoad;

beforeAll(async () => {
  server = await startStreamServer();
  server.addLive('/live/slow.ts', { media: { seconds: 120 }, slowStartSec: 0.8 });
  server.addLive('/live/now.ts', { media: { seconds: 120 } });
  await server.ready();
  ({ dvr, cleanup } = await openTempDvr());
  load = loadCpu(2);
}, 120_000);

afterAll(async () => {
  await load?.stop();
  await cleanup?.();
  await server?.close();
});

describe('start lead on a busy machine', () => {
  it('keeps the whole window of a recording scheduled ahead, and learns the source', async () => {
    const url = server.url('/live/slow.ts');
    expect(dvr.scheduler).toBeDefined();
    const r = await dvr.call('recordings.schedule', {
      url,
      start: Date.now() + 15_000,
      durationMs: 20_000,
    });
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 90_000);
    expect(done.status).toBe('completed');
    expect(done.gaps).toEqual([]);
    // The first segment began before the window, and the whole 20 s were captured.
    expect(done.segments[0]!.startedAt).toBeLessThan(done.startAt);
    expect(done.capturedMs!).toBeGreaterThanOrEqual(20_000 - 250);
    // The source's start latency was measured (the slow start alone is 0.8 s).
    const lead = new URL(url).origin;
    expect(latencyKey({ channelId: null, url })).toBe(`url:${lead}`);
    const row = dvr.db.$client
      .prepare('SELECT ttfb_ms FROM stream_latency WHERE key = ?')
      .pluck()
      .get(`url:${lead}`) as number;
    expect(row).toBeGreaterThanOrEqual(800);
    expect(DEFAULT_LEAD_MS).toBeGreaterThan(500);
  }, 120_000);

  it('anchors a "start now" recording on its first bytes: it reads 100 %', async () => {
    const asked = Date.now();
    const r = await dvr.call('recordings.schedule', {
      url: server.url('/live/now.ts'),
      start: asked,
      durationMs: 10_000,
    });
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect(done.gaps).toEqual([]);
    expect(done.startAt).toBeGreaterThan(asked);
    expect(done.endAt - done.startAt).toBe(10_000);
    expect(done.capturedMs! / done.expectedMs).toBeGreaterThanOrEqual(0.99);
    const reasons = (await dvr.call('recordings.events', { id: r.id })).map((e) => e.reason);
    expect(reasons).toContainEqual(expect.stringMatching(/^the window starts at the first bytes/));
  }, 60_000);
});
