// status.get for the status strip and Home, on a real Dvr with the free space injected: the disk (free,
// total, what recordings take, how many days are left at the rate planned), the next recordings, and
// recent problems.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import type { Recording } from '../../src-shared/domain';
import { openTempDvr } from '../support/temp-dvr';

const H = 3600_000;
const DAY = 24 * H;
const GB = 1e9;
const RESERVE = 2048 * 1024 * 1024;

let dvr: Dvr;
let cleanup: () => Promise<void>;
let free = 0;

beforeEach(async () => {
  free = 12 * GB;
  ({ dvr, cleanup } = await openTempDvr({ freeBytes: () => Promise.resolve(free) }));
});
afterEach(async () => {
  await cleanup?.();
});

const channel = async (name: string) =>
  (await dvr.call('channels.add', { name, url: `http://127.0.0.1:9/${name}.ts` })).id;

/** A recording that ran and ended as told (written through the store, as the recorder would). */
function finished(
  channelId: number | null,
  o: {
    title: string;
    endedAgoMs: number;
    lengthMs?: number;
    status?: 'completed' | 'failed' | 'cancelled';
    sizeBytes?: number;
    capturedShare?: number;
    error?: string;
  },
): Recording {
  const length = o.lengthMs ?? H;
  const end = Date.now() - o.endedAgoMs;
  const created = dvr.store.create(
    {
      title: o.title,
      channelId,
      url: channelId === null ? 'http://127.0.0.1:9/direct.ts' : null,
      startAt: end - length,
      endAt: end,
      padBeforeMs: 0,
      padAfterMs: 0,
      container: 'ts',
    },
    'test',
  );
  if (o.status === 'failed' && o.capturedShare === undefined) {
    return dvr.store.transition(created.id, 'failed', 'test', {
      error: o.error ?? 'missed',
      actualEndAt: end,
    });
  }
  dvr.store.transition(created.id, 'recording', 'test', { actualStartAt: end - length });
  return dvr.store.transition(created.id, o.status ?? 'completed', 'test', {
    actualEndAt: end,
    sizeBytes: o.sizeBytes ?? null,
    durationMs: length,
    capturedMs: Math.round(length * (o.capturedShare ?? 1)),
    error: o.error ?? null,
  });
}

async function schedule(channelId: number, inMs: number, lengthMs: number, title: string) {
  return dvr.call('recordings.schedule', {
    channelId,
    start: Date.now() + inMs,
    durationMs: lengthMs,
    title,
  });
}

describe('status.get: the disk', () => {
  it('with nothing planned: free and total space, no days left figure', async () => {
    const status = await dvr.call('status.get', {});
    expect(status.disk).toMatchObject({ freeBytes: 12 * GB, recordingsBytes: 0, daysLeft: null });
    expect(status.disk!.totalBytes).toBeGreaterThan(0);
    expect(status.nextUp).toEqual([]);
    expect(status.recentProblems).toEqual([]);
  });

  it('days left: free space above the reserve over what the next 7 days write per day', async () => {
    const news = await channel('News');
    const film = await channel('Film');
    // News was recorded at 4 Mbit/s (1.8 GB in an hour): its learned bitrate. Film has none: 8 Mbit/s.
    finished(news, { title: 'old news', endedAgoMs: 30 * DAY, sizeBytes: 1.8 * GB });
    finished(film, { title: 'kept part', endedAgoMs: 30 * DAY, status: 'cancelled', sizeBytes: 0.2 * GB });
    await schedule(news, DAY, 2 * H, 'News special'); // 2 h × 4 Mbit/s = 3.6 GB
    await schedule(film, 2 * DAY, H, 'Film'); // 1 h × 8 Mbit/s = 3.6 GB
    await schedule(film, 10 * DAY, H, 'Beyond the week'); // not in the next 7 days

    const status = await dvr.call('status.get', {});
    const perDay = (7.2 * GB) / 7;
    expect(status.disk).toMatchObject({
      freeBytes: 12 * GB,
      recordingsBytes: 2 * GB,
      daysLeft: Math.round((10 * (12 * GB - RESERVE)) / perDay) / 10,
    });
    expect(status.disk!.daysLeft).toBe(9.6);

    // Below the reserve nothing is left; a smaller reserve leaves more.
    free = RESERVE / 2;
    expect((await dvr.call('status.get', {})).disk!.daysLeft).toBe(0);
    free = 12 * GB;
    await dvr.call('settings.update', { diskReserveMiB: 0 });
    expect((await dvr.call('status.get', {})).disk!.daysLeft).toBe(Math.round((10 * 12 * GB) / perDay) / 10);
  });

  it('a recording reaching into the week counts for its part inside it', async () => {
    const film = await channel('Film');
    await schedule(film, 7 * DAY - H, 4 * H, 'Late night'); // one hour of it inside the 7 days
    const status = await dvr.call('status.get', {});
    const perDay = (H / 1000) * 1e6; // 1 h at 8 Mbit/s (1e6 bytes/s), over 7 days
    expect(status.disk!.daysLeft).toBe(Math.round((10 * (12 * GB - RESERVE)) / (perDay / 7)) / 10);
  });
});

describe('status.get: next up and recent problems', () => {
  it('the next three scheduled recordings, soonest first, with their channel', async () => {
    const news = await channel('News');
    const later = await schedule(news, 3 * DAY, H, 'Later');
    const first = await schedule(news, DAY, H, 'First');
    const second = await schedule(news, 2 * DAY, H, 'Second');
    await schedule(news, 4 * DAY, H, 'Fourth');
    const status = await dvr.call('status.get', {});
    expect(status.nextUp).toEqual([
      { id: first.id, title: 'First', channelName: 'News', startAt: first.startAt },
      { id: second.id, title: 'Second', channelName: 'News', startAt: second.startAt },
      { id: later.id, title: 'Later', channelName: 'News', startAt: later.startAt },
    ]);
    expect(status.next).toEqual({ id: first.id, title: 'First', startAt: first.startAt });
  });

  it('failed, or completed with under 99 % captured, in the last 7 days: newest first, at most 5', async () => {
    const news = await channel('News');
    const failed = finished(news, {
      title: 'Failed',
      endedAgoMs: 2 * H,
      status: 'failed',
      error: 'nothing was captured: 404',
    });
    const gappy = finished(news, { title: 'Gappy', endedAgoMs: 1 * H, capturedShare: 0.95 });
    finished(news, { title: 'Whole', endedAgoMs: 30 * 60_000, capturedShare: 1 });
    finished(news, { title: 'Nearly whole', endedAgoMs: 40 * 60_000, capturedShare: 0.995 });
    const full = finished(news, {
      title: 'Disk full',
      endedAgoMs: 3 * H,
      capturedShare: 0.5,
      error: 'disk full: 12 MiB free',
    });
    finished(news, { title: 'Old failure', endedAgoMs: 8 * DAY, status: 'failed' });
    finished(news, { title: 'Cancelled', endedAgoMs: H, status: 'cancelled', capturedShare: 0.2 });

    const status = await dvr.call('status.get', {});
    expect(status.recentProblems).toEqual([
      {
        id: gappy.id,
        title: 'Gappy',
        status: 'completed',
        error: 'captured 95 % of its window',
        at: gappy.actualEndAt,
      },
      {
        id: failed.id,
        title: 'Failed',
        status: 'failed',
        error: 'nothing was captured: 404',
        at: failed.actualEndAt,
      },
      {
        id: full.id,
        title: 'Disk full',
        status: 'completed',
        error: 'disk full: 12 MiB free',
        at: full.actualEndAt,
      },
    ]);

    for (let i = 0; i < 4; i++)
      finished(news, { title: `Failed ${i}`, endedAgoMs: 4 * H + i * 60_000, status: 'failed' });
    const five = (await dvr.call('status.get', {})).recentProblems;
    expect(five.map((p) => p.title)).toEqual(['Gappy', 'Failed', 'Disk full', 'Failed 0', 'Failed 1']);
  });
});
