// The media routes while a recording is still capturing: a growing HLS playlist over its segments,
// byte ranges that players can fetch, and a VOD playlist once it is finished.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';

let streams: StreamServer;
let dvr: Dvr;
let http: RunningServer;
let cleanup: () => Promise<void>;
const token = 'test-token-0123456789abcdef0123456789';

beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/drop.ts', { dropAfterSec: 6, refuseForSec: 1 });
  await streams.ready();
  ({ dvr, cleanup } = await openTempDvr());
  http = await startHttpServer({ dvr, host: '127.0.0.1', port: 0, token, rendererDir: null });
}, 60_000);

afterAll(async () => {
  await http?.close();
  await cleanup?.();
  await streams?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${http.url}${path}`, { headers });

describe('watching while recording', () => {
  it('serves a growing playlist across segments, then a VOD playlist of the final file', async () => {
    const r = await dvr.call('recordings.schedule', {
      url: streams.url('/drop.ts'),
      start: Date.now(),
      durationMs: 20_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    expect(dvr.store.get(r.id).status).toBe('recording');
    expect((await get(`/media/recordings/${r.id}/index.m3u8`)).status).toBe(401);

    const live = await (await get(`/media/recordings/${r.id}/index.m3u8?token=${token}`)).text();
    expect(live).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(live).not.toContain('#EXT-X-ENDLIST');
    expect(live).toContain('#EXT-X-DISCONTINUITY');
    const uris = live.split('\n').filter((line) => line.startsWith('/media/'));
    expect(new Set(uris.map((u) => u.split('?')[0]))).toEqual(
      new Set([`/media/recordings/${r.id}/segments/0`, `/media/recordings/${r.id}/segments/1`]),
    );
    // the first chunk starts at the beginning of the recording
    const firstRange = /#EXT-X-BYTERANGE:(\d+)@(\d+)/.exec(live)!;
    expect(firstRange[2]).toBe('0');
    const seconds = [...live.matchAll(/#EXTINF:([\d.]+),/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(seconds).toBeGreaterThan(6);

    const chunk = await get(uris[0]!, { Range: `bytes=0-${Number(firstRange[1]) - 1}` });
    expect(chunk.status).toBe(206);
    expect((await chunk.arrayBuffer()).byteLength).toBe(Number(firstRange[1]));
    // MPEG-TS sync byte at the start of the range
    expect(new Uint8Array(await (await get(uris[0]!, { Range: 'bytes=0-187' })).arrayBuffer())[0]).toBe(0x47);

    const done = await waitForStatus(dvr, r.id, ['completed'], 30_000);
    const vod = await (await get(`/media/recordings/${r.id}/index.m3u8?token=${token}`)).text();
    expect(vod).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(vod).toContain('#EXT-X-ENDLIST');
    expect(vod).not.toContain('segments/');
    const total = [...vod.matchAll(/#EXTINF:([\d.]+),/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(Math.abs(total - done.durationMs! / 1000)).toBeLessThan(1);
    // segment routes are gone with the segments, and ids from the request never become paths
    expect((await get(`/media/recordings/${r.id}/segments/0?token=${token}`)).status).toBe(404);
    expect((await get(`/media/recordings/${r.id}/segments/..%2F..%2Fetc?token=${token}`)).status).toBe(404);
  }, 60_000);
});
