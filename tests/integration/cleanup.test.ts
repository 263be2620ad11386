// Retention and cleanup on a generated library (real SQLite, real files, a fake free-space probe): per
// rule keep the last N, older than keepDays, keepFreeGiB (watched first, then oldest), protected never,
// unfinished never; a dry run chooses what the real run deletes; each deletion is logged, announced and
// leaves a tombstone, so a rule does not record a deleted episode again. And the daily run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import type { TapedeckEvent } from '../../src-shared/contract';
import type { Recording } from '../../src-shared/domain';
import { DAY, finishedRecording, H } from '../support/library-builder';
import { m3u, writeTemp, xmltv } from '../support/guide-builder';
import { openTempDvr } from '../support/temp-dvr';

const GIB = 1024 ** 3;

let dvr: Dvr;
let cleanup: () => Promise<void>;
let free = 100 * GIB;
let events: TapedeckEvent[] = [];

beforeEach(async () => {
  free = 100 * GIB;
  events = [];
  ({ dvr, cleanup } = await openTempDvr({ freeBytes: () => Promise.resolve(free) }));
  dvr.bus.subscribe((e) => events.push(e));
});
afterEach(async () => {
  await cleanup?.();
});

const exists = (r: Recording) => existsSync(r.outputPath!);
const gone = (id: number) => dvr.store.find(id) === null;

describe('cleanup on a generated library', () => {
  it('keeps the last N per rule, deletes past keepDays, never protected or unfinished; dry run = real run', async () => {
    const rule = await dvr.call('rules.add', { config: { kind: 'series', title: 'Drama' }, keepLast: 2 });
    const drama = [10, 5, 3, 1].map((days, i) =>
      finishedRecording(dvr, { title: 'Drama', endedAgoMs: days * DAY + i, ruleId: rule.id }),
    );
    const pinned = finishedRecording(dvr, {
      title: 'Drama',
      endedAgoMs: 60 * DAY,
      ruleId: rule.id,
      protected: true,
    });
    const failed = finishedRecording(dvr, {
      title: 'Missed',
      endedAgoMs: 40 * DAY,
      status: 'failed',
      bytes: 0,
    });
    const oldFilm = finishedRecording(dvr, { title: 'Old Film', endedAgoMs: 35 * DAY, bytes: 50_000 });
    const stopped = finishedRecording(dvr, { title: 'Stopped', endedAgoMs: 31 * DAY, status: 'cancelled' });
    const recent = finishedRecording(dvr, { title: 'Recent', endedAgoMs: 2 * DAY });
    const upcoming = await dvr.call('recordings.schedule', {
      title: 'Tomorrow',
      url: 'http://127.0.0.1:9/t.ts',
      start: Date.now() + DAY,
      durationMs: H,
    });
    await dvr.call('settings.update', { keepDays: 30 });

    const dry = await dvr.call('library.cleanup', { dryRun: true });
    const expected = [drama[0]!, drama[1]!, failed, oldFilm, stopped].map((r) => r.id);
    expect(dry.deleted.map((d) => d.id)).toEqual(expected);
    expect(dry.deleted.map((d) => [d.reason, d.detail])).toEqual([
      ['keep-last', 'rule "Drama" keeps its last 2'],
      ['keep-last', 'rule "Drama" keeps its last 2'],
      ['older-than', 'ended more than 30 days ago'],
      ['older-than', 'ended more than 30 days ago'],
      ['older-than', 'ended more than 30 days ago'],
    ]);
    expect(dry).toMatchObject({
      dryRun: true,
      freedBytes: 10_000 + 10_000 + 0 + 50_000 + 10_000,
      freeBytes: 100 * GIB,
      shortfallBytes: 0,
      policy: { keepDays: 30, keepFreeGiB: null, rulesKeepingLast: 1 },
    });
    expect(dry.deleted.find((d) => d.id === oldFilm.id)).toMatchObject({
      title: 'Old Film',
      path: oldFilm.outputPath,
      bytes: 50_000,
      error: null,
    });
    // A dry run touches nothing.
    expect([...drama, oldFilm, stopped].every(exists)).toBe(true);
    expect(events.filter((e) => e.name === 'library.cleaned')).toEqual([]);

    const real = await dvr.call('library.cleanup', { dryRun: false });
    expect(real.deleted.map((d) => d.id)).toEqual(expected);
    expect(real.deleted.map((d) => d.reason)).toEqual(dry.deleted.map((d) => d.reason));
    expect(real.freedBytes).toBe(dry.freedBytes);
    for (const id of expected) expect(gone(id)).toBe(true);
    expect([drama[0]!, drama[1]!, oldFilm, stopped].some(exists)).toBe(false);
    // What stays: the rule's last two, the protected one, the recent one, the one to come.
    for (const r of [drama[2]!, drama[3]!, pinned, recent]) expect(exists(r)).toBe(true);
    expect(dvr.store.get(upcoming.id).status).toBe('scheduled');
    // A show folder left empty goes; one with episodes left stays.
    expect(existsSync(path.dirname(oldFilm.outputPath!))).toBe(false);
    expect(existsSync(path.dirname(drama[3]!.outputPath!))).toBe(true);
    expect(existsSync(dvr.recordingsDir())).toBe(true);

    // Announced, logged for good, and the recording's own event log says why.
    const cleaned = events.filter((e) => e.name === 'library.cleaned').map((e) => e.payload);
    expect(cleaned.map((c) => (c as { id: number }).id)).toEqual(expected);
    const deletedEvents = events.filter((e) => e.name === 'recording.deleted');
    expect(deletedEvents.map((e) => (e.payload as { id: number }).id)).toEqual(expected);
    const log = await dvr.call('library.deletions', {});
    expect(log.map((l) => l.recordingId).sort()).toEqual([...expected].sort());
    expect(log.find((l) => l.recordingId === oldFilm.id)).toMatchObject({
      title: 'Old Film',
      reason: 'older-than',
      bytes: 50_000,
      error: null,
    });
    expect(dvr.store.events(oldFilm.id).at(-1)!.reason).toBe(
      'deleted by cleanup: ended more than 30 days ago',
    );

    // Nothing left to do.
    expect((await dvr.call('library.cleanup', {})).deleted).toEqual([]);
  });

  it('keeps R GiB free: watched first, then the oldest, only as much as needed; days for one run', async () => {
    const watchedOld = finishedRecording(dvr, { title: 'A', endedAgoMs: 5 * DAY, watched: true });
    const oldest = finishedRecording(dvr, { title: 'B', endedAgoMs: 10 * DAY });
    const unwatched = finishedRecording(dvr, { title: 'C', endedAgoMs: 3 * DAY });
    const watchedNew = finishedRecording(dvr, { title: 'D', endedAgoMs: 1 * DAY, watched: true });
    const pinned = finishedRecording(dvr, { title: 'E', endedAgoMs: 20 * DAY, protected: true });
    await dvr.call('settings.update', { keepFreeGiB: 1 });

    // Enough free: nothing goes.
    free = 2 * GIB;
    expect((await dvr.call('library.cleanup', { dryRun: true })).deleted).toEqual([]);

    // 25,000 bytes short of 1 GiB: two watched ones and the oldest unwatched one (10,000 bytes each).
    free = GIB - 25_000;
    const dry = await dvr.call('library.cleanup', { dryRun: true });
    const order = [watchedOld, watchedNew, oldest].map((r) => r.id);
    expect(dry.deleted.map((d) => d.id)).toEqual(order);
    expect(dry.deleted.map((d) => d.detail)).toEqual([
      'to keep 1 GiB free (watched)',
      'to keep 1 GiB free (watched)',
      'to keep 1 GiB free',
    ]);
    const real = await dvr.call('library.cleanup', {});
    expect(real.deleted.map((d) => d.id)).toEqual(order);
    expect([unwatched, pinned].every(exists)).toBe(true);

    // Far short: all that may go goes, and the result says what is still missing.
    free = 10_000;
    const short = await dvr.call('library.cleanup', { dryRun: true });
    expect(short.deleted.map((d) => d.id)).toEqual([unwatched.id]);
    expect(short.shortfallBytes).toBe(GIB - 20_000);

    // --days for one run, without the setting.
    await dvr.call('settings.update', { keepFreeGiB: null });
    const byDays = await dvr.call('library.cleanup', { dryRun: true, days: 2 });
    expect(byDays.deleted.map((d) => [d.id, d.detail])).toEqual([
      [unwatched.id, 'ended more than 2 days ago'],
    ]);
    expect(byDays.policy.keepDays).toBe(2);
    expect((await dvr.call('settings.get', {})).settings.keepDays).toBeNull();
  });

  it('protect and watched: the marks cleanup reads, in the event log', async () => {
    const r = finishedRecording(dvr, { title: 'Keeper', endedAgoMs: 90 * DAY });
    expect(r).toMatchObject({ protected: false, watchedAt: null });
    expect(await dvr.call('recordings.protect', { id: r.id })).toMatchObject({ protected: true });
    await dvr.call('settings.update', { keepDays: 30 });
    expect((await dvr.call('library.cleanup', {})).deleted).toEqual([]);
    expect(dvr.store.events(r.id).at(-1)!.reason).toBe('protected from cleanup by the user');
    const watched = await dvr.call('recordings.watched', { id: r.id });
    expect(watched.watchedAt).toBeGreaterThan(Date.now() - 60_000);
    expect((await dvr.call('recordings.watched', { id: r.id, watched: false })).watchedAt).toBeNull();
    expect(await dvr.call('recordings.protect', { id: r.id, protected: false })).toMatchObject({
      protected: false,
    });
    expect((await dvr.call('library.cleanup', {})).deleted.map((d) => d.id)).toEqual([r.id]);
    await expect(dvr.call('recordings.protect', { id: r.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(dvr.call('library.cleanup', { days: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('a deleted episode stays recorded: the rule does not record it again (tombstone)', async () => {
    // The planner is not listening while the episode completes, so only cleanup can remember it.
    dvr.planner.stop();
    const episode = finishedRecording(dvr, {
      title: 'Drama',
      endedAgoMs: 40 * DAY,
      programme: { title: 'Drama', season: 1, episode: 2 },
    });
    const history = () =>
      dvr.db.$client
        .prepare('SELECT recording_id AS id, deleted_at AS deletedAt FROM episode_history')
        .all() as Array<{ id: number; deletedAt: number | null }>;
    expect(history()).toEqual([]);
    await dvr.call('settings.update', { keepDays: 30 });
    expect((await dvr.call('library.cleanup', {})).deleted.map((d) => d.id)).toEqual([episode.id]);
    expect(history()).toEqual([{ id: episode.id, deletedAt: expect.any(Number) as number }]);

    dvr.planner.start();
    const t0 = Math.ceil((Date.now() + DAY) / H) * H;
    const guide = writeTemp(
      'guide.xml',
      xmltv(
        ['one.tv'],
        [2, 3].map((n, i) => ({
          channel: 'one.tv',
          start: t0 + i * DAY,
          stop: t0 + i * DAY + H,
          title: 'Drama',
          se: [1, n] as [number, number],
        })),
      ),
    );
    const playlist = writeTemp(
      'p.m3u',
      m3u([{ tvgId: 'one.tv', name: 'One', url: 'http://127.0.0.1:9/one.ts' }]),
    );
    await dvr.call('sources.add', { kind: 'm3u', location: playlist, name: 'Provider' });
    await dvr.call('guides.add', { location: guide, offsetHours: 0 });
    const rule = await dvr.call('rules.add', { config: { kind: 'series', title: 'Drama' } });
    await dvr.planner.evaluate();
    const list = await dvr.call('upcoming.list', { ruleId: rule.id });
    expect(list.map((a) => [a.episode, a.state, a.skip])).toEqual([
      [2, 'skipped', 'duplicate'],
      [3, 'will-record', null],
    ]);
    expect(list[0]!.reason).toMatch(/^already recorded \(since deleted\)/);
  });

  it('runs by itself once a day: the last run is kept, a run is due 24 hours after it', async () => {
    await dvr.call('settings.update', { keepDays: 30 });
    const first = finishedRecording(dvr, { title: 'First', endedAgoMs: 40 * DAY });
    await dvr.space.tick();
    expect(gone(first.id)).toBe(true);
    const lastRun = dvr.settings.internal('cleanupLastRun') as number;
    expect(lastRun).toBeGreaterThan(Date.now() - 60_000);

    const second = finishedRecording(dvr, { title: 'Second', endedAgoMs: 40 * DAY });
    await dvr.space.tick();
    expect(gone(second.id)).toBe(false);
    dvr.settings.setInternal('cleanupLastRun', lastRun - 24 * H);
    await dvr.space.tick();
    expect(gone(second.id)).toBe(true);
  });
});
