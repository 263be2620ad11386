// The sources CLI (cli-sources.ts) driven in-process against a real Dvr: the same commander program a
// user runs, with the context's call() going straight to dvr.call instead of over HTTP.
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { registerSourceCommands } from '../../src-main/server/cli-sources';
import { startFakeHdHomeRun, type FakeHdHomeRun } from '../support/fake-hdhomerun';
import { startFakeXtream, type FakeXtream } from '../support/fake-xtream';
import { openTempDvr } from '../support/temp-dvr';
import { fixture, GUIDE_DAY } from '../unit/sources/helpers';

let dvr: Dvr;
let dataDir: string;
let cleanup: () => Promise<void>;
let xtream: FakeXtream;
let hdhr: FakeHdHomeRun;

beforeAll(async () => {
  ({ dvr, dataDir, cleanup } = await openTempDvr({ clock: { now: () => GUIDE_DAY } }));
  xtream = await startFakeXtream();
  hdhr = await startFakeHdHomeRun();
});
afterAll(async () => {
  await cleanup();
  await xtream.close();
  await hdhr.close();
});

/** Runs `tapedeck <args>` in-process; resolves with stdout lines, rejects with the CLI's error. */
async function cli(...args: string[]): Promise<string> {
  const out: string[] = [];
  const program = new Command('tapedeck')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: () => undefined });
  registerSourceCommands(program, {
    dataDir: () => dataDir,
    call: (name, input) => dvr.call(name, input),
    print: (json, value, human) => {
      if (json) out.push(JSON.stringify(value, null, 2));
      else out.push(...human());
    },
  });
  await program.parseAsync(args, { from: 'user' });
  return out.join('\n');
}
const json = async <T>(...args: string[]): Promise<T> => JSON.parse(await cli(...args, '--json')) as T;
/** `channels --json` prints { total, channels }: the channels of this page. */
const channelsJson = async (...args: string[]): Promise<ChannelJson[]> =>
  (await json<{ total: number; channels: ChannelJson[] }>('channels', ...args)).channels;

interface ChannelJson {
  id: number;
  name: string;
  group: string | null;
  source: { id: number; name: string; kind: string };
  guide: { guideId: number; xmltvId: string; match: string } | null;
}
interface ProgrammeJson {
  id: number;
  channelId: number;
  start: string;
  stop: string | null;
  title: string;
  season: number | null;
  episode: number | null;
  new: boolean;
  premiere: boolean;
  previouslyShown: boolean;
}

describe('tapedeck source / epg / channels / guide', () => {
  it('source add m3u, list, refresh', async () => {
    const added = await json<{ id: number; counts: { live: number } }>(
      'source',
      'add',
      'm3u',
      fixture('basic.m3u'),
      '--name',
      'Home',
      '--max-connections',
      '2',
    );
    expect(added.counts.live).toBe(7);
    const text = await cli('source', 'list');
    expect(text).toContain(`#${added.id} Home (m3u)`);
    expect(text).toContain('7 live, 1 VOD, 1 series');
    expect(text).toContain('connections: 2 (set by you)');
    expect(text).toContain('guide offered: http://epg.example.invalid/guide.xml.gz');
    const refreshed = await json<{ lastImport: { updated: number } }>('source', 'refresh', String(added.id));
    expect(refreshed.lastImport.updated).toBe(9);
  });

  it('source add xtream and hdhomerun; no password in any output', async () => {
    const x = await cli(
      'source',
      'add',
      'xtream',
      '--server',
      xtream.url,
      '--username',
      'alice',
      '--password',
      xtream.state.password,
      '--no-guide',
    );
    expect(x).toContain('account:     Active');
    expect(x).toContain('0/2 connections in use, streams as ts, 1 with catch-up');
    const h = await json<{ maxConnections: number }>('source', 'add', 'hdhomerun', hdhr.address);
    expect(h.maxConnections).toBe(3);
    const everything = (await cli('source', 'list', '--json')) + (await cli('channels', '--all', '--json'));
    expect(everything).not.toContain('s3cr3t');
  });

  it('a wrong password is a readable error', async () => {
    await expect(
      cli('source', 'add', 'xtream', '--server', xtream.url, '--username', 'bob', '--password', 'wrong'),
    ).rejects.toThrow('the server refused the username or password');
  });

  it('epg add with an offset, epg list, channels with mapping and source', async () => {
    const guide = await json<{ id: number; programmeCount: number }>(
      'epg',
      'add',
      fixture('guide-basic.xml'),
    );
    expect(guide.programmeCount).toBe(10);
    expect(await cli('epg', 'list')).toContain(`#${guide.id} guide-basic`);
    const channels = await channelsJson('--search', 'BBC');
    expect(
      channels.map((c) => [c.name, c.source.name, c.source.kind, c.guide?.xmltvId, c.guide?.match]),
    ).toEqual([
      ['BBC One HD', 'Home', 'm3u', 'bbc1.uk', 'tvg-id'],
      ['BBC Two', 'Home', 'm3u', 'BBC2.uk', 'tvg-id'],
      ['BBC News', '127.0.0.1', 'xtream', undefined, undefined],
    ]);
    const news = await channelsJson('--group', 'News');
    expect(news.map((c) => c.name)).toEqual(['News 24', 'News 24']);
    const human = await cli('channels', '--group', 'UK');
    expect(human).toContain('BBC One HD  [UK] - Home - guide bbc1.uk (tvg-id)');
    expect(human).toContain('4 channels');
    const shifted = await json<{ offsetHours: number }>('epg', 'set', String(guide.id), '--offset', '1');
    expect(shifted.offsetHours).toBe(1);
    await cli('epg', 'set', String(guide.id), '--offset', '0');
  });

  it('guide --json lists programmes with ids, ISO times with offset, season/episode and flags', async () => {
    const channel = (await channelsJson('--search', 'BBC One'))[0]!;
    const items = await json<ProgrammeJson[]>(
      'guide',
      '--channel',
      String(channel.id),
      '--from',
      '2026-03-01T06:00Z',
      '--to',
      '2026-03-01T09:00Z',
    );
    expect(items.map((p) => p.title)).toEqual([
      'Breakfast & News',
      'Homes Under the Hammer',
      'Film: The Matinee',
    ]);
    expect(items[0]).toMatchObject({
      channelId: channel.id,
      season: 3,
      episode: 10,
      new: true,
      premiere: false,
    });
    expect(items[0]!.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(Date.parse(items[0]!.start)).toBe(Date.UTC(2026, 2, 1, 6));
    expect(items[1]).toMatchObject({ previouslyShown: true, season: 24, episode: 12 });
    expect(items[2]?.premiere).toBe(true);
    expect(typeof items[0]!.id).toBe('number');
    const human = await cli(
      'guide',
      '--from',
      '2026-03-01T07:30Z',
      '--to',
      '2026-03-01T08:30Z',
      '--search',
      'BBC',
    );
    expect(human).toContain('Homes Under the Hammer');
    expect(human).toMatch(/S24E12 \(repeat\)/);
  });

  it('epg map by hand, none and auto; epg channels', async () => {
    const guideId = (await json<Array<{ id: number }>>('epg', 'list'))[0]!.id;
    const itv = (await channelsJson('--search', 'ITV HD'))[0]!;
    const listed = await cli('epg', 'channels', '--search', 'news');
    expect(listed).toContain('news24.example  News 24');
    const mapped = await json<ChannelJson>(
      'epg',
      'map',
      String(itv.id),
      '--guide',
      String(guideId),
      '--xmltv-id',
      'news24.example',
    );
    expect(mapped.guide).toMatchObject({ xmltvId: 'news24.example', match: 'manual' });
    expect((await json<ChannelJson>('epg', 'map', String(itv.id), '--none')).guide).toBeNull();
    expect((await json<ChannelJson>('epg', 'map', String(itv.id), '--auto')).guide?.xmltvId).toBe('itv1.uk');
    await expect(cli('epg', 'map', String(itv.id), '--none', '--auto')).rejects.toThrow(/either/);
  });

  it('bad arguments are readable errors', async () => {
    await expect(cli('source', 'refresh', 'abc')).rejects.toThrow('"abc" is not a valid id');
    await expect(cli('guide', '--from', 'yesterday', '--to', 'now')).rejects.toThrow(
      /--from: "yesterday" is not a time/,
    );
    await expect(cli('epg', 'add', fixture('guide-basic.xml'), '--offset', '1.5')).rejects.toThrow(
      /whole number/,
    );
    await expect(cli('source', 'remove', '999')).rejects.toThrow('source 999 does not exist');
  });

  it('source remove and epg remove', async () => {
    const sources = await json<Array<{ id: number; kind: string }>>('source', 'list');
    const h = sources.find((s) => s.kind === 'hdhomerun')!;
    expect(await cli('source', 'remove', String(h.id))).toBe(`removed source #${h.id}`);
    const guideId = (await json<Array<{ id: number }>>('epg', 'list'))[0]!.id;
    expect(await cli('epg', 'remove', String(guideId))).toBe(`removed guide #${guideId}`);
    expect((await channelsJson('--search', 'BBC One'))[0]?.guide).toBeNull();
  });
});
