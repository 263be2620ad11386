// HDHomeRun sources against an emulated tuner on 127.0.0.1: discover.json (tuner count -> connection
// limit) and lineup.json (channels keyed by guide number).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startFakeHdHomeRun, type FakeHdHomeRun } from '../support/fake-hdhomerun';
import { openTempDvr } from '../support/temp-dvr';
import { closedPort } from '../unit/sources/helpers';

let device: FakeHdHomeRun;
let dvr: Dvr;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  device = await startFakeHdHomeRun();
  ({ dvr, cleanup } = await openTempDvr());
});
afterEach(async () => {
  await cleanup();
  await device.close();
});

describe('HDHomeRun', () => {
  it('reads the tuner count and the lineup', async () => {
    const source = await dvr.call('sources.add', { kind: 'hdhomerun', address: device.address });
    expect(source).toMatchObject({
      kind: 'hdhomerun',
      location: `http://${device.address}`,
      maxConnections: 3,
      device: { deviceId: '1234ABCD', tunerCount: 3, model: 'HDHR5-4US' },
      counts: { live: 3, vod: 0, series: 0, missing: 0 },
    });
    const channels = (await dvr.call('channels.search', { sourceId: source.id })).channels;
    expect(channels.map((c) => [c.number, c.name])).toEqual([
      ['2.1', 'WCBS-DT'],
      ['4.1', 'WNBC-HD'],
      ['7.1', 'WABC-HD'],
    ]);
    const url = dvr.db.$client.prepare('SELECT url FROM channels WHERE id = ?').pluck().get(channels[0]!.id);
    expect(url).toBe(`http://${device.address}/auto/v2.1`);
  });

  it('keeps channel ids when the lineup is rescanned, and follows a new tuner count', async () => {
    const source = await dvr.call('sources.add', { kind: 'hdhomerun', address: device.address });
    const ids = (await dvr.call('channels.search', { sourceId: source.id })).channels.map((c) => c.id);
    device.state.tunerCount = 4;
    device.state.lineup = [...device.state.lineup]
      .reverse()
      .map((c) => ({ ...c, path: `/auto/v${c.GuideNumber}?x=1` }));
    const again = await dvr.call('sources.refresh', { id: source.id });
    expect(again.maxConnections).toBe(4);
    expect(
      (await dvr.call('channels.search', { sourceId: source.id })).channels.map((c) => c.id).sort(),
    ).toEqual([...ids].sort());
    // A user limit wins over the tuner count.
    expect((await dvr.call('sources.update', { id: source.id, maxConnections: 2 })).maxConnections).toBe(2);
  });

  it('something that is not an HDHomeRun is a clear error, and an empty lineup changes nothing', async () => {
    device.state.discoverBody = '<html>router login</html>';
    await expect(dvr.call('sources.add', { kind: 'hdhomerun', address: device.address })).rejects.toThrow(
      /did not answer with HDHomeRun JSON/,
    );
    device.state.discoverBody = null;
    const source = await dvr.call('sources.add', { kind: 'hdhomerun', address: device.address });
    device.state.lineup = [];
    await expect(dvr.call('sources.refresh', { id: source.id })).rejects.toThrow(/lists no channels/);
    expect((await dvr.call('sources.get', { id: source.id })).counts.live).toBe(3);
    await expect(
      dvr.call('sources.add', { kind: 'hdhomerun', address: `127.0.0.1:${await closedPort()}` }),
    ).rejects.toThrow(/cannot reach/);
  });
});
