// M3U sources end to end on a real Dvr: files and URLs, plain and gzip, attributes, VOD kept out of
// listings, refreshes that update in place, and every kind of bad input (which must never cost the
// channels the last good import left).
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startFakeXtream, type FakeXtream } from '../support/fake-xtream';
import { openTempDvr } from '../support/temp-dvr';
import {
  closedPort,
  fixture,
  parserFixture,
  playlist,
  recordEvents,
  tempFile,
} from '../unit/sources/helpers';

let server: FakeXtream;
let dvr: Dvr;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  server = await startFakeXtream();
  ({ dvr, cleanup } = await openTempDvr());
});
afterAll(async () => {
  await cleanup();
  await server.close();
});

async function channelsOf(sourceId: number, kinds: Array<'live' | 'vod' | 'series'> = ['live']) {
  return (await dvr.call('channels.search', { sourceId, kinds, includeMissing: true, limit: 5000 })).channels;
}

describe('M3U import', () => {
  it('reads attributes, groups, options and kinds from a file', async () => {
    const source = await dvr.call('sources.add', {
      kind: 'm3u',
      location: fixture('basic.m3u'),
      maxConnections: 2,
    });
    expect(source).toMatchObject({
      kind: 'm3u',
      name: 'basic',
      maxConnections: 2,
      maxConnectionsOverride: 2,
      counts: { live: 7, vod: 1, series: 1, missing: 0 },
      lastError: null,
      offeredGuides: ['http://epg.example.invalid/guide.xml.gz', 'http://epg.example.invalid/other.xml'],
    });
    const live = await channelsOf(source.id);
    expect(live.map((c) => c.name)).toEqual([
      'BBC One HD',
      'BBC Two',
      'ITV HD',
      'ITV SD',
      'News 24',
      'News 24',
      'Radio Café',
    ]);
    const bbc1 = live[0]!;
    expect(bbc1).toMatchObject({
      number: '1',
      group: 'UK',
      logo: 'http://logo.example.invalid/bbc1.png',
      tvgId: 'bbc1.uk',
    });
    expect(live[1]?.catchup).toEqual({ mode: 'default', days: 7, source: '?utc={utc}' });
    expect(live[6]?.group).toBe('Music'); // from #EXTGRP
    // #EXTVLCOPT user agent and referrer are kept for recording.
    const headers = dvr.db.$client
      .prepare('SELECT headers FROM channels WHERE id = ?')
      .pluck()
      .get(bbc1.id) as string;
    expect(JSON.parse(headers)).toEqual({
      'User-Agent': 'TestAgent/1.0',
      Referer: 'http://ref.example.invalid/',
    });
    // VOD and series are stored but kept out of the default listing.
    const all = await channelsOf(source.id, ['live', 'vod', 'series']);
    expect(all.filter((c) => c.kind !== 'live').map((c) => [c.kind, c.name])).toEqual([
      ['vod', 'Some Movie (2020)'],
      ['series', 'Some Show S01E02'],
    ]);
    expect((await dvr.call('channels.search', { search: 'Some Movie' })).total).toBe(0);
    // The core listing sees the same rows.
    expect((await dvr.call('channels.list', { search: 'BBC' })).map((c) => c.name)).toContain('BBC One HD');
  });

  it('keys a duplicated tvg-id by name, and numbers identical names', async () => {
    const keys = dvr.db.$client
      .prepare(
        `SELECT c.name, c.stable_key FROM channels c JOIN sources s ON s.id = c.source_id
          WHERE s.name = 'basic' AND c.kind = 'live' ORDER BY c.id`,
      )
      .raw()
      .all() as Array<[string, string]>;
    expect(keys).toEqual([
      ['BBC One HD', 'bbc1.uk'],
      ['BBC Two', 'bbc2.uk'],
      ['ITV HD', 'name:itv hd|uk'],
      ['ITV SD', 'name:itv sd|uk'],
      ['News 24', 'name:news 24|news'],
      ['News 24', 'name:news 24|news#2'],
      ['Radio Café', 'name:radio café|music'],
    ]);
  });

  it('imports from http, plain, gzip-encoded and .gz, and refreshes in place', async () => {
    const text = playlist([
      {
        attrs: { 'tvg-id': 'a.example', 'group-title': 'G' },
        title: 'A',
        url: 'http://s.example.invalid/a.ts',
      },
      {
        attrs: { 'tvg-id': 'b.example', 'group-title': 'G' },
        title: 'B',
        url: 'http://s.example.invalid/b.ts',
      },
    ]);
    server.routes.set('/plain.m3u', { body: text });
    server.routes.set('/encoded.m3u', { body: gzipSync(text), headers: { 'Content-Encoding': 'gzip' } });
    server.routes.set('/file.m3u.gz', {
      body: gzipSync(text),
      headers: { 'Content-Type': 'application/gzip' },
    });
    for (const route of ['/plain.m3u', '/encoded.m3u', '/file.m3u.gz']) {
      const source = await dvr.call('sources.add', { kind: 'm3u', location: `${server.url}${route}` });
      expect(source.counts.live, route).toBe(2);
      const ids = (await channelsOf(source.id)).map((c) => c.id);
      const again = await dvr.call('sources.refresh', { id: source.id });
      expect(again.lastImport).toMatchObject({ added: 0, updated: 2 });
      expect((await channelsOf(source.id)).map((c) => c.id)).toEqual(ids);
    }
  });

  it('marks channels a refresh no longer lists as missing, and brings them back', async () => {
    const first = playlist([
      { attrs: { 'tvg-id': 'keep.example' }, title: 'Keep', url: 'http://s.example.invalid/keep.ts' },
      { attrs: { 'tvg-id': 'gone.example' }, title: 'Gone', url: 'http://s.example.invalid/gone.ts' },
    ]);
    const file = tempFile('missing.m3u', first);
    const source = await dvr.call('sources.add', { kind: 'm3u', location: file });
    const gone = (await channelsOf(source.id)).find((c) => c.name === 'Gone')!;
    writeFileSync(
      file,
      playlist([
        { attrs: { 'tvg-id': 'keep.example' }, title: 'Keep', url: 'http://s.example.invalid/keep2.ts' },
      ]),
    );
    const refreshed = await dvr.call('sources.refresh', { id: source.id });
    expect(refreshed.counts).toMatchObject({ live: 1, missing: 1 });
    expect(refreshed.lastImport?.removed).toBe(1);
    expect((await dvr.call('channels.search', { sourceId: source.id })).channels.map((c) => c.name)).toEqual([
      'Keep',
    ]);
    const missing = (await channelsOf(source.id)).find((c) => c.id === gone.id)!;
    expect(missing.missingSince).not.toBeNull();
    writeFileSync(file, first);
    const back = await dvr.call('sources.refresh', { id: source.id });
    expect(back.counts).toMatchObject({ live: 2, missing: 0 });
    expect((await channelsOf(source.id)).find((c) => c.id === gone.id)?.missingSince).toBeNull();
  });

  it('reports progress and change events', async () => {
    const events = recordEvents(dvr);
    const source = await dvr.call('sources.add', {
      kind: 'm3u',
      location: parserFixture('m3u/vod-series-mix.m3u'),
    });
    const progress = events
      .filter((e) => e.name === 'sources.progress')
      .map((e) => e.payload as { phase: string; id: number });
    expect(progress.every((p) => p.id === source.id)).toBe(true);
    expect(progress.map((p) => p.phase)).toContain('importing');
    expect(progress.at(-1)?.phase).toBe('done');
    expect(events.some((e) => e.name === 'sources.changed')).toBe(true);
    expect(events.some((e) => e.name === 'channels.changed')).toBe(true);
  });

  it('refuses a second source for the same playlist', async () => {
    await expect(
      dvr.call('sources.add', { kind: 'm3u', location: fixture('basic.m3u') }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});

describe('M3U bad input', () => {
  /** A source with two good channels, whose file the test then spoils. */
  async function goodSource(name: string) {
    const file = tempFile(
      `${name}.m3u`,
      playlist([
        { attrs: { 'tvg-id': `${name}1` }, title: `${name} One`, url: 'http://s.example.invalid/1.ts' },
        { attrs: { 'tvg-id': `${name}2` }, title: `${name} Two`, url: 'http://s.example.invalid/2.ts' },
      ]),
    );
    const source = await dvr.call('sources.add', { kind: 'm3u', location: file });
    return { file, source };
  }

  it('garbage lines: imports what is valid and reports skipped lines with their numbers', async () => {
    const source = await dvr.call('sources.add', { kind: 'm3u', location: parserFixture('m3u/garbage.m3u') });
    expect(source.counts.live).toBeGreaterThanOrEqual(3);
    expect(source.lastImport!.problemCount).toBeGreaterThan(0);
    expect(source.lastImport!.problems.every((p) => typeof p.line === 'number' && p.line > 0)).toBe(true);
    expect(source.lastImport!.problems.map((p) => p.message).join('\n')).toMatch(
      /binary garbage line skipped/,
    );
  });

  it('Latin-1 and UTF-8 with BOM decode correctly', async () => {
    const latin = await dvr.call('sources.add', { kind: 'm3u', location: parserFixture('m3u/latin1.m3u') });
    const names = (await channelsOf(latin.id)).map((c) => c.name).join(' ');
    expect(names).not.toContain('\ufffd');
    expect(names).toMatch(/[éèàçüöä]/);
    const bom = await dvr.call('sources.add', { kind: 'm3u', location: parserFixture('m3u/bom-crlf.m3u') });
    const bomNames = (await channelsOf(bom.id)).map((c) => c.name);
    expect(bomNames.length).toBeGreaterThan(0);
    expect(bomNames.filter((name) => /^\ufeff|\r/.test(name))).toEqual([]);
    expect(bom.counts.live).toBeGreaterThan(0);
  });

  it('huge attributes are dropped and reported, the entries kept', async () => {
    const source = await dvr.call('sources.add', {
      kind: 'm3u',
      location: parserFixture('m3u/huge-attr.m3u'),
    });
    expect(source.counts.live).toBeGreaterThan(0);
    expect(source.lastImport!.problems.map((p) => p.message).join('\n')).toMatch(/longer than/);
  });

  it('a binary file fails the refresh and keeps the previous channels', async () => {
    const { file, source } = await goodSource('bin');
    writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    await expect(dvr.call('sources.refresh', { id: source.id })).rejects.toThrow(/no playlist entries found/);
    const after = await dvr.call('sources.get', { id: source.id });
    expect(after.lastError).toMatch(/no playlist entries found/);
    expect(after.counts).toMatchObject({ live: 2, missing: 0 });
    expect(after.lastRefreshAt).toBe(source.lastRefreshAt);
  });

  it('a truncated file imports what is complete and retires nothing', async () => {
    const { file, source } = await goodSource('trunc');
    writeFileSync(
      file,
      '#EXTM3U\n#EXTINF:-1 tvg-id="trunc1",trunc One\nhttp://s.example.invalid/1b.ts\n#EXTINF:-1 tvg-id="trunc2",tr',
    );
    const after = await dvr.call('sources.refresh', { id: source.id });
    expect(after.lastError).toBeNull();
    expect(after.counts).toMatchObject({ live: 2, missing: 0 });
    expect(after.lastImport?.problems.some((p) => /end of file/.test(p.message))).toBe(true);
  });

  it('an empty file, a missing file and an unreachable URL are clear errors that change nothing', async () => {
    const { file, source } = await goodSource('empty');
    writeFileSync(file, '');
    await expect(dvr.call('sources.refresh', { id: source.id })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(dvr.call('sources.add', { kind: 'm3u', location: '/no/such/dir/list.m3u' })).rejects.toThrow(
      /file not found: \/no\/such\/dir\/list.m3u/,
    );
    await expect(
      dvr.call('sources.add', { kind: 'm3u', location: `http://127.0.0.1:${await closedPort()}/list.m3u` }),
    ).rejects.toThrow(/cannot reach 127.0.0.1:\d+: ECONNREFUSED/);
    await expect(
      dvr.call('sources.add', { kind: 'm3u', location: `${server.url}/nothing-here.m3u` }),
    ).rejects.toThrow(/HTTP 404/);
    // Failed adds leave nothing behind.
    expect((await dvr.call('sources.list', {})).some((s) => s.location?.includes('nothing-here'))).toBe(
      false,
    );
    expect((await dvr.call('sources.get', { id: source.id })).counts.live).toBe(2);
  });

  it('a gzip bomb is stopped at the inflate cap without holding it in memory', async () => {
    // 576 MiB of newlines in ~0.6 MB of gzip: just over the 512 MiB playlist cap.
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024, 10), { level: 9 });
    const file = tempFile('bomb.m3u.gz', Buffer.concat(new Array<Buffer>(9).fill(member)));
    const rssBefore = process.memoryUsage().rss;
    await expect(dvr.call('sources.add', { kind: 'm3u', location: file })).rejects.toThrow(
      /possible gzip bomb/,
    );
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);
});
