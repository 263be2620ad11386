// Stream headers a playlist carries reach the provider when recording (issue 8, item 7.4): a real
// playlist import, real ffmpeg, and a stream server that refuses requests without the expected
// User-Agent and Referer, as providers that check them do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';
import { tempFile } from '../unit/sources/helpers';

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;

const REFERER = 'http://portal.example.invalid/player?id=1&x=2';
/** Route -> the user agent it requires (with the Referer above), and how the playlist gives them. */
const ROUTES: Array<{ path: string; agent: string; entry: (url: string) => string[] }> = [
  {
    path: '/hdr/attr.ts',
    agent: 'AttrAgent/1.0 (SmartTV)',
    entry: (url) => [
      `#EXTINF:-1 tvg-id="attr" user-agent="AttrAgent/1.0 (SmartTV)" referrer="${REFERER}",Attr`,
      url,
    ],
  },
  {
    path: '/hdr/pipe.ts',
    agent: 'Kodi Agent/2.0',
    entry: (url) => [
      '#EXTINF:-1 tvg-id="pipe",Pipe',
      `${url}|User-Agent=${encodeURIComponent('Kodi Agent/2.0')}&Referer=${encodeURIComponent(REFERER)}`,
    ],
  },
  {
    path: '/hdr/vlcopt.ts',
    agent: 'Quoted Agent/3.0',
    entry: (url) => [
      '#EXTINF:-1 tvg-id="vlcopt",Vlcopt',
      '#EXTVLCOPT:http-user-agent="Quoted Agent/3.0"',
      `#EXTVLCOPT:http-referrer="${REFERER}"`,
      url,
    ],
  },
  {
    path: '/hdr/kodiprop.ts',
    agent: 'Prop Agent/4.0',
    entry: (url) => [
      '#EXTINF:-1 tvg-id="kodiprop",Kodiprop',
      `#KODIPROP:inputstream.adaptive.stream_headers=User-Agent=Prop%20Agent%2F4.0&Referer=${encodeURIComponent(REFERER)}`,
      url,
    ],
  },
];

beforeAll(async () => {
  server = await startStreamServer();
  for (const r of ROUTES) {
    server.addLive(r.path, { requireHeaders: { 'User-Agent': r.agent, Referer: REFERER } });
  }
  await server.ready();
  ({ dvr, cleanup } = await openTempDvr({ captureSettings: { maxFailedAttempts: 2, retryBaseMs: 200 } }));
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await server?.close();
});

const refused = (path: string) =>
  server.log.filter((e) => e.path === path && e.event === 'header-refused').length;

describe('stream headers from a playlist', () => {
  it('the test routes refuse a request without the expected headers', async () => {
    for (const r of ROUTES) {
      const res = await fetch(server.url(r.path), { headers: { 'User-Agent': 'curious/1.0' } });
      expect(res.status, r.path).toBe(403);
      await res.body?.cancel();
      expect(refused(r.path)).toBe(1);
    }
  });

  it('are imported and sent by the recorder: every channel records', async () => {
    const text = ['#EXTM3U', ...ROUTES.flatMap((r) => r.entry(server.url(r.path)))].join('\n') + '\n';
    const source = await dvr.call('sources.add', {
      kind: 'm3u',
      location: tempFile('headers.m3u', text),
    });
    expect(source.lastImport?.problems).toEqual([]);
    const { channels } = await dvr.call('channels.search', { sourceId: source.id });
    expect(channels.map((c) => c.name)).toEqual(['Attr', 'Pipe', 'Vlcopt', 'Kodiprop']);

    const scheduled = await Promise.all(
      channels.map((c) =>
        dvr.call('recordings.schedule', { channelId: c.id, start: Date.now(), durationMs: 4000 }),
      ),
    );
    const done = await Promise.all(
      scheduled.map((r) => waitForStatus(dvr, r.id, ['completed', 'failed'], 45_000)),
    );
    for (const [i, r] of done.entries()) {
      const route = ROUTES[i]!;
      expect({ path: route.path, status: r.status, error: r.error }).toEqual({
        path: route.path,
        status: 'completed',
        error: null,
      });
      expect(r.sizeBytes ?? 0, route.path).toBeGreaterThan(50_000);
      // Only the probe above was refused; the recorder's requests all carried the headers.
      expect(refused(route.path), route.path).toBe(1);
      expect(server.connections(route.path), route.path).toBeGreaterThanOrEqual(2);
    }
  }, 90_000);
});
