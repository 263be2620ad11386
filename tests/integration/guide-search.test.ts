// guide.search (the app's search box) and guide.airings (a programme's other airings), on a real Dvr:
// what matches and in which order, LIKE's wildcards taken literally, only channels turned on that carry
// a guide. How long both take on a 1,000-channel × 14-day guide: bench/import/guide-search.mjs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { snippet } from '../../src-main/core/guide/guide-search';
import { m3u, writeTemp, xmltv, type TestProgramme } from '../support/guide-builder';
import { openTempDvr } from '../support/temp-dvr';

const H = 3600_000;
const DAY = 24 * H;
/** A whole hour a day ahead. */
const T0 = Math.ceil((Date.now() + DAY) / H) * H;
const LONG =
  'A long evening of stories from the hospital. ' +
  'Nurses, porters and surgeons tell what a night shift is like when the city sleeps. '.repeat(3) +
  'Later, the anatomy of a rescue: how a team of strangers saved a life on the motorway. ' +
  'With music and archive film from forty years of emergency medicine.';

const PROGRAMMES: TestProgramme[] = [
  { channel: 'a.tv', start: T0 - H / 2, stop: T0 + H / 2, title: 'Morning Show', desc: LONG },
  { channel: 'a.tv', start: T0, stop: T0 + H, title: "Grey's Anatomy", desc: 'Doctors at work.' },
  { channel: 'b.tv', start: T0 + H, stop: T0 + 2 * H, title: 'GREYS ANATOMY' },
  { channel: 'a.tv', start: T0 + 2 * H, stop: T0 + 3 * H, title: 'Greys Anatomy: The Story' },
  { channel: 'c.tv', start: T0 + 2 * H, stop: T0 + 3 * H, title: "Grey's Anatomy" },
  { channel: 'd.tv', start: T0 + 2 * H, stop: T0 + 3 * H, title: "Grey's Anatomy" },
  { channel: 'b.tv', start: T0 + 5 * DAY, stop: T0 + 5 * DAY + H, title: 'Grey’s Anatomy' },
  { channel: 'b.tv', start: T0 + 15 * DAY, stop: T0 + 15 * DAY + H, title: "Grey's Anatomy" },
  {
    channel: 'a.tv',
    start: T0 + 3 * H,
    stop: T0 + 4 * H,
    title: '100% Hits',
    desc: 'Music_videos all night.',
  },
  { channel: 'b.tv', start: T0 + 3 * H, stop: T0 + 4 * H, title: 'Big Hits' },
  { channel: 'b.tv', start: T0 - 3 * DAY, stop: T0 - 3 * DAY + H, title: 'Long gone Anatomy' },
];

describe('guide.search and guide.airings', () => {
  let dvr: Dvr;
  let cleanup: () => Promise<void>;
  const ids: Record<string, number> = {};
  const window = { from: T0, to: T0 + 7 * DAY };

  beforeAll(async () => {
    ({ dvr, cleanup } = await openTempDvr());
    // a.tv and b.tv are carried; c.tv is in the guide only; d.tv by a channel turned off.
    const playlist = writeTemp(
      'p.m3u',
      m3u(
        ['a.tv', 'b.tv', 'd.tv'].map((id) => ({
          tvgId: id,
          name: id.toUpperCase(),
          url: `http://127.0.0.1:9/${id}.ts`,
        })),
      ),
    );
    await dvr.call('sources.add', { kind: 'm3u', location: playlist });
    await dvr.call('guides.add', {
      location: writeTemp('g.xml', xmltv(['a.tv', 'b.tv', 'c.tv', 'd.tv'], PROGRAMMES)),
    });
    for (const c of (await dvr.call('channels.search', {})).channels) ids[c.name] = c.id;
    await dvr.call('channels.update', { id: ids['D.TV']!, enabled: false });
  });
  afterAll(async () => {
    await cleanup?.();
  });

  const search = async (text: string, more: { limit?: number; from?: number; to?: number } = {}) =>
    dvr.call('guide.search', { ...window, text, ...more });
  const brief = (hits: Awaited<ReturnType<typeof search>>) =>
    hits.map((h) => `${h.match} ${h.channelName} ${h.programme.title}`);

  it('titles first, then descriptions, each by start; case-insensitive; on carried channels turned on', async () => {
    const hits = await search('anatomy');
    expect(brief(hits)).toEqual([
      "title A.TV Grey's Anatomy",
      'title B.TV GREYS ANATOMY',
      'title A.TV Greys Anatomy: The Story',
      'title B.TV Grey’s Anatomy',
      // A programme that began before the window and runs into it counts.
      'description A.TV Morning Show',
    ]);
    const first = hits[0]!;
    expect(first).toMatchObject({
      channelId: ids['A.TV'],
      channelNumber: null,
      logoUrl: null,
      snippet: 'Doctors at work.',
      programme: { start: T0, stop: T0 + H, title: "Grey's Anatomy", channelId: ids['A.TV'] },
    });
    // The grid's fields only: details come from guide.programme.
    expect(first.programme).not.toHaveProperty('description');
    // A description hit shows where it matched.
    expect(hits[4]!.snippet).toMatch(/^….*the anatomy of a rescue.*…$/);
    expect(hits[4]!.snippet!.length).toBeLessThanOrEqual(162);
  });

  it('limit, and the window', async () => {
    expect(brief(await search('anatomy', { limit: 2 }))).toEqual([
      "title A.TV Grey's Anatomy",
      'title B.TV GREYS ANATOMY',
    ]);
    expect(brief(await search('anatomy', { to: T0 + DAY, limit: 4 }))).toEqual([
      "title A.TV Grey's Anatomy",
      'title B.TV GREYS ANATOMY',
      'title A.TV Greys Anatomy: The Story',
      'description A.TV Morning Show',
    ]);
    expect(await search('anatomy', { from: T0 + 6 * DAY, to: T0 + 7 * DAY })).toEqual([]);
  });

  it('% and _ are letters, not wildcards', async () => {
    expect(brief(await search('0% H'))).toEqual(['title A.TV 100% Hits']);
    expect(brief(await search('% Hits'))).toEqual(['title A.TV 100% Hits']);
    expect(brief(await search('_ig'))).toEqual([]);
    expect(brief(await search('c_v'))).toEqual(['description A.TV 100% Hits']);
  });

  it('other airings: the same title as normalised, in the next 14 days, on channels turned on', async () => {
    const guide = await dvr.call('guide.query', { channelIds: [ids['A.TV']!], from: T0, to: T0 + H });
    const greys = guide.channels[0]!.programmes.find((p) => p.title === "Grey's Anatomy")!;
    const others = await dvr.call('guide.airings', { channelId: ids['A.TV']!, programmeId: greys.id });
    expect(others.map((a) => [a.channelName, a.programme.title, a.programme.start])).toEqual([
      ['B.TV', 'GREYS ANATOMY', T0 + H],
      ['B.TV', 'Grey’s Anatomy', T0 + 5 * DAY],
    ]);
    expect(others[0]).toMatchObject({ channelId: ids['B.TV'], channelNumber: null, logoUrl: null });
  });

  it('other airings of something unknown: not_found', async () => {
    await expect(
      dvr.call('guide.airings', { channelId: ids['A.TV']!, programmeId: 999_999 }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(dvr.call('guide.airings', { channelId: 999_999, programmeId: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('snippet', () => {
  it('keeps short descriptions whole and cuts long ones at words', () => {
    expect(snippet('  Short\n text. ', null)).toBe('Short text.');
    const cut = snippet(LONG, null);
    expect(cut.startsWith('A long evening')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(161);
    const around = snippet(LONG, 'MOTORWAY');
    expect(around).toMatch(/^….*motorway/);
  });
});
