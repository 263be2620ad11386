// The media routes while a recording is still capturing: a growing HLS playlist over its segments,
// byte ranges that players can fetch, and a VOD playlist once it is finished; read by hls.js-like
// range requests and by ffmpeg's own HLS reader (VLC, mpv, Kodi).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import { readWithFfmpeg } from '../support/media-client';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

let streams: StreamServer;
let dvr: Dvr;
let http: RunningServer;
let cleanup: () => Promise<void>;
const token = 'test-token-0123456789abcdef0123456789';

beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/drop.ts', { dropAfterSec: 6, refuseForSec: 1 });
  streams.addLive('/steady.ts');
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
const seconds = (playlist: string) =>
  [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].reduce((sum, m) => sum + Number(m[1]), 0);

describe('watching while recording', () => {
  it('serves a growing playlist across segments, then a VOD playlist of the final file', async () => {
    const r = await dvr.call('recordings.schedule', {
      url: streams.url('/drop.ts'),
      start: Date.now(),
      durationMs: 20_000,
    });
    // Past the drop at 6 s: a second segment with more than a chunk in it.
    const live = await waitFor(
      async () => {
        if (dvr.store.get(r.id).segments.length < 2) return undefined;
        const text = await (await get(`/media/recordings/${r.id}/index.m3u8?token=${token}`)).text();
        return text.includes('segments/1.ts') && seconds(text) > 6 && text;
      },
      { timeoutMs: 30_000, what: 'a live playlist over two segments', intervalMs: 500 },
    );
    expect(dvr.store.get(r.id).status).toBe('recording');
    expect((await get(`/media/recordings/${r.id}/index.m3u8`)).status).toBe(401);

    expect(live).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(live).not.toContain('#EXT-X-ENDLIST');
    expect(live).toContain('#EXT-X-DISCONTINUITY');
    const uris = live.split('\n').filter((line) => line.startsWith('/media/'));
    expect(new Set(uris.map((u) => u.split('?')[0]))).toEqual(
      new Set([`/media/recordings/${r.id}/segments/0.ts`, `/media/recordings/${r.id}/segments/1.ts`]),
    );
    // the first chunk starts at the beginning of the recording
    const firstRange = /#EXT-X-BYTERANGE:(\d+)@(\d+)/.exec(live)!;
    expect(firstRange[2]).toBe('0');
    expect(seconds(live)).toBeGreaterThan(6);

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
    expect(Math.abs(seconds(vod) - done.durationMs! / 1000)).toBeLessThan(1);
    // segment routes are gone with the segments, and ids from the request never become paths
    expect((await get(`/media/recordings/${r.id}/segments/0.ts?token=${token}`)).status).toBe(404);
    expect((await get(`/media/recordings/${r.id}/segments/0?token=${token}`)).status).toBe(404);
    expect((await get(`/media/recordings/${r.id}/segments/..%2F..%2Fetc?token=${token}`)).status).toBe(404);
  }, 60_000);

  it('is read from its beginning to its end by ffmpeg, while it records and on after it finishes', async () => {
    const r = await dvr.call('recordings.schedule', {
      url: streams.url('/steady.ts'),
      start: Date.now(),
      durationMs: 14_000,
    });
    const playlist = `${http.url}/media/recordings/${r.id}/index.m3u8?token=${token}`;
    const first = await waitFor(
      async () => {
        const response = await fetch(playlist);
        const text = response.ok ? await response.text() : '';
        return text.includes('#EXTINF') && text;
      },
      { timeoutMs: 20_000, what: 'the first complete chunk', intervalMs: 200 },
    );
    expect(first).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(dvr.store.get(r.id).status).toBe('recording');
    // A live playlist starts 3 chunks from its end by default; a recording plays from its beginning.
    // ffmpeg polls the growing playlist until the ENDLIST of the finished recording appears.
    const read = await readWithFfmpeg(playlist, ['-live_start_index', '0'], 60_000);
    const done = await waitForStatus(dvr, r.id, ['completed'], 30_000);
    expect(read.stderr).not.toMatch(/not in allowed_segment_extensions|Invalid data/);
    expect(read.code, read.stderr).toBe(0);
    expect(Math.abs(read.seconds - done.durationMs! / 1000), read.stderr).toBeLessThan(1.5);

    const after = await readWithFfmpeg(playlist);
    expect(after.code, after.stderr).toBe(0);
    expect(Math.abs(after.seconds - done.durationMs! / 1000), after.stderr).toBeLessThan(1);
  }, 90_000);
});
