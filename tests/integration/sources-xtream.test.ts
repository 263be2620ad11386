// Xtream Codes sources against an emulated panel on 127.0.0.1: authentication, categories and live
// streams, the account's limits and output format, the provider's XMLTV, catch-up metadata, and the
// errors users meet (wrong password, expired account, dead server) which must change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startFakeXtream, type FakeXtream } from '../support/fake-xtream';
import { openTempDvr } from '../support/temp-dvr';

let xtream: FakeXtream;
let dvr: Dvr;
let dataDir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  xtream = await startFakeXtream();
  ({ dvr, dataDir, cleanup } = await openTempDvr());
});
afterEach(async () => {
  await cleanup();
  await xtream.close();
});

const login = () => ({
  kind: 'xtream' as const,
  server: `${xtream.url}/player_api.php?username=x&password=y`,
  username: xtream.state.username,
  password: xtream.state.password,
  withGuide: false,
});

/** Resolves when the first guide refresh ends (subscribe before it starts). */
function nextGuideRefresh(): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = dvr.bus.subscribe((event) => {
      const p = event.payload as { target?: string; phase?: string };
      if (
        event.name === 'sources.progress' &&
        p.target === 'guide' &&
        (p.phase === 'done' || p.phase === 'failed')
      ) {
        unsubscribe();
        resolve();
      }
    });
  });
}

describe('Xtream Codes', () => {
  it('imports live streams with categories, the account, and no password anywhere a client sees', async () => {
    const source = await dvr.call('sources.add', login());
    expect(source).toMatchObject({
      kind: 'xtream',
      name: '127.0.0.1',
      location: xtream.url,
      maxConnections: 2,
      maxConnectionsOverride: null,
      counts: { live: 3, vod: 0, series: 0, missing: 0 },
      account: {
        status: 'Active',
        maxConnections: 2,
        activeConnections: 0,
        outputFormat: 'ts',
        catchupChannels: 1,
      },
      credentialProtection: 'a file readable by its owner only',
    });
    const page = await dvr.call('channels.search', { sourceId: source.id });
    expect(page.channels.map((c) => [c.number, c.name, c.group, c.tvgId])).toEqual([
      ['1', 'BBC News', 'UK News', 'bbcnews.uk'],
      ['2', 'Sky Sports 1', 'Sports', 'skysports1.uk'],
      ['3', 'Euro Sport', 'Sports', null],
    ]);
    expect(page.channels[0]?.catchup).toEqual({ mode: 'xc', days: 7, source: null });
    const everything = JSON.stringify([
      await dvr.call('sources.list', {}),
      page,
      await dvr.call('channels.list', {}),
    ]);
    expect(everything).not.toContain(xtream.state.password);
    expect(everything).not.toContain(encodeURIComponent(xtream.state.password));
    expect(JSON.stringify(dvr.db.$client.prepare('SELECT * FROM sources').all())).not.toContain('s3cr3t');
    // The capture URL is built with the credentials only when asked for.
    const row = dvr.db.$client
      .prepare('SELECT source_id, url FROM channels WHERE name = ?')
      .get('BBC News') as {
      source_id: number;
      url: string;
    };
    expect(row.url).toBe(`${xtream.url}/live/{username}/{password}/101.ts`);
    expect(dvr.sources.resolveUrls({ sourceId: row.source_id, url: row.url, fallbackUrls: [] })).toEqual([
      `${xtream.url}/live/alice/s3cr3t%2Fpa%3Fss/101.ts`,
    ]);
    expect(dvr.sources.connectionLimit(source.id)).toBe(2);
    void dataDir;
  });

  it('uses m3u8 when the account does not allow ts, and the user limit over the account one', async () => {
    xtream.state.allowedOutputFormats = ['m3u8'];
    const source = await dvr.call('sources.add', { ...login(), maxConnections: 1 });
    expect(source.account?.outputFormat).toBe('m3u8');
    expect(source).toMatchObject({ maxConnections: 1, maxConnectionsOverride: 1 });
    const url = dvr.db.$client
      .prepare('SELECT url FROM channels WHERE name = ?')
      .pluck()
      .get('BBC News') as string;
    expect(url.endsWith('/101.m3u8')).toBe(true);
    const back = await dvr.call('sources.update', { id: source.id, maxConnections: null });
    expect(back).toMatchObject({ maxConnections: 2, maxConnectionsOverride: null });
  });

  it('wrong credentials: a clear error, and nothing is created', async () => {
    await expect(dvr.call('sources.add', { ...login(), password: 'wrong' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'the server refused the username or password',
    });
    expect(await dvr.call('sources.list', {})).toEqual([]);
    expect((await dvr.call('channels.search', {})).total).toBe(0);
  });

  it('an expired account or a dead server fails the refresh and keeps the channels', async () => {
    const source = await dvr.call('sources.add', login());
    xtream.state.status = 'Expired';
    xtream.state.expDate = Math.floor(Date.UTC(2024, 4, 1) / 1000);
    await expect(dvr.call('sources.refresh', { id: source.id })).rejects.toThrow(
      'the account is Expired (expiry 2024-05-01)',
    );
    xtream.state.status = 'Active';
    await expect(dvr.call('sources.refresh', { id: source.id })).rejects.toThrow(
      'the account expired on 2024-05-01',
    );
    xtream.state.expDate = null;
    xtream.state.failWith = 503;
    await expect(dvr.call('sources.refresh', { id: source.id })).rejects.toThrow(/HTTP 503/);
    const after = await dvr.call('sources.get', { id: source.id });
    expect(after.lastError).toMatch(/HTTP 503/);
    expect(after.counts.live).toBe(3);
    expect(after.lastRefreshAt).toBe(source.lastRefreshAt);
    await xtream.close();
    await expect(dvr.call('sources.refresh', { id: source.id })).rejects.toThrow(/cannot reach 127\.0\.0\.1/);
    expect((await dvr.call('sources.get', { id: source.id })).counts.live).toBe(3);
  });

  it('a new password that does not work is not kept', async () => {
    const source = await dvr.call('sources.add', login());
    await expect(dvr.call('sources.update', { id: source.id, password: 'nope' })).rejects.toThrow(/refused/);
    const again = await dvr.call('sources.refresh', { id: source.id });
    expect(again.lastError).toBeNull();
    const row = dvr.db.$client.prepare('SELECT source_id, url FROM channels LIMIT 1').get() as {
      source_id: number;
      url: string;
    };
    expect(dvr.sources.resolveUrls({ sourceId: row.source_id, url: row.url, fallbackUrls: [] })[0]).toContain(
      's3cr3t',
    );
  });

  it("adds the provider's XMLTV as the source's guide and maps channels by epg_channel_id", async () => {
    const now = Date.now();
    const t = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + ' +0000';
    xtream.state.xmltv = `<?xml version="1.0" encoding="UTF-8"?><tv>
      <channel id="bbcnews.uk"><display-name>BBC News</display-name></channel>
      <channel id="eurosport.example"><display-name>Eurosport</display-name></channel>
      <programme start="${t(now)}" stop="${t(now + 3600_000)}" channel="bbcnews.uk"><title>The World Today</title></programme>
      <programme start="${t(now)}" stop="${t(now + 3600_000)}" channel="eurosport.example"><title>Cycling</title></programme>
    </tv>`;
    const guideDone = nextGuideRefresh();
    const source = await dvr.call('sources.add', { ...login(), withGuide: true });
    expect(source.guideIds).toHaveLength(1);
    const guideId = source.guideIds[0]!;
    await guideDone;
    const guide = await dvr.call('guides.get', { id: guideId });
    expect(guide).toMatchObject({
      sourceId: source.id,
      location: `${xtream.url}/xmltv.php`,
      programmeCount: 2,
      lastError: null,
    });
    expect(JSON.stringify(guide)).not.toContain('s3cr3t');
    const channels = (await dvr.call('channels.search', { sourceId: source.id })).channels;
    expect(channels.find((c) => c.name === 'BBC News')?.guide).toMatchObject({
      xmltvId: 'bbcnews.uk',
      match: 'tvg-id',
    });
    expect(channels.find((c) => c.name === 'Euro Sport')?.guide).toMatchObject({
      xmltvId: 'eurosport.example',
      match: 'name',
    });
    const window = await dvr.call('guide.query', {
      channelIds: channels.map((c) => c.id),
      from: now - 60_000,
      to: now + 60_000,
    });
    expect(window.channels.map((c) => c.programmes.map((p) => p.title))).toEqual([
      ['The World Today'],
      [],
      ['Cycling'],
    ]);
    // Removing the source removes its guide.
    await dvr.call('sources.remove', { id: source.id });
    expect(await dvr.call('guides.list', {})).toEqual([]);
  });
});
