// Stable identity across refreshes: providers rotate tokens in URLs and renumber their streams; the
// channel rows must stay the same ones, so recordings and manual guide mappings stay attached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeXtream, type FakeXtream } from '../support/fake-xtream';
import { openTempDvr } from '../support/temp-dvr';
import { playlist } from '../unit/sources/helpers';

const GUIDE = `<?xml version="1.0" encoding="UTF-8"?>
<tv>
  <channel id="one.example"><display-name>One</display-name></channel>
  <channel id="other.example"><display-name>Something Else</display-name></channel>
</tv>`;

function v1(token: string): string {
  return playlist([
    {
      attrs: { 'tvg-id': 'one.example', 'group-title': 'Main' },
      title: 'One HD',
      url: `http://cdn.example.invalid/one.ts?token=${token}`,
    },
    {
      attrs: { 'tvg-id': 'two.example', 'group-title': 'Main' },
      title: 'Two',
      url: `http://cdn.example.invalid/two.ts?token=${token}`,
    },
    {
      attrs: { 'group-title': 'Other' },
      title: 'No Id Channel',
      url: `http://cdn.example.invalid/x/${token}/noid.ts`,
    },
  ]);
}

let server: FakeXtream;
let current = v1('AAA');

beforeAll(async () => {
  server = await startFakeXtream();
  server.routes.set('/playlist.m3u', () => ({ body: current }));
  server.routes.set('/guide.xml', { body: GUIDE });
});
afterAll(() => server.close());

describe('a refresh that changes tokens and ids keeps recordings and mappings attached', () => {
  it('M3U: rotated tokens, new URLs, reordered entries', async () => {
    const { dvr, cleanup } = await openTempDvr();
    try {
      current = v1('AAA');
      const source = await dvr.call('sources.add', { kind: 'm3u', location: `${server.url}/playlist.m3u` });
      const guide = await dvr.call('guides.add', { location: `${server.url}/guide.xml` });
      const before = (await dvr.call('channels.search', { sourceId: source.id })).channels;
      const one = before.find((c) => c.name === 'One HD')!;
      const noId = before.find((c) => c.name === 'No Id Channel')!;
      // Automatic mapping by tvg-id first; then the user overrides it.
      expect(one.guide).toMatchObject({ xmltvId: 'one.example', match: 'tvg-id' });
      await dvr.call('channels.map', {
        channelId: one.id,
        to: { guideId: guide.id, xmltvId: 'other.example' },
      });
      const recording = await dvr.call('recordings.schedule', {
        channelId: one.id,
        start: Date.now() + 3600_000,
        durationMs: 600_000,
      });
      const noIdRecording = await dvr.call('recordings.schedule', {
        channelId: noId.id,
        start: Date.now() + 7200_000,
        durationMs: 600_000,
      });

      // The provider rotates every token and reorders the playlist.
      current = playlist([
        {
          attrs: { 'group-title': 'Other' },
          title: 'No Id Channel',
          url: 'http://cdn.example.invalid/x/ZZZ/noid.ts',
        },
        {
          attrs: { 'tvg-id': 'two.example', 'group-title': 'Main' },
          title: 'Two',
          url: 'http://cdn2.example.invalid/two.ts?token=ZZZ',
        },
        {
          attrs: { 'tvg-id': 'one.example', 'group-title': 'Main' },
          title: 'One HD',
          url: 'http://cdn2.example.invalid/one.ts?token=ZZZ',
        },
      ]);
      const refreshed = await dvr.call('sources.refresh', { id: source.id });
      expect(refreshed.lastImport).toMatchObject({ items: 3, added: 0, updated: 3, removed: 0 });

      const after = (await dvr.call('channels.search', { sourceId: source.id })).channels;
      expect(after.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
      const oneAfter = after.find((c) => c.id === one.id)!;
      expect(oneAfter.guide).toMatchObject({ guideId: guide.id, xmltvId: 'other.example', match: 'manual' });
      expect(oneAfter.guideManual).toBe(true);
      expect((await dvr.call('recordings.get', { id: recording.id })).channelId).toBe(one.id);
      expect((await dvr.call('recordings.get', { id: noIdRecording.id })).channelId).toBe(noId.id);
      const row = dvr.db.$client.prepare('SELECT * FROM channels WHERE id = ?').get(one.id) as {
        source_id: number;
        url: string;
        fallback_urls: string;
      };
      expect(dvr.sources.resolveUrls({ sourceId: row.source_id, url: row.url, fallbackUrls: [] })).toEqual([
        'http://cdn2.example.invalid/one.ts?token=ZZZ',
      ]);
      // A guide refresh does not touch the manual mapping either.
      await dvr.call('guides.refresh', { id: guide.id });
      expect((await dvr.call('channels.search', { search: 'One HD' })).channels[0]?.guide?.match).toBe(
        'manual',
      );
    } finally {
      await cleanup();
    }
  });

  it('M3U: a changed tvg-id keeps the channel (matched again by name and group)', async () => {
    const { dvr, cleanup } = await openTempDvr();
    try {
      current = v1('AAA');
      const source = await dvr.call('sources.add', { kind: 'm3u', location: `${server.url}/playlist.m3u` });
      const one = (await dvr.call('channels.search', { search: 'One HD' })).channels[0]!;
      const recording = await dvr.call('recordings.schedule', {
        channelId: one.id,
        start: Date.now() + 3600_000,
        durationMs: 600_000,
      });
      current = v1('BBB').replace('tvg-id="one.example"', 'tvg-id="one-renamed.example"');
      const refreshed = await dvr.call('sources.refresh', { id: source.id });
      expect(refreshed.counts).toMatchObject({ live: 3, missing: 0 });
      const again = (await dvr.call('channels.search', { search: 'One HD' })).channels;
      expect(again.map((c) => c.id)).toEqual([one.id]);
      expect(again[0]?.tvgId).toBe('one-renamed.example');
      expect((await dvr.call('recordings.get', { id: recording.id })).channelId).toBe(one.id);
    } finally {
      await cleanup();
    }
  });

  it('Xtream: renumbered stream ids keep the channel; the URL is rebuilt with the credentials', async () => {
    const xtream = await startFakeXtream();
    const { dvr, cleanup } = await openTempDvr();
    try {
      const source = await dvr.call('sources.add', {
        kind: 'xtream',
        server: xtream.url,
        username: xtream.state.username,
        password: xtream.state.password,
        withGuide: false,
      });
      const news = (await dvr.call('channels.search', { search: 'BBC News' })).channels[0]!;
      const recording = await dvr.call('recordings.schedule', {
        channelId: news.id,
        start: Date.now() + 3600_000,
        durationMs: 600_000,
      });
      xtream.state.streams = xtream.state.streams.map((s) => ({
        ...s,
        stream_id: Number(s.stream_id) + 800,
      }));
      const refreshed = await dvr.call('sources.refresh', { id: source.id });
      expect(refreshed.lastImport).toMatchObject({ added: 0, updated: 3, removed: 0 });
      const after = (await dvr.call('channels.search', { search: 'BBC News' })).channels;
      expect(after.map((c) => c.id)).toEqual([news.id]);
      expect((await dvr.call('recordings.get', { id: recording.id })).channelId).toBe(news.id);
      const row = dvr.db.$client.prepare('SELECT source_id, url FROM channels WHERE id = ?').get(news.id) as {
        source_id: number;
        url: string;
      };
      expect(row.url).not.toContain(xtream.state.password);
      expect(dvr.sources.resolveUrls({ sourceId: row.source_id, url: row.url, fallbackUrls: [] })).toEqual([
        `${xtream.url}/live/alice/${encodeURIComponent(xtream.state.password)}/901.ts`,
      ]);
    } finally {
      await cleanup();
      await xtream.close();
    }
  });
});
