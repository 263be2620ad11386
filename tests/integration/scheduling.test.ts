// Scheduling end to end through the contract, on a real database, real guide and playlist files:
// recording from the guide (idempotent, following the guide), series rules with their filters and
// duplicates (history and tombstones), cancelled airings that stay cancelled, two rules on one airing,
// rule edits that keep what still matches, and connection-aware conflicts with their fallbacks.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import type { Recording } from '../../src-shared/domain';
import type { UpcomingAiring } from '../../src-shared/domain-rules';
import { m3u, writeTemp, xmltv, type TestProgramme } from '../support/guide-builder';
import { openTempDvr } from '../support/temp-dvr';

const H = 3600_000;
const M = 60_000;
/** A whole hour a day ahead: nothing in these tests starts recording while they run. */
const T0 = Math.ceil((Date.now() + 24 * H) / H) * H;

let dvr: Dvr;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dvr, cleanup } = await openTempDvr());
  dvr.settings.set('padBeforeSec', 60);
  dvr.settings.set('padAfterSec', 120);
});
afterEach(async () => {
  await cleanup?.();
});

interface World {
  guideFile: string;
  guideId: number;
  channel: (tvgId: string, source?: number) => number;
  sources: number[];
  setGuide(programmes: TestProgramme[]): Promise<void>;
}

/** A guide with these channels and programmes, and playlists (sources) carrying the channels. */
async function world(
  channels: string[],
  programmes: TestProgramme[],
  playlists: Array<{ tvgIds: string[]; maxConnections?: number }> = [{ tvgIds: channels }],
): Promise<World> {
  const guideFile = writeTemp('guide.xml', xmltv(channels, programmes));
  const sources: number[] = [];
  for (const [i, p] of playlists.entries()) {
    const file = writeTemp(
      `p${i}.m3u`,
      m3u(
        p.tvgIds.map((id) => ({ tvgId: id, name: `${id} (${i})`, url: `http://127.0.0.1:9/${i}/${id}.ts` })),
      ),
    );
    const source = await dvr.call('sources.add', {
      kind: 'm3u',
      location: file,
      name: `Provider ${i + 1}`,
      ...(p.maxConnections ? { maxConnections: p.maxConnections } : {}),
    });
    sources.push(source.id);
  }
  const guide = await dvr.call('guides.add', { location: guideFile, offsetHours: 0 });
  const listed = (await dvr.call('channels.search', { limit: 1000 })).channels;
  return {
    guideFile,
    guideId: guide.id,
    sources,
    channel: (tvgId, source = sources[0]!) => {
      const c = listed.find((x) => x.tvgId === tvgId && x.sourceId === source);
      if (!c) throw new Error(`no channel ${tvgId} in source ${source}`);
      return c.id;
    },
    async setGuide(next) {
      writeFileSync(guideFile, xmltv(channels, next));
      await dvr.call('guides.refresh', { id: guide.id });
      await dvr.planner.evaluate();
    },
  };
}

async function programmeId(channelId: number, title: string, start: number): Promise<number> {
  const window = await dvr.call('guide.query', { channelIds: [channelId], from: start - H, to: start + H });
  const p = window.channels[0]?.programmes.find((x) => x.title === title && x.start === start);
  if (!p) throw new Error(`no programme ${title} at ${new Date(start).toISOString()}`);
  return p.id;
}

async function upcoming(ruleId?: number): Promise<UpcomingAiring[]> {
  await dvr.planner.evaluate();
  return dvr.call('upcoming.list', ruleId ? { ruleId } : {});
}

const scheduled = (): Promise<Recording[]> => dvr.call('recordings.list', { status: 'scheduled' });

describe('record from the guide', () => {
  it('keeps the programme, pads by the settings, and gives one recording however often it is asked', async () => {
    const w = await world(
      ['one.tv'],
      [
        {
          channel: 'one.tv',
          start: T0,
          stop: T0 + H,
          title: 'Film',
          subTitle: 'Part 1',
          se: [2, 3],
          progid: 'EP0001.0003',
          desc: 'A film.',
          categories: ['Movie'],
        },
      ],
    );
    const channelId = w.channel('one.tv');
    const id = await programmeId(channelId, 'Film', T0);
    const all = await Promise.all(
      Array.from({ length: 5 }, () => dvr.call('guide.record', { channelId, programmeId: id })),
    );
    expect(new Set(all.map((r) => r.id)).size).toBe(1);
    expect(await scheduled()).toHaveLength(1);
    const r = all[0]!;
    expect(r).toMatchObject({
      title: 'Film',
      startAt: T0,
      endAt: T0 + H,
      padBeforeMs: 60_000,
      padAfterMs: 120_000,
    });
    expect(r.programme).toMatchObject({
      subTitle: 'Part 1',
      season: 2,
      episode: 3,
      uid: 'EP0001.0003',
      categories: ['Movie'],
    });
    // Negative padding: skip the first ten minutes.
    await dvr.call('recordings.cancel', { id: r.id });
    const late = await dvr.call('guide.record', { channelId, programmeId: id, padBeforeMs: -10 * M });
    expect(late.id).not.toBe(r.id);
    expect(late.padBeforeMs).toBe(-10 * M);
  });

  it('follows a programme the guide moves, and says so when the guide drops it', async () => {
    const film: TestProgramme = { channel: 'one.tv', start: T0, stop: T0 + H, title: 'Film' };
    // Around it, so a refresh covers the span where it was (a refresh replaces only what it covers).
    const around: TestProgramme[] = [
      { channel: 'one.tv', start: T0 - 2 * H, stop: T0, title: 'Before' },
      { channel: 'one.tv', start: T0 + 3 * H, stop: T0 + 4 * H, title: 'After' },
    ];
    const w = await world(['one.tv'], [...around, film]);
    const channelId = w.channel('one.tv');
    const r = await dvr.call('guide.record', {
      channelId,
      programmeId: await programmeId(channelId, 'Film', T0),
    });
    await w.setGuide([...around, { ...film, start: T0 + 15 * M, stop: T0 + 75 * M }]);
    const moved = await dvr.call('recordings.get', { id: r.id });
    expect(moved).toMatchObject({ status: 'scheduled', startAt: T0 + 15 * M, endAt: T0 + 75 * M });
    expect(moved.planNote).toMatch(/^moved by the guide/);
    // Times the user edits stay theirs: re-planning does not snap them back to the programme.
    await dvr.call('recordings.edit', { id: r.id, start: T0 + 20 * M, durationMs: 10 * M });
    await dvr.planner.evaluate();
    expect(await dvr.call('recordings.get', { id: r.id })).toMatchObject({
      startAt: T0 + 20 * M,
      endAt: T0 + 30 * M,
    });
    await w.setGuide(around);
    const dropped = await dvr.call('recordings.get', { id: r.id });
    expect(dropped).toMatchObject({ status: 'scheduled', startAt: T0 + 20 * M });
    expect(dropped.planNote).toBe('no longer in the guide; kept at its time');
  });
});

describe('the upcoming list', () => {
  it('skipping a one-off recording cancels it and answers its entry, cancelled by you', async () => {
    const r = await dvr.call('recordings.schedule', {
      title: 'One Off',
      url: 'http://127.0.0.1:9/one-off.ts',
      start: T0,
      durationMs: 30 * M,
    });
    const entry: UpcomingAiring = await dvr.call('upcoming.skip', { recordingId: r.id });
    expect(entry).toMatchObject({
      key: `recording:${r.id}`,
      state: 'skipped',
      skip: 'cancelled',
      reason: 'cancelled by you',
      ruleId: null,
      recordingId: r.id,
      title: 'One Off',
      start: T0,
      end: T0 + 30 * M,
      fixes: [],
    });
    expect(dvr.store.get(r.id).status).toBe('cancelled');
  });
});

describe('series rules', () => {
  const episodes = (
    channel: string,
    title: string,
    n: number,
    extra: Partial<TestProgramme> = {},
  ): TestProgramme[] =>
    Array.from({ length: n }, (_, i) => ({
      channel,
      start: T0 + i * 24 * H,
      stop: T0 + i * 24 * H + 30 * M,
      title,
      se: [1, i + 1] as [number, number],
      ...extra,
    }));

  it('records each new episode once: repeats, recorded and deleted episodes are skipped with reasons', async () => {
    const shows = [
      ...episodes('one.tv', 'Drama', 3, { isNew: true }),
      // The same episodes again later in the week: repeats.
      ...episodes('one.tv', 'Drama', 3, { previouslyShown: true }).map((p) => ({
        ...p,
        start: p.start + 12 * H,
        stop: p.stop + 12 * H,
      })),
    ];
    await world(['one.tv'], shows);
    const rule = await dvr.call('rules.add', { config: { kind: 'series', title: 'drama', newOnly: true } });
    let list = await upcoming(rule.id);
    expect(list.filter((a) => a.state === 'will-record').map((a) => a.episode)).toEqual([1, 2, 3]);
    expect(list.filter((a) => a.skip === 'not-new')).toHaveLength(3);
    // Episode 2 was recorded before (and its recording deleted since: the tombstone still counts).
    const recorded = (await scheduled()).find((r) => r.programme?.episode === 2)!;
    dvr.planner.history.remember(
      { ...recorded, status: 'completed', capturedMs: recorded.expectedMs },
      Date.now(),
    );
    dvr.planner.history.tombstone(recorded.id, Date.now());
    list = await upcoming(rule.id);
    expect(list.filter((a) => a.state === 'will-record').map((a) => a.episode)).toEqual([1, 3]);
    const dup = list.find((a) => a.episode === 2 && a.skip === 'duplicate')!;
    expect(dup.reason).toMatch(/^already recorded \(since deleted\)/);
  });

  it('keeps an airing the user cancelled cancelled through re-evaluations, until restored', async () => {
    const w = await world(['one.tv'], episodes('one.tv', 'Drama', 2));
    const rule = await dvr.call('rules.add', { config: { kind: 'series', title: 'Drama' } });
    const [first] = (await scheduled()).sort((a, b) => a.startAt - b.startAt);
    await dvr.call('recordings.cancel', { id: first!.id });
    await w.setGuide(episodes('one.tv', 'Drama', 2));
    let list = await upcoming(rule.id);
    const cancelled = list.find((a) => a.key === first!.airingKey)!;
    expect(cancelled).toMatchObject({ state: 'skipped', skip: 'cancelled', reason: 'cancelled by you' });
    expect(cancelled.fixes).toEqual([{ kind: 'restore', ruleId: rule.id, key: first!.airingKey }]);
    await dvr.call('upcoming.restore', { ruleId: rule.id, key: first!.airingKey! });
    list = await upcoming(rule.id);
    expect(list.filter((a) => a.state === 'will-record')).toHaveLength(2);
  });

  it('gives one recording when two rules match one airing, and an edit keeps what still matches', async () => {
    await world(['one.tv'], episodes('one.tv', 'Drama Special', 2));
    const a = await dvr.call('rules.add', {
      config: { kind: 'series', title: 'Drama', match: 'prefix' },
      priority: 5,
    });
    await dvr.call('rules.add', { config: { kind: 'series', title: 'special', match: 'contains' } });
    const before = await scheduled();
    expect(before).toHaveLength(2);
    expect(before.every((r) => r.ruleId === a.id)).toBe(true);
    await dvr.call('rules.update', { id: a.id, config: { kind: 'series', title: 'Drama Special' } });
    const after = await scheduled();
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
  });

  it('explains airings outside the rule window', async () => {
    await world(
      ['one.tv'],
      [
        { channel: 'one.tv', start: T0, stop: T0 + 30 * M, title: 'News' },
        { channel: 'one.tv', start: T0 + 3 * H, stop: T0 + 3 * H + 95 * M, title: 'News' },
      ],
    );
    const rule = await dvr.call('rules.add', {
      config: { kind: 'series', title: 'News', maxDurationMin: 60, tz: 'UTC' },
    });
    const list = await upcoming(rule.id);
    expect(list.map((a) => a.state)).toEqual(['will-record', 'skipped']);
    expect(list[1]!.skip).toBe('outside-window');
    expect(list[1]!.reason).toMatch(/95/);
  });
});

describe('programmes without an episode identity', () => {
  it('are all recorded (news is nobody duplicate), unless the rule says once per day', async () => {
    // Two whole UTC days, three bulletins each.
    const D0 = Math.ceil((Date.now() + 24 * H) / (24 * H)) * 24 * H;
    const news: TestProgramme[] = [0, 1].flatMap((day) =>
      [6, 12, 18].map((h) => ({
        channel: 'one.tv',
        start: D0 + day * 24 * H + h * H,
        stop: D0 + day * 24 * H + h * H + 15 * M,
        title: 'News',
      })),
    );
    await world(['one.tv'], news);
    const every = await dvr.call('rules.add', { config: { kind: 'series', title: 'News' } });
    expect((await upcoming(every.id)).filter((a) => a.state === 'will-record')).toHaveLength(6);
    await dvr.call('rules.update', {
      id: every.id,
      config: { kind: 'series', title: 'News', dedupe: 'once-per-day', tz: 'UTC' },
    });
    const daily = await upcoming(every.id);
    expect(daily.filter((a) => a.state === 'will-record')).toHaveLength(2);
    expect(daily.filter((a) => a.skip === 'once-per-period')).toHaveLength(4);
  });
});

describe('the clock', () => {
  it('re-evaluates the plan when the clock jumps (a sleep, a changed time)', async () => {
    const jumped = new Promise<void>((resolve) => {
      const off = dvr.bus.subscribe((e) => {
        if (e.name === 'upcoming.changed') {
          off();
          resolve();
        }
      });
    });
    await dvr.scheduler.reconcile();
    // As if the machine had slept: the next reconcile comes long after the last.
    const realNow = Date.now;
    Date.now = () => realNow() + 3 * 3600_000;
    try {
      await dvr.scheduler.reconcile();
    } finally {
      Date.now = realNow;
    }
    await jumped;
  });
});

describe('connections', () => {
  it('resolves more wants than connections by priority, then another source, and says why the rest conflicts', async () => {
    const programmes: TestProgramme[] = ['a.tv', 'b.tv', 'c.tv'].map((channel) => ({
      channel,
      start: T0,
      stop: T0 + H,
      title: `Show ${channel}`,
    }));
    const w = await world(['a.tv', 'b.tv', 'c.tv'], programmes, [
      { tvgIds: ['a.tv', 'b.tv', 'c.tv'], maxConnections: 1 },
      { tvgIds: ['c.tv'], maxConnections: 1 },
    ]);
    const high = await dvr.call('rules.add', {
      config: { kind: 'series', title: 'Show a.tv' },
      priority: 10,
    });
    await dvr.call('rules.add', { config: { kind: 'series', title: 'Show b.tv' }, priority: 5 });
    await dvr.call('rules.add', { config: { kind: 'series', title: 'Show c.tv' }, priority: 1 });
    const list = (await upcoming()).filter((a) => a.recordingId !== null);
    const byTitle = new Map(list.map((a) => [a.title, a]));
    expect(byTitle.get('Show a.tv')!.state).toBe('will-record');
    // c.tv moves to the second provider, which carries it and has a free connection.
    const c = byTitle.get('Show c.tv')!;
    expect(c.state).toBe('will-record');
    expect(c.channelId).toBe(w.channel('c.tv', w.sources[1]));
    // b.tv has nowhere to go.
    const b = byTitle.get('Show b.tv')!;
    expect(b.state).toBe('conflict');
    expect(b.reason).toMatch(/needs a 2nd connection to Provider 1 at .*held by "Show a\.tv"/);
    expect(b.fixes).toContainEqual({
      kind: 'raise-priority',
      ruleId: expect.any(Number),
      to: high.priority + 1,
    });
  });

  it('records another airing of the episode when the first has no free connection', async () => {
    const programmes: TestProgramme[] = [
      { channel: 'a.tv', start: T0, stop: T0 + H, title: 'Big Match' },
      { channel: 'b.tv', start: T0, stop: T0 + H, title: 'Drama', se: [1, 1] },
      { channel: 'b.tv', start: T0 + 5 * H, stop: T0 + 6 * H, title: 'Drama', se: [1, 1] },
    ];
    await world(['a.tv', 'b.tv'], programmes, [{ tvgIds: ['a.tv', 'b.tv'], maxConnections: 1 }]);
    await dvr.call('rules.add', { config: { kind: 'series', title: 'Big Match' }, priority: 10 });
    const drama = await dvr.call('rules.add', { config: { kind: 'series', title: 'Drama' } });
    const list = await upcoming(drama.id);
    const will = list.filter((a) => a.state === 'will-record');
    expect(will).toHaveLength(1);
    expect(will[0]!.start).toBe(T0 + 5 * H);
    expect(list.find((a) => a.start === T0)!.reason).toMatch(
      /another airing of this episode is recorded instead/,
    );
  });
});
