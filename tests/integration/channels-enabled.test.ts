// Channels the user turns off: still listed (and filterable) in the channels screen, out of the guide grid
// and guide search, not recorded by series rules that take any channel (the same airing on another
// source is), kept off across refreshes (the import's upsert and its rescue never write `enabled`), and
// still recorded by rules that name them: a series rule scoped to the channel, a time rule.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { type TapedeckError } from '../../src-shared/contract';
import type { Recording } from '../../src-shared/domain';
import { m3u, writeTemp, xmltv, type TestProgramme } from '../support/guide-builder';
import { openTempDvr } from '../support/temp-dvr';

const H = 3600_000;
/** A whole hour a day ahead: nothing here starts recording while the tests run. */
const T0 = Math.ceil((Date.now() + 24 * H) / H) * H;

let dvr: Dvr;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dvr, cleanup } = await openTempDvr());
});
afterEach(async () => {
  await cleanup?.();
});

const PROGRAMMES: TestProgramme[] = [
  { channel: 'news.tv', start: T0, stop: T0 + H, title: 'News Hour', desc: 'The day in pictures.' },
  { channel: 'only.tv', start: T0, stop: T0 + H, title: 'Only Here', desc: 'Shown on one channel.' },
  { channel: 'only.tv', start: T0 + 2 * H, stop: T0 + 3 * H, title: 'Only Here', se: [1, 2] },
];

interface World {
  playlists: string[];
  sources: number[];
  /** Channel id by tvg-id and source index. */
  channel(tvgId: string, source?: number): Promise<number>;
}

async function world(): Promise<World> {
  const lists = [
    [
      { tvgId: 'news.tv', name: 'News', url: 'http://127.0.0.1:9/1/news.ts' },
      { tvgId: 'only.tv', name: 'Only', url: 'http://127.0.0.1:9/1/only.ts' },
    ],
    [{ tvgId: 'news.tv', name: 'News backup', url: 'http://127.0.0.1:9/2/news.ts' }],
  ];
  const playlists: string[] = [];
  const sources: number[] = [];
  for (const [i, entries] of lists.entries()) {
    const file = writeTemp(`p${i}.m3u`, m3u(entries));
    playlists.push(file);
    sources.push(
      (await dvr.call('sources.add', { kind: 'm3u', location: file, name: `Provider ${i + 1}` })).id,
    );
  }
  await dvr.call('guides.add', {
    location: writeTemp('guide.xml', xmltv(['news.tv', 'only.tv'], PROGRAMMES)),
  });
  return {
    playlists,
    sources,
    channel: async (tvgId, source = 0) => {
      const { channels } = await dvr.call('channels.search', { sourceId: sources[source]! });
      const found = channels.find((c) => c.tvgId === tvgId);
      if (!found) throw new Error(`no ${tvgId} in source ${source}`);
      return found.id;
    },
  };
}

const scheduled = async (): Promise<Recording[]> => {
  await dvr.planner.evaluate();
  return dvr.call('recordings.list', { status: 'scheduled' });
};

describe('channels.update', () => {
  it('turns a channel off and on; the channels screen still lists it and can filter by it', async () => {
    const w = await world();
    const only = await w.channel('only.tv');
    const events: string[] = [];
    dvr.bus.subscribe((e) => events.push(e.name));

    const off = await dvr.call('channels.update', { id: only, enabled: false });
    expect(off).toMatchObject({ id: only, name: 'Only', enabled: false });
    expect(events).toContain('channels.changed');
    expect((await dvr.call('channels.search', {})).channels.map((c) => [c.name, c.enabled])).toEqual([
      ['News', true],
      ['Only', false],
      ['News backup', true],
    ]);
    expect((await dvr.call('channels.search', { enabled: false })).channels.map((c) => c.id)).toEqual([only]);
    expect((await dvr.call('channels.search', { enabled: true })).total).toBe(2);

    // Asking again changes nothing and says nothing.
    events.length = 0;
    await dvr.call('channels.update', { id: only, enabled: false });
    expect(events).toEqual([]);
    expect((await dvr.call('channels.update', { id: only, enabled: true })).enabled).toBe(true);
  });

  it('an unknown channel is not_found', async () => {
    await expect(dvr.call('channels.update', { id: 4242, enabled: false })).rejects.toMatchObject({
      code: 'not_found',
      message: 'channel 4242 does not exist',
    } satisfies Partial<TapedeckError>);
  });

  it('a refresh keeps the choice: the upsert and the rescue of a renamed key leave `enabled` alone', async () => {
    const w = await world();
    const only = await w.channel('only.tv');
    await dvr.call('channels.update', { id: only, enabled: false });

    // The provider renames the channel (same key: upsert in place).
    writeFileSync(
      w.playlists[0]!,
      m3u([
        { tvgId: 'news.tv', name: 'News', url: 'http://127.0.0.1:9/1/news.ts' },
        { tvgId: 'only.tv', name: 'Only HD', url: 'http://127.0.0.1:9/1/only-hd.ts' },
      ]),
    );
    await dvr.call('sources.refresh', { id: w.sources[0]! });
    let row = (await dvr.call('channels.search', { sourceId: w.sources[0]! })).channels.find(
      (c) => c.id === only,
    );
    expect(row).toMatchObject({ name: 'Only HD', enabled: false });

    // Then changes its tvg-id (a new key: the old row is rescued under it, keeping its id).
    writeFileSync(
      w.playlists[0]!,
      m3u([
        { tvgId: 'news.tv', name: 'News', url: 'http://127.0.0.1:9/1/news.ts' },
        { tvgId: 'only-hd.tv', name: 'Only HD', url: 'http://127.0.0.1:9/1/only-hd.ts' },
      ]),
    );
    await dvr.call('sources.refresh', { id: w.sources[0]! });
    const { channels } = await dvr.call('channels.search', { sourceId: w.sources[0]! });
    row = channels.find((c) => c.tvgId === 'only-hd.tv');
    expect(row).toMatchObject({ id: only, enabled: false });
    expect(channels.find((c) => c.name === 'News')!.enabled).toBe(true);
  });
});

describe('the guide', () => {
  it('the grid leaves out channels turned off unless asked; by id they are answered', async () => {
    const w = await world();
    const only = await w.channel('only.tv');
    await dvr.call('channels.update', { id: only, enabled: false });
    const window = { from: T0 - H, to: T0 + 4 * H };
    const grid = await dvr.call('guide.query', window);
    expect(grid.channels.map((c) => c.name)).toEqual(['News', 'News backup']);
    const all = await dvr.call('guide.query', { ...window, includeDisabled: true });
    expect(all.channels.map((c) => c.name)).toEqual(['News', 'News backup', 'Only']);
    const byId = await dvr.call('guide.query', { ...window, channelIds: [only] });
    expect(byId.channels[0]!.programmes.map((p) => p.title)).toEqual(['Only Here', 'Only Here']);
    expect(byId.channels[0]!.logoUrl).toBeNull();
  });

  it('search leaves them out too', async () => {
    const w = await world();
    const window = { from: T0 - H, to: T0 + 4 * H };
    expect((await dvr.call('guide.search', { ...window, text: 'only' })).map((h) => h.channelName)).toEqual([
      'Only',
      'Only',
    ]);
    await dvr.call('channels.update', { id: await w.channel('only.tv'), enabled: false });
    expect(await dvr.call('guide.search', { ...window, text: 'only' })).toEqual([]);
    // News is carried twice: turning one off leaves the other.
    await dvr.call('channels.update', { id: await w.channel('news.tv'), enabled: false });
    expect((await dvr.call('guide.search', { ...window, text: 'news' })).map((h) => h.channelName)).toEqual([
      'News backup',
    ]);
  });
});

describe('rules', () => {
  it('a series rule on any channel does not record a channel turned off; the other source does', async () => {
    const w = await world();
    const only = await w.channel('only.tv');
    const news = await w.channel('news.tv');
    const backup = await w.channel('news.tv', 1);
    await dvr.call('rules.add', { config: { kind: 'series', title: 'Only Here', dedupe: 'none' } });
    await dvr.call('rules.add', { config: { kind: 'series', title: 'News Hour' } });
    expect((await scheduled()).map((r) => [r.title, r.channelId]).sort()).toEqual([
      ['News Hour', news],
      ['Only Here', only],
      ['Only Here', only],
    ]);

    await dvr.call('channels.update', { id: only, enabled: false });
    await dvr.call('channels.update', { id: news, enabled: false });
    expect((await scheduled()).map((r) => [r.title, r.channelId])).toEqual([['News Hour', backup]]);

    // Back on: back in the plan.
    await dvr.call('channels.update', { id: only, enabled: true });
    expect((await scheduled()).filter((r) => r.title === 'Only Here')).toHaveLength(2);
  });

  it('rules that name a channel turned off still record it: a series rule scoped to it, a time rule', async () => {
    const w = await world();
    const only = await w.channel('only.tv');
    await dvr.call('channels.update', { id: only, enabled: false });
    await dvr.call('rules.add', {
      config: {
        kind: 'series',
        title: 'Only Here',
        channels: { scope: 'channels', ids: [only] },
        dedupe: 'none',
      },
    });
    const fromSeries = await scheduled();
    expect(fromSeries.map((r) => [r.title, r.channelId])).toEqual([
      ['Only Here', only],
      ['Only Here', only],
    ]);

    const at = new Date(T0 + 6 * H);
    const hhmm = `${String(at.getUTCHours()).padStart(2, '0')}:00`;
    const rule = await dvr.call('rules.add', {
      config: {
        kind: 'time',
        channelId: only,
        at: hhmm,
        durationMs: 30 * 60_000,
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        tz: 'UTC',
      },
    });
    const fromTime = (await scheduled()).filter((r) => r.ruleId === rule.id);
    expect(fromTime.length).toBeGreaterThan(0);
    expect(new Set(fromTime.map((r) => r.channelId))).toEqual(new Set([only]));
  });

  it('a rule naming a channel turned off gives it to no other rule, and its preview shows it', async () => {
    const w = await world();
    const only = await w.channel('only.tv');
    await dvr.call('channels.update', { id: only, enabled: false });
    const scoped = {
      kind: 'series',
      title: 'Only Here',
      channels: { scope: 'channels', ids: [only] },
      dedupe: 'none',
    } as const;
    // Not saved yet: the preview already records from the channel it names.
    const preview = await dvr.call('rules.preview', { rule: { config: scoped } });
    expect(preview.airings.filter((a) => a.state === 'will-record').map((a) => a.channelId)).toEqual([
      only,
      only,
    ]);
    // Saved, with an any-channel rule for the same title at a higher priority: the airings are the
    // named rule's (the other rule's scope leaves an off channel out), not the any-channel rule's.
    const named = await dvr.call('rules.add', { config: scoped });
    await dvr.call('rules.add', {
      config: { kind: 'series', title: 'Only Here', dedupe: 'none' },
      priority: 90,
    });
    const mine = await scheduled();
    expect(mine.map((r) => [r.ruleId, r.channelId])).toEqual([
      [named.id, only],
      [named.id, only],
    ]);
  });
});
