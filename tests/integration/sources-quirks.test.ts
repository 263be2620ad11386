// Real-world playlists and guides that used to import silently wrong (issue 8, items 7 and 9), end to
// end on a real Dvr: each is now read correctly or refused with a clear message, never stored wrong.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startFakeXtream, type FakeXtream } from '../support/fake-xtream';
import { openTempDvr } from '../support/temp-dvr';
import { GUIDE_DAY, tempFile } from '../unit/sources/helpers';

const clock = { now: () => GUIDE_DAY };
let server: FakeXtream;
let dvr: Dvr;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  server = await startFakeXtream();
  ({ dvr, cleanup } = await openTempDvr({ clock }));
});
afterAll(async () => {
  await cleanup();
  await server.close();
});

async function channelsOf(sourceId: number) {
  return (
    await dvr.call('channels.search', {
      sourceId,
      kinds: ['live', 'vod', 'series'],
      includeMissing: true,
      limit: 100,
    })
  ).channels;
}

function urlOf(channelId: number): string {
  return dvr.db.$client.prepare('SELECT url FROM channels WHERE id = ?').pluck().get(channelId) as string;
}

describe('M3U quirks', () => {
  it('#EXTINF without its colon keeps the name and tvg-id (item 7.2)', async () => {
    const file = tempFile(
      'no-colon.m3u',
      '#EXTM3U\n#EXTINF-1 tvg-id="one.example" group-title="News",One\nhttp://s.example.invalid/1.ts\n' +
        '#EXTINF -1 tvg-id="two.example",Two\nhttp://s.example.invalid/2.ts\n',
    );
    const source = await dvr.call('sources.add', { kind: 'm3u', location: file });
    const channels = await channelsOf(source.id);
    expect(channels.map((c) => [c.name, c.tvgId, c.group])).toEqual([
      ['One', 'one.example', 'News'],
      ['Two', 'two.example', null],
    ]);
  });

  it("resolves relative stream URLs against the playlist's URL and its file's folder (item 7.3)", async () => {
    const text = '#EXTM3U\n#EXTINF:-1,Rel\nlive/x.ts\n#EXTINF:-1,Up\n../y.m3u8\n#EXTINF:-1,Root\n/z.ts\n';
    server.routes.set('/lists/rel.m3u', { body: text });
    const remote = await dvr.call('sources.add', { kind: 'm3u', location: `${server.url}/lists/rel.m3u` });
    expect((await channelsOf(remote.id)).map((c) => urlOf(c.id))).toEqual([
      `${server.url}/lists/live/x.ts`,
      `${server.url}/y.m3u8`,
      `${server.url}/z.ts`,
    ]);
    const file = tempFile('rel.m3u', text);
    const dir = pathToFileURL(path.dirname(file)).href;
    const local = await dvr.call('sources.add', { kind: 'm3u', location: file });
    expect((await channelsOf(local.id)).map((c) => urlOf(c.id))).toEqual([
      `${dir}/live/x.ts`,
      `${pathToFileURL(path.dirname(path.dirname(file))).href}/y.m3u8`,
      'file:///z.ts',
    ]);
  });

  it('refuses an HLS stream playlist given as a channel list, saying what it is (item 7.3)', async () => {
    server.routes.set('/hls/master.m3u8', {
      body: '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1280000\nstream_0.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2560000\nstream_1.m3u8\n',
    });
    server.routes.set('/hls/media.m3u8', {
      body: '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:6.0,\nseg1.ts\n#EXTINF:6.0,\nseg2.ts\n',
    });
    for (const route of ['/hls/master.m3u8', '/hls/media.m3u8']) {
      await expect(
        dvr.call('sources.add', { kind: 'm3u', location: `${server.url}${route}` }),
      ).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(
          /this is an HLS stream playlist, not a channel list: add it as a channel\/stream URL instead/,
        ),
      });
    }
    expect((await dvr.call('sources.list', {})).some((s) => s.location?.includes('/hls/'))).toBe(false);
  });

  it('refuses a file that is no playlist without echoing what it holds (item 9)', async () => {
    const file = tempFile(
      'passwd',
      'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' +
        'svc:x:999:999:s3cr3t-token:/var/lib/svc:/bin/sh\n'.repeat(23),
    );
    const error = await dvr.call('sources.add', { kind: 'm3u', location: file }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/no playlist entries found: this does not look like an M3U playlist/);
    for (const secret of ['root', 'daemon', 's3cr3t', 'nologin', 'bash', '/var/lib'])
      expect(error?.message).not.toContain(secret);
    expect((await dvr.call('sources.list', {})).some((s) => s.location === file)).toBe(false);
  });
});

describe('XMLTV quirks', () => {
  const guideDoc = (programmes: string) =>
    `<?xml version="1.0"?>\n<tv>\n<channel id="q.example"><display-name>Q</display-name></channel>\n${programmes}</tv>\n`;

  it('stores 55 programmes with ISO 8601 basic times as 55, not merged at midnight (item 7.1)', async () => {
    const progs = Array.from({ length: 55 }, (_, i) => {
      const t = new Date(GUIDE_DAY + i * 25 * 60_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
      return `<programme start="${t}Z" channel="q.example"><title>Rolling news</title></programme>\n`;
    }).join('');
    const guide = await dvr.call('guides.add', { location: tempFile('iso.xml', guideDoc(progs)) });
    expect(guide.programmeCount).toBe(55);
    expect(guide.coverage).toEqual({ from: GUIDE_DAY, to: GUIDE_DAY + 54 * 25 * 60_000 });
    await dvr.call('guides.remove', { id: guide.id });
  });

  it('reads +000, +0 and -0 offsets as UTC instead of skipping the programme (item 7.5)', async () => {
    const progs = ['+000', '+0', '-0', '+00']
      .map(
        (offset, i) =>
          `<programme start="2026030108${i}000 ${offset}" channel="q.example"><title>P${i}</title></programme>\n`,
      )
      .join('');
    const guide = await dvr.call('guides.add', { location: tempFile('zero.xml', guideDoc(progs)) });
    expect(guide.programmeCount).toBe(4);
    expect(guide.lastImport?.problemCount).toBe(0);
    expect(guide.coverage?.from).toBe(Date.UTC(2026, 2, 1, 8, 0));
    await dvr.call('guides.remove', { id: guide.id });
  });

  it('adds an empty guide (<tv></tv>, <tv/>) with a warning instead of failing (item 7.6)', async () => {
    for (const doc of ['<?xml version="1.0"?>\n<tv></tv>\n', '<tv/>']) {
      const guide = await dvr.call('guides.add', { location: tempFile('empty.xml', doc) });
      expect(guide).toMatchObject({ channelCount: 0, programmeCount: 0, lastError: null });
      expect(guide.lastImport?.problems).toEqual([
        {
          line: null,
          offset: null,
          message:
            'the guide is empty (an XMLTV <tv> with no channels and no programmes): nothing to show yet',
        },
      ]);
      // Refreshing it while it is still empty is fine too.
      const again = await dvr.call('guides.refresh', { id: guide.id });
      expect(again.lastError).toBeNull();
      await dvr.call('guides.remove', { id: guide.id });
    }
  });

  it('keeps the stored guide when a refresh finds it empty, and says why (item 7.6)', async () => {
    const file = tempFile(
      'emptied.xml',
      guideDoc('<programme start="20260301080000 +0000" channel="q.example"><title>Kept</title></programme>'),
    );
    const guide = await dvr.call('guides.add', { location: file });
    expect(guide.programmeCount).toBe(1);
    writeFileSync(file, '<tv/>');
    await expect(dvr.call('guides.refresh', { id: guide.id })).rejects.toThrow(
      /the guide is empty .* while it had channels or programmes before; previous guide data kept/,
    );
    const after = await dvr.call('guides.get', { id: guide.id });
    expect(after).toMatchObject({ channelCount: 1, programmeCount: 1 });
    expect(after.lastError).toMatch(/the guide is empty/);
    await dvr.call('guides.remove', { id: guide.id });
  });
});
