// Pausing scheduling (the tray's Pause) and a computer that slept: nothing new starts while paused and a
// window that passes meanwhile says why; a capture under way when the computer slept shows the sleep as
// a gap with its reason and goes on; a window that passed while asleep is missed, saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  server = await startStreamServer();
  server.addLive('/live/a.ts', { media: { seconds: 120 } });
  await server.ready();
  ({ dvr, cleanup } = await openTempDvr());
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await server?.close();
});

describe('pausing scheduling', () => {
  it('starts nothing while paused, misses a window that passes, and starts late after resuming', async () => {
    const paused = await dvr.call('schedule.pause', {});
    expect(paused).toMatchObject({ paused: true, until: null });
    const missed = await dvr.call('recordings.schedule', {
      url: server.url('/live/a.ts'),
      start: Date.now() + 500,
      durationMs: 2_000,
    });
    const late = await dvr.call('recordings.schedule', {
      url: server.url('/live/a.ts'),
      start: Date.now() + 500,
      durationMs: 20_000,
    });
    await waitFor(() => Date.now() > missed.endAt + 1_500, {
      timeoutMs: 10_000,
      what: 'the short window to pass',
    });
    await dvr.scheduler.reconcile();
    const failed = dvr.store.get(missed.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('missed: scheduling was paused');
    expect(dvr.store.get(late.id).status).toBe('scheduled');
    expect(await dvr.call('schedule.resume', {})).toMatchObject({ paused: false });
    const started = await waitForStatus(dvr, late.id, ['recording'], 10_000);
    expect(started.status).toBe('recording');
    await dvr.call('recordings.stop', { id: late.id });
  }, 40_000);

  it('keeps the pause across a restart of the core', async () => {
    const state = await dvr.call('schedule.pause', { minutes: 30 });
    expect(state.until).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(dvr.settings.internal('schedulingPause')).toMatchObject({ paused: true });
    await dvr.call('schedule.resume', {});
  });
});

describe('a computer that slept', () => {
  it('shows the sleep as a gap with its reason and goes on capturing', async () => {
    const r = await dvr.call('recordings.schedule', {
      url: server.url('/live/a.ts'),
      start: Date.now(),
      durationMs: 12_000,
    });
    await waitFor(() => dvr.store.get(r.id).segments.length === 1, { timeoutMs: 10_000, what: 'capture' });
    await waitFor(() => (dvr.store.get(r.id).segments[0]!.bytes ?? 0) > 0 || Date.now() > r.startAt + 4_000, {
      timeoutMs: 10_000,
      what: 'some capture',
    });
    const slept = Date.now() - 1_500;
    await dvr.systemSlept(slept, Date.now());
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('completed');
    expect(done.segments.map((s) => s.endReason)).toEqual(['asleep', 'window-end']);
    expect(done.gaps.map((g) => g.cause)).toContainEqual('asleep: the computer was asleep');
  }, 40_000);

  it('misses a window that passed while it slept, saying so', async () => {
    const now = Date.now();
    const recording = dvr.store.create(
      {
        title: 'Slept through',
        channelId: null,
        url: server.url('/live/a.ts'),
        startAt: now - 60_000,
        endAt: now - 30_000,
        padBeforeMs: 0,
        padAfterMs: 0,
        container: 'ts',
      },
      'scheduled by the test',
    );
    await dvr.systemSlept(now - 120_000, now);
    const failed = dvr.store.get(recording.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('missed: the computer was asleep');
  });
});
