// Cleanup beside live work: a real capture (real ffmpeg, a live stream at real-time rate) and a guide
// import run while cleanup deletes hundreds of recordings and their files; the capture completes whole,
// the import lands, and cleanup never touches the recording in progress. Then the cleanup that follows
// a completed recording when keepFreeGiB is set.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { healthText } from '../../src-shared/recording-health';
import type { CleanedEvent } from '../../src-shared/domain-library-space';
import type { Recording } from '../../src-shared/domain';
import { writeTemp, xmltv, type TestProgramme } from '../support/guide-builder';
import { DAY, finishedRecording } from '../support/library-builder';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

const GIB = 1024 ** 3;

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;
let free = 0;
let cleaned: CleanedEvent[] = [];

beforeAll(async () => {
  server = await startStreamServer();
  server.addLive('/live/news.ts');
  await server.ready();
}, 120_000);
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  cleaned = [];
  free = 50 * GIB;
  ({ dvr, cleanup } = await openTempDvr({ freeBytes: () => Promise.resolve(free) }));
  dvr.bus.subscribe((e) => {
    if (e.name === 'library.cleaned') cleaned.push(e.payload as CleanedEvent);
  });
});
afterEach(async () => {
  await cleanup?.();
});

/** A guide of 200 channels × 2 days of half-hour programmes (19,200), imported by the writer thread. */
function bigGuide(): string {
  const channels = Array.from({ length: 200 }, (_, i) => `ch${i}.tv`);
  const t0 = Math.floor(Date.now() / 3600_000) * 3600_000;
  const programmes: TestProgramme[] = [];
  for (const channel of channels) {
    for (let k = 0; k < 96; k++) {
      const start = t0 + k * 1_800_000;
      programmes.push({
        channel,
        start,
        stop: start + 1_800_000,
        title: `Show ${k % 40}`,
        desc: 'x'.repeat(80),
      });
    }
  }
  return writeTemp('big.xml', xmltv(channels, programmes));
}

describe('cleanup beside a live capture and an import', () => {
  it('deletes 300 recordings while a capture runs and a guide imports: the capture completes at 100 %', async () => {
    const old = Array.from({ length: 300 }, (_, i) =>
      finishedRecording(dvr, { title: `Old ${i % 30}`, endedAgoMs: (31 + i / 10) * DAY + i, bytes: 4096 }),
    );
    const recent = Array.from({ length: 20 }, (_, i) =>
      finishedRecording(dvr, { title: `Recent ${i}`, endedAgoMs: (1 + i / 10) * DAY, bytes: 4096 }),
    );
    await dvr.call('settings.update', { keepDays: 30 });
    const guideFile = bigGuide();

    const live = await dvr.call('recordings.schedule', {
      title: 'Live News',
      url: server.url('/live/news.ts'),
      start: Date.now(),
      durationMs: 15_000,
    });
    await waitFor(() => (dvr.store.get(live.id).segments[0]?.bytes ?? 0) > 0, {
      timeoutMs: 20_000,
      what: 'the capture to write its first bytes',
    });
    const [guide, result] = await Promise.all([
      dvr.call('guides.add', { location: guideFile, offsetHours: 0 }),
      dvr.call('library.cleanup', {}),
    ]);
    expect(result.deleted.map((d) => d.id).sort((a, b) => a - b)).toEqual(old.map((r) => r.id));
    expect(cleaned).toHaveLength(300);
    expect(dvr.store.get(live.id).status).toBe('recording');
    for (const r of recent) expect(dvr.store.find(r.id)).not.toBeNull();
    expect(guide.lastImport).toMatchObject({ items: 19_200, added: 19_200, stoppedEarly: null });

    const done: Recording = await waitForStatus(dvr, live.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect(done.gaps).toEqual([]);
    expect(healthText(done)).toBe('100 %');
    // A cleanup once it is finished leaves it too: it is recent.
    expect((await dvr.call('library.cleanup', { dryRun: true })).deleted).toEqual([]);
  }, 90_000);

  it('with keepFreeGiB set, a completed recording is followed by a cleanup that makes room', async () => {
    const library = Array.from({ length: 5 }, (_, i) =>
      finishedRecording(dvr, { title: `Episode ${i}`, endedAgoMs: (5 - i) * DAY, bytes: 10_000 }),
    );
    // 20,000 bytes short of 20 GiB; what cleanup deletes is free again.
    const base = 20 * GIB - 20_000;
    free = base;
    await dvr.call('settings.update', { keepFreeGiB: 20 });
    dvr.bus.subscribe((e) => {
      if (e.name === 'library.cleaned') free = base + cleaned.reduce((sum, c) => sum + c.bytes, 0);
    });
    const live = await dvr.call('recordings.schedule', {
      title: 'Short',
      url: server.url('/live/news.ts'),
      start: Date.now(),
      durationMs: 4_000,
    });
    await waitForStatus(dvr, live.id, ['recording'], 20_000);
    expect(cleaned).toEqual([]);
    const done = await waitForStatus(dvr, live.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    await waitFor(() => cleaned.length >= 2, { timeoutMs: 10_000, what: 'the cleanup after the recording' });
    // The two oldest unwatched ones, exactly enough; the new recording stays.
    expect(cleaned.map((c) => [c.id, c.reason])).toEqual([
      [library[0]!.id, 'free-space'],
      [library[1]!.id, 'free-space'],
    ]);
    expect(dvr.store.get(live.id).status).toBe('completed');
    expect((await dvr.call('library.deletions', {})).map((d) => d.recordingId).sort()).toEqual(
      [library[0]!.id, library[1]!.id].sort(),
    );
  }, 90_000);
});
