// A recording made from the guide follows its programme once it runs: the guide moves the programme's
// end later (an overrun) and the capture goes on to the new end.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { m3u, writeTemp, xmltv, type TestProgramme } from '../support/guide-builder';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  server = await startStreamServer();
  server.addLive('/live/one.ts', { media: { seconds: 120 } });
  await server.ready();
  ({ dvr, cleanup } = await openTempDvr());
  dvr.settings.set('padBeforeSec', 0);
  dvr.settings.set('padAfterSec', 0);
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await server?.close();
});

describe('a running recording of a guide programme', () => {
  it('runs on when the guide moves the end later', async () => {
    const start = Math.ceil((Date.now() + 4_000) / 1000) * 1000;
    const show = (stop: number): TestProgramme[] => [
      { channel: 'one.tv', start: start - 3600_000, stop: start, title: 'Before' },
      { channel: 'one.tv', start, stop, title: 'Overrun' },
      { channel: 'one.tv', start: stop, stop: stop + 3600_000, title: 'After' },
    ];
    const guide = writeTemp('guide.xml', xmltv(['one.tv'], show(start + 8_000)));
    const playlist = writeTemp(
      'p.m3u',
      m3u([{ tvgId: 'one.tv', name: 'One', url: server.url('/live/one.ts') }]),
    );
    await dvr.call('sources.add', { kind: 'm3u', location: playlist });
    const added = await dvr.call('guides.add', { location: guide, offsetHours: 0 });
    const channelId = (await dvr.call('channels.search', {})).channels[0]!.id;
    const grid = await dvr.call('guide.query', {
      channelIds: [channelId],
      from: start - 1000,
      to: start + 1000,
    });
    const programme = grid.channels[0]!.programmes.find((p) => p.title === 'Overrun')!;
    const r = await dvr.call('guide.record', { channelId, programmeId: programme.id });
    await waitForStatus(dvr, r.id, ['recording'], 20_000);
    writeFileSync(guide, xmltv(['one.tv'], show(start + 14_000)));
    await dvr.call('guides.refresh', { id: added.id });
    await dvr.planner.evaluate();
    expect((await dvr.call('recordings.get', { id: r.id })).endAt).toBe(start + 14_000);
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 40_000);
    expect(done.status).toBe('completed');
    expect(done.actualEndAt!).toBeGreaterThanOrEqual(start + 13_500);
    expect(done.capturedMs!).toBeGreaterThan(12_000);
    const reasons = (await dvr.call('recordings.events', { id: r.id })).map((e) => e.reason);
    expect(reasons).toContainEqual(
      expect.stringMatching(/^the guide moved the end to .*: recording longer$/),
    );
  }, 60_000);
});
