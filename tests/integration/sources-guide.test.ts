// XMLTV guides end to end on a real Dvr: time zones and offsets, episode numbers, flags, entities,
// several guides at once, per-guide hour offsets, mapping, programme identity across refreshes,
// retention, the guide query, and hostile or broken guides.
import { copyFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import type { GuideProgramme } from '../../src-shared/domain-sources';
import { startFakeXtream, type FakeXtream } from '../support/fake-xtream';
import { openTempDvr } from '../support/temp-dvr';
import { sourceCommandsOf } from '../support/source-commands';
import { closedPort, fixture, GUIDE_DAY, parserFixture, tempFile } from '../unit/sources/helpers';

const H = 3600_000;
const at = (iso: string) => Date.parse(iso);
const clock = { time: GUIDE_DAY, now: () => clock.time };

let dvr: Dvr;
let cleanup: () => Promise<void>;
let server: FakeXtream;
let guideId: number;
let sourceId: number;

beforeAll(async () => {
  server = await startFakeXtream();
  ({ dvr, cleanup } = await openTempDvr({ clock }));
  sourceId = (await dvr.call('sources.add', { kind: 'm3u', location: fixture('basic.m3u') })).id;
  guideId = (await dvr.call('guides.add', { location: fixture('guide-basic.xml') })).id;
});
afterAll(async () => {
  await cleanup();
  await server.close();
});

async function programmes(
  channelName: string,
  from = GUIDE_DAY - 6 * H,
  to = GUIDE_DAY + 12 * H,
): Promise<GuideProgramme[]> {
  const channel = (await dvr.call('channels.search', { search: channelName })).channels[0]!;
  const window = await dvr.call('guide.query', { channelIds: [channel.id], from, to });
  return window.channels[0]!.programmes;
}

describe('XMLTV import', () => {
  it('stores channels and programmes, skipping those already past retention', async () => {
    const guide = await dvr.call('guides.get', { id: guideId });
    expect(guide).toMatchObject({
      name: 'guide-basic',
      channelCount: 5,
      programmeCount: 10,
      lastError: null,
    });
    expect(guide.lastImport).toMatchObject({ items: 11, added: 10, problemCount: 0, stoppedEarly: null });
  });

  it('converts every time-zone form to UTC, and fills a missing stop from the next start', async () => {
    const one = await programmes('BBC One HD');
    expect(one.map((p) => [p.title, p.start, p.stop])).toEqual([
      ['Breakfast & News', at('2026-03-01T06:00:00Z'), at('2026-03-01T07:00:00Z')],
      ['Homes Under the Hammer', at('2026-03-01T07:00:00Z'), at('2026-03-01T08:00:00Z')],
      ['Film: The Matinee', at('2026-03-01T08:00:00Z'), at('2026-03-01T09:00:00Z')],
    ]);
    const two = await programmes('BBC Two');
    expect(two.map((p) => [p.title, p.start, p.stop])).toEqual([
      ['Minus Five', at('2026-03-01T08:00:00Z'), at('2026-03-01T09:00:00Z')],
      ['No Offset Means UTC', at('2026-03-01T09:00:00Z'), at('2026-03-01T10:00:00Z')],
      ['Minutes Only, No Stop', at('2026-03-01T10:00:00Z'), at('2026-03-01T11:00:00Z')],
      ['After The Open One', at('2026-03-01T11:00:00Z'), at('2026-03-01T12:00:00Z')],
    ]);
  });

  it('keeps sub-title, description, categories, episode numbers, flags, icon and rating', async () => {
    const [breakfast, homes, film] = await programmes('BBC One HD');
    expect(breakfast).toMatchObject({
      subTitle: 'Monday edition',
      description: 'The morning news <live>.',
      categories: ['News', 'Current affairs'],
      season: 3,
      episode: 10,
      episodeNum: '2.9.',
      isNew: true,
      previouslyShown: false,
      premiere: false,
      icon: 'http://img.example.invalid/breakfast.png',
      rating: 'TV-G',
    });
    expect(homes).toMatchObject({ season: 24, episode: 12, episodeNum: 'S24E12', previouslyShown: true });
    expect(film).toMatchObject({ premiere: true, season: null, episode: null, categories: ['Movie'] });
    const two = await programmes('BBC Two');
    expect(two.map((p) => [p.season, p.episode])).toEqual([
      [1, 5],
      [3, 7],
      [null, null],
      [null, null],
    ]);
    expect((await programmes('Radio Café'))[0]?.title).toBe('Jazz \u263a');
  });

  it('gives one programme with all its details, as seen on a channel', async () => {
    const [breakfast] = await programmes('BBC One HD');
    const channelId = (await dvr.call('channels.search', { search: 'BBC One HD' })).channels[0]!.id;
    const one = await dvr.call('guide.programme', { id: breakfast!.id, channelId });
    expect(one).toEqual(breakfast);
    await expect(dvr.call('guide.programme', { id: 999_999, channelId })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      dvr.call('guide.programme', { id: breakfast!.id, channelId: 999_999 }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(dvr.call('guide.programme', { id: 'x' } as never)).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('maps by tvg-id (also in another case), then by normalized name', async () => {
    const channels = (await dvr.call('channels.search', { sourceId })).channels;
    const mapping = Object.fromEntries(
      channels.map((c) => [c.name, c.guide ? `${c.guide.xmltvId} ${c.guide.match}` : null]),
    );
    expect(mapping).toEqual({
      'BBC One HD': 'bbc1.uk tvg-id',
      'BBC Two': 'BBC2.uk tvg-id',
      'ITV HD': 'itv1.uk name',
      'ITV SD': 'itv1.uk name',
      'News 24': 'news24.example name',
      'Radio Café': 'cafe.example name',
    });
  });

  it('answers the guide query for a window, including what runs into it', async () => {
    const window = await dvr.call('guide.query', {
      from: at('2026-03-01T07:30:00Z'),
      to: at('2026-03-01T08:30:00Z'),
      details: false,
    });
    const byName = Object.fromEntries(window.channels.map((c) => [c.name, c.programmes.map((p) => p.title)]));
    expect(byName['BBC One HD']).toEqual(['Homes Under the Hammer', 'Film: The Matinee']);
    expect(byName['BBC Two']).toEqual(['Minus Five']);
    // A grid answer: the grid's fields only, no details.
    const homes = window.channels.find((c) => c.name === 'BBC One HD')?.programmes[0];
    expect(homes).toMatchObject({
      title: 'Homes Under the Hammer',
      season: 24,
      episode: 12,
      previouslyShown: true,
    });
    for (const key of ['description', 'categories', 'episodeNum', 'icon', 'rating']) {
      expect(window.channels.flatMap((c) => c.programmes).some((p) => key in p)).toBe(false);
    }
    await expect(dvr.call('guide.query', { from: 10, to: 5 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('lists guide channels for manual mapping, and maps by hand, to none, and back to auto', async () => {
    const list = await dvr.call('guides.channels', { guideId, search: 'ITV' });
    expect(list).toEqual([
      { guideId, xmltvId: 'itv1.uk', displayNames: ['ITV', 'ITV1'], icon: null, mappedChannels: 2 },
    ]);
    const itvSd = (await dvr.call('channels.search', { search: 'ITV SD' })).channels[0]!;
    const manual = await dvr.call('channels.map', {
      channelId: itvSd.id,
      to: { guideId, xmltvId: 'news24.example' },
    });
    expect(manual.guide).toMatchObject({ xmltvId: 'news24.example', match: 'manual' });
    const none = await dvr.call('channels.map', { channelId: itvSd.id, to: 'none' });
    expect([none.guide, none.guideManual]).toEqual([null, true]);
    await dvr.call('guides.refresh', { id: guideId });
    expect((await dvr.call('channels.search', { search: 'ITV SD' })).channels[0]?.guide).toBeNull();
    const auto = await dvr.call('channels.map', { channelId: itvSd.id, to: 'auto' });
    expect(auto.guide).toMatchObject({ xmltvId: 'itv1.uk', match: 'name' });
    await expect(
      dvr.call('channels.map', { channelId: itvSd.id, to: { guideId, xmltvId: 'nope' } }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(dvr.call('channels.map', { channelId: 999_999, to: 'auto' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('programme identity, retention and offsets', () => {
  it('a refresh updates programmes in place; a dropped one inside the new span goes, others stay', async () => {
    const file = tempFile('ident.xml', '');
    const doc = (progs: string) =>
      `<?xml version="1.0"?><tv><channel id="x.example"><display-name>X</display-name></channel>${progs}</tv>`;
    const prog = (hh: string, title: string, extra = '') =>
      `<programme start="20260301${hh}0000 +0000" stop="20260301${hh}3000 +0000" channel="x.example"><title>${title}</title>${extra}</programme>`;
    writeFileSync(
      file,
      doc(
        prog('07', 'Early') +
          prog('08', 'A', '<desc>v1</desc>') +
          prog('09', 'B') +
          prog('10', 'C') +
          prog('12', 'Late'),
      ),
    );
    const guide = await dvr.call('guides.add', { location: file, name: 'ident' });
    const ids = () =>
      Object.fromEntries(
        dvr.db.$client
          .prepare('SELECT title, id FROM programmes WHERE guide_id = ?')
          .raw()
          .all(guide.id) as Array<[string, number]>,
      );
    const before = ids();
    // Provider ids and details change, B is dropped, Early and Late are outside the new span.
    writeFileSync(
      file,
      doc(
        prog('08', 'A', '<desc>v2</desc><episode-num system="dd_progid">EP123.4</episode-num>') +
          prog('10', 'C'),
      ),
    );
    const again = await dvr.call('guides.refresh', { id: guide.id });
    expect(again.lastImport).toMatchObject({ items: 2, added: 0, updated: 2, removed: 1 });
    const after = ids();
    expect(after).toEqual({ Early: before.Early, A: before.A, C: before.C, Late: before.Late });
    const a = dvr.db.$client.prepare('SELECT description FROM programmes WHERE id = ?').pluck().get(before.A);
    expect(a).toBe('v2');
    await dvr.call('guides.remove', { id: guide.id });
  });

  it('prunes programmes that ended more than two days ago', async () => {
    const file = tempFile('old.xml', '');
    writeFileSync(
      file,
      `<tv><programme start="20260301000000 +0000" stop="20260301010000 +0000" channel="o"><title>Soon old</title></programme>
       <programme start="20260305000000 +0000" stop="20260305010000 +0000" channel="o"><title>Later</title></programme></tv>`,
    );
    const guide = await dvr.call('guides.add', { location: file, name: 'old' });
    expect(guide.programmeCount).toBe(2);
    clock.time = Date.UTC(2026, 2, 3, 2);
    try {
      const again = await dvr.call('guides.refresh', { id: guide.id });
      expect(again.programmeCount).toBe(1);
      expect(again.lastImport?.removed).toBe(1);
    } finally {
      clock.time = GUIDE_DAY;
      await dvr.call('guides.remove', { id: guide.id });
    }
  });

  it('several guides at once; a per-guide offset shifts times and changing it keeps programme ids', async () => {
    const copy = tempFile('shifted.xml', '');
    copyFileSync(fixture('guide-basic.xml'), copy);
    const shifted = await dvr.call('guides.add', { location: copy, offsetHours: 1 });
    expect((await dvr.call('guides.list', {})).length).toBe(2);
    const first = dvr.db.$client
      .prepare("SELECT id, start_at FROM programmes WHERE guide_id = ? AND title = 'Breakfast & News'")
      .get(shifted.id) as { id: number; start_at: number };
    expect(first.start_at).toBe(at('2026-03-01T07:00:00Z'));
    const updated = await dvr.call('guides.update', { id: shifted.id, offsetHours: -2 });
    expect(updated.offsetHours).toBe(-2);
    const moved = dvr.db.$client
      .prepare('SELECT id, start_at FROM programmes WHERE id = ?')
      .get(first.id) as {
      start_at: number;
    };
    expect(moved.start_at).toBe(at('2026-03-01T04:00:00Z'));
    const refreshed = await dvr.call('guides.refresh', { id: shifted.id });
    expect(refreshed.lastImport).toMatchObject({ added: 0, removed: 0 });
    expect(dvr.db.$client.prepare('SELECT start_at FROM programmes WHERE id = ?').pluck().get(first.id)).toBe(
      at('2026-03-01T04:00:00Z'),
    );
    // The first guide still wins the mapping (older), both keep their programmes.
    expect((await dvr.call('channels.search', { search: 'BBC One HD' })).channels[0]?.guide?.guideId).toBe(
      guideId,
    );
    await dvr.call('guides.remove', { id: shifted.id });
  });

  it('takes a gzipped guide from a file and over HTTP (also with Content-Encoding)', async () => {
    const xml = gzipSync(
      Buffer.from(
        `<tv><programme start="20260301080000 +0000" channel="z"><title>Zipped</title></programme></tv>`,
      ),
    );
    const file = tempFile('z.xml.gz', xml);
    server.routes.set('/z.xml', { body: xml, headers: { 'Content-Type': 'application/octet-stream' } });
    server.routes.set('/enc.xml', { body: xml, headers: { 'Content-Encoding': 'gzip' } });
    for (const location of [file, `${server.url}/z.xml`, `${server.url}/enc.xml`]) {
      const g = await dvr.call('guides.add', { location });
      expect(g.programmeCount, location).toBe(1);
      await dvr.call('guides.remove', { id: g.id });
    }
  });
});

describe('XMLTV bad input', () => {
  async function spoilable() {
    const file = tempFile('spoil.xml', '');
    copyFileSync(fixture('guide-basic.xml'), file);
    const guide = await dvr.call('guides.add', { location: file, name: 'spoil' });
    return { file, guide };
  }

  it('a truncated guide keeps what is complete and reports the rest with its line', async () => {
    const g = await dvr.call('guides.add', { location: parserFixture('xmltv/truncated.xml'), name: 'trunc' });
    // The fixture is dated 2024: nothing survives retention, but the file was read and reported.
    expect(
      g.lastImport?.problems.some((p) => p.line !== null && /incomplete|unclosed|end/i.test(p.message)),
    ).toBe(true);
    await dvr.call('guides.remove', { id: g.id });
  });

  it('an entity bomb is not expanded, and deep nesting stops parsing with a clear note', async () => {
    const bomb = await dvr.call('guides.add', {
      location: parserFixture('xmltv/entity-bomb.xml'),
      name: 'bomb',
    });
    expect(bomb.lastImport?.problems.map((p) => p.message).join('\n')).toMatch(/undefined entity/i);
    await dvr.call('guides.remove', { id: bomb.id });
    const deep = await dvr.call('guides.add', {
      location: parserFixture('xmltv/deep-nesting.xml'),
      name: 'deep',
    });
    expect(deep.lastImport?.stoppedEarly).toMatch(/nested deeper/);
    expect(deep.lastError).toMatch(/imported only part of the guide/);
    await dvr.call('guides.remove', { id: deep.id });
  });

  it('a Latin-1 guide and one with a UTF-8 BOM decode correctly', async () => {
    const latin = await dvr.call('guides.add', {
      location: parserFixture('xmltv/latin1.xml'),
      name: 'latin',
    });
    const names = await dvr.call('guides.channels', { guideId: latin.id });
    expect(JSON.stringify(names)).not.toContain('\ufffd');
    await dvr.call('guides.remove', { id: latin.id });
    const bom = tempFile(
      'bom.xml',
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?><tv><programme start="20260301080000 +0000" channel="b"><title>Übersicht</title></programme></tv>',
        ),
      ]),
    );
    const g = await dvr.call('guides.add', { location: bom });
    expect(g.programmeCount).toBe(1);
    expect(dvr.db.$client.prepare('SELECT title FROM programmes WHERE guide_id = ?').pluck().get(g.id)).toBe(
      'Übersicht',
    );
    await dvr.call('guides.remove', { id: g.id });
  });

  it('binary garbage, a missing file or a dead URL fail the refresh and keep the stored guide', async () => {
    const { file, guide } = await spoilable();
    writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131) % 256)));
    await expect(dvr.call('guides.refresh', { id: guide.id })).rejects.toThrow(/not an XMLTV guide/);
    let after = await dvr.call('guides.get', { id: guide.id });
    expect(after).toMatchObject({ programmeCount: 10, lastRefreshAt: guide.lastRefreshAt });
    expect(after.lastError).toMatch(/not an XMLTV guide.*previous guide data kept/);
    await expect(
      dvr.call('guides.update', { id: guide.id, location: `${server.url}/missing.xml` }),
    ).rejects.toThrow(/HTTP 404/);
    after = await dvr.call('guides.get', { id: guide.id });
    expect(after.location).toBe(file);
    expect(after.programmeCount).toBe(10);
    await expect(
      dvr.call('guides.add', { location: `http://127.0.0.1:${await closedPort()}/guide.xml` }),
    ).rejects.toThrow(/cannot reach/);
    await dvr.call('guides.remove', { id: guide.id });
  });
});

describe('XMLTV gzip bomb', () => {
  it('stops at the inflate cap, keeps what was parsed before, and stays small', async () => {
    const { openDatabase } = await import('../../src-main/core/db/open');
    const { EventBus } = await import('../../src-main/core/events');
    const { FileSecretStore } = await import('../../src-main/core/secrets');
    const { SourceService } = await import('../../src-main/core/sources/service');
    const { MIGRATIONS, tempDir } = await import('../support/temp-dvr');
    const dir = tempDir();
    const db = openDatabase({ file: `${dir}/t.db`, migrationsFolder: MIGRATIONS });
    const bus = new EventBus();
    const secrets = FileSecretStore.inDataDir(dir);
    const service = new SourceService({
      db,
      bus,
      clock,
      dataDir: dir,
      secrets,
      options: { startDelayMs: 1e9, maxGuideBytes: 32 * 1024 * 1024 },
    });
    const commands = sourceCommandsOf(service, { db, bus, clock, secrets });
    try {
      const head =
        '<tv><programme start="20260301080000 +0000" channel="b"><title>Before the bomb</title></programme><desc>';
      const body = gzipSync(Buffer.concat([Buffer.from(head), Buffer.alloc(64 * 1024 * 1024, 0x41)]));
      const file = tempFile('bomb.xml.gz', body);
      const rss = process.memoryUsage().rss;
      const guide = await commands['guides.add']({ location: file, offsetHours: 0 });
      expect(guide.programmeCount).toBe(1);
      expect(guide.lastImport?.stoppedEarly).toMatch(/possible gzip bomb|longer than/);
      expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
    } finally {
      service.stop();
      db.$client.close();
    }
  });
});
