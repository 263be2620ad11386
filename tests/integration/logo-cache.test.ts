// Channel logos fetched and cached by the core (library/logo-cache.ts) against real HTTP servers on
// 127.0.0.1: what is accepted (an image by its Content-Type and its bytes), what is refused (too big, the
// wrong type, HTML posing as an image, a slow server, too many redirects, other schemes, user:pass@),
// how the cache ages (refetch after 7 days, the old logo kept when that fails, failures remembered for
// an hour), at most 4 fetches at once, and the media route end to end with the token.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { openDatabase, type Db } from '../../src-main/core/db/open';
import {
  fetchLogo,
  LOGO_MAX_BYTES,
  LOGO_TIMEOUT_MS,
  LogoCache,
  sniffImage,
} from '../../src-main/core/library/logo-cache';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import { MIGRATIONS, openTempDvr, tempDir } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PNG2 = Buffer.concat([PNG, Buffer.from('second version')]);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<!-- a logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>alert(1)</script></svg>',
);
const HTML = Buffer.from('<!doctype html><html><body>Not found</body></html>');
const DAY = 24 * 3600_000;

type Route = (req: IncomingMessage, res: ServerResponse) => void;

interface TestServer {
  url(pathname: string): string;
  /** The same server under the name `localhost` (another host, as far as a URL goes). */
  otherHost(pathname: string): string;
  hits(pathname: string): number;
  requests: IncomingMessage[];
  route(pathname: string, handler: Route): void;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const requests: IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    requests.push(req);
    const handler = routes.get(pathname);
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    otherHost: (p) => `http://localhost:${port}${p}`,
    hits: (p) => hits.get(p) ?? 0,
    requests,
    route: (p, handler) => routes.set(p, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const image = (bytes: Buffer, type: string, extra: Record<string, string> = {}): Route => {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': bytes.length, ...extra });
    res.end(bytes);
  };
};
const redirect =
  (to: string): Route =>
  (_req, res) => {
    res.writeHead(302, { Location: to, 'Set-Cookie': 'session=abc; Path=/' });
    res.end();
  };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/logo.png', image(PNG, 'image/png'));
  server.route('/logo.gif', image(GIF, 'image/gif; charset=binary'));
  server.route('/logo.svg', image(SVG, 'image/svg+xml'));
  server.route('/jpeg-says-png', image(PNG, 'image/jpeg'));
  server.route('/big', image(Buffer.concat([PNG, Buffer.alloc(LOGO_MAX_BYTES)]), 'image/png'));
  server.route('/big-chunked', (_req, res) => {
    // No Content-Length: the size is only known while reading.
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.write(PNG);
    for (let i = 0; i < 9; i++) res.write(Buffer.alloc(64 * 1024));
    res.end();
  });
  server.route('/octet', image(PNG, 'application/octet-stream'));
  server.route('/text-html', image(PNG, 'text/html'));
  server.route('/html-as-png', image(HTML, 'image/png'));
  server.route('/svg-as-png', image(SVG, 'image/png'));
  server.route('/png-as-svg', image(PNG, 'image/svg+xml'));
  server.route('/html-as-svg', image(HTML, 'image/svg+xml'));
  server.route('/slow', () => {
    /* never answers */
  });
  server.route('/missing', (_req, res) => res.writeHead(404).end());
  server.route('/to-other-host', redirect(server.otherHost('/logo.png')));
  server.route('/r1', redirect('/r2'));
  server.route('/r2', redirect(server.otherHost('/r3')));
  server.route('/r3', redirect(server.url('/logo.png')));
  server.route('/r0', redirect('/r1'));
  server.route('/to-file', redirect('file:///etc/passwd'));
  server.route('/to-ftp', redirect('ftp://127.0.0.1/logo.png'));
  server.route('/to-userinfo', redirect(server.url('/logo.png').replace('http://', 'http://user:pw@')));
});
afterAll(async () => {
  await server?.close();
});

describe('fetchLogo: what is an image', () => {
  it.each([
    ['/logo.png', 'png'],
    ['/logo.gif', 'gif'],
    ['/logo.svg', 'svg'],
    // Servers mislabel raster logos; the bytes decide which raster kind it is.
    ['/jpeg-says-png', 'png'],
  ])('accepts %s as %s', async (pathname, ext) => {
    const logo = await fetchLogo(server.url(pathname));
    expect(logo.ext).toBe(ext);
  });

  it.each([
    ['/big', /larger than 524288 bytes \(\d+\)/],
    ['/big-chunked', /larger than 524288 bytes$/],
    ['/octet', /not an image type: application\/octet-stream/],
    ['/text-html', /not an image type: text\/html/],
    ['/html-as-png', /declared png, but the bytes are no image/],
    ['/html-as-svg', /declared svg, but the bytes are no image/],
    ['/svg-as-png', /declared png, but the bytes are svg/],
    ['/png-as-svg', /declared svg, but the bytes are png/],
    ['/missing', /HTTP 404/],
  ])('refuses %s', async (pathname, message) => {
    await expect(fetchLogo(server.url(pathname))).rejects.toThrow(message);
  });

  it('gives up on a server that does not answer (10 s; here 300 ms)', async () => {
    expect(LOGO_TIMEOUT_MS).toBe(10_000);
    const started = Date.now();
    await expect(fetchLogo(server.url('/slow'), 300)).rejects.toThrow(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('follows up to 3 redirects, to other hosts too, sending no cookie or credentials', async () => {
    const before = server.requests.length;
    expect((await fetchLogo(server.url('/to-other-host'))).ext).toBe('png');
    expect((await fetchLogo(server.url('/r1'))).ext).toBe('png');
    await expect(fetchLogo(server.url('/r0'))).rejects.toThrow(/more than 3 redirects/);
    const sent = server.requests.slice(before);
    expect(sent.some((r) => r.headers.host?.startsWith('localhost:'))).toBe(true);
    for (const r of sent) {
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers.authorization).toBeUndefined();
    }
  });

  it('http(s) only, and never a URL with user:password@ (not even where a redirect leads)', async () => {
    await expect(fetchLogo(server.url('/to-file'))).rejects.toThrow(
      /not an http\(s\) URL \(where a redirect led\)/,
    );
    await expect(fetchLogo(server.url('/to-ftp'))).rejects.toThrow(/not an http\(s\) URL/);
    await expect(fetchLogo(server.url('/to-userinfo'))).rejects.toThrow(/user:password@/);
    const hits = server.hits('/logo.png');
    await expect(fetchLogo(server.url('/logo.png').replace('http://', 'http://me:secret@'))).rejects.toThrow(
      /a URL with user:password@ is not fetched/,
    );
    await expect(fetchLogo('file:///etc/hostname')).rejects.toThrow(/not an http\(s\) URL/);
    expect(server.hits('/logo.png')).toBe(hits);
  });

  it('sniffs the kinds by their bytes', () => {
    expect(sniffImage(PNG)).toBe('png');
    expect(sniffImage(GIF)).toBe('gif');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpg');
    expect(sniffImage(Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 ')]))).toBe('webp');
    expect(sniffImage(Buffer.from([0, 0, 1, 0, 1, 0, 16, 16]))).toBe('ico');
    expect(sniffImage(Buffer.from('\uFEFF  <svg viewBox="0 0 1 1"/>'))).toBe('svg');
    expect(sniffImage(Buffer.from('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg>'))).toBe(
      'svg',
    );
    expect(sniffImage(Buffer.from('<html><svg></svg></html>'))).toBeNull();
    expect(sniffImage(Buffer.from('<svgx>'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });
});

describe('LogoCache', () => {
  let dir: string;
  let db: Db;
  let now: number;
  let cache: LogoCache;

  beforeEach(() => {
    dir = path.join(tempDir(), 'cache', 'logos');
    db = openDatabase({ file: path.join(tempDir(), 'test.db'), migrationsFolder: MIGRATIONS });
    now = Date.now();
    cache = new LogoCache({ db, dir, now: () => now, timeoutMs: 2_000 });
  });
  afterEach(() => {
    db.$client.close();
  });

  it('stores <sha256 of the URL>.<ext> dated by the fetch; serves it from disk after', async () => {
    const url = server.url('/logo.gif');
    const logo = await cache.get(url);
    const name = `${createHash('sha256').update(url).digest('hex')}.gif`;
    expect(logo).toMatchObject({ file: path.join(dir, name), ext: 'gif', contentType: 'image/gif' });
    expect(readFileSync(logo!.file).equals(GIF)).toBe(true);
    expect(Math.round(statSync(logo!.file).mtimeMs)).toBe(Math.round(now));
    const hits = server.hits('/logo.gif');
    // Another cache over the same folder (the next start) finds it without fetching.
    const again = await new LogoCache({ db, dir, now: () => now }).get(url);
    expect(again).toMatchObject({ file: logo!.file, ext: 'gif' });
    expect(server.hits('/logo.gif')).toBe(hits);
  });

  it('refetches after 7 days; on failure keeps the old one, and tries again only after an hour', async () => {
    let version = PNG;
    let fail = false;
    server.route('/aging.png', (req, res) =>
      fail ? res.writeHead(500).end() : image(version, 'image/png')(req, res),
    );
    const url = server.url('/aging.png');
    const first = await cache.get(url);
    expect(server.hits('/aging.png')).toBe(1);

    now += 6 * DAY;
    expect(await cache.get(url)).toEqual(first);
    expect(server.hits('/aging.png')).toBe(1);

    // Stale: the old one is served at once, the new one fetched behind it.
    now += 2 * DAY;
    version = PNG2;
    expect(await cache.get(url)).toEqual(first);
    const refreshed = await waitFor(
      async () => {
        const current = await cache.get(url);
        return current && current.fetchedAt === now ? current : null;
      },
      { timeoutMs: 5_000, what: 'the refetched logo' },
    );
    expect(readFileSync(refreshed.file).equals(PNG2)).toBe(true);
    expect(server.hits('/aging.png')).toBe(2);

    // Stale again, and the server fails: the old logo stays, and for an hour nobody asks again.
    now += 8 * DAY;
    fail = true;
    expect(await cache.get(url)).toEqual(refreshed);
    await waitFor(() => server.hits('/aging.png') === 3, { timeoutMs: 5_000, what: 'the failed refetch' });
    // (While that fetch runs, asking again joins it; once it failed, the failure is remembered.)
    for (let i = 0; i < 5; i++) expect(await cache.get(url)).toEqual(refreshed);
    expect(server.hits('/aging.png')).toBe(3);
    now += 61 * 60_000;
    fail = false;
    await cache.get(url);
    await waitFor(() => server.hits('/aging.png') === 4, { timeoutMs: 5_000, what: 'a try after an hour' });
  });

  it('a logo that never came is null, and is not asked for again within the hour', async () => {
    const url = server.url('/html-as-png');
    const hits = server.hits('/html-as-png');
    expect(await cache.get(url)).toBeNull();
    expect(await cache.get(url)).toBeNull();
    expect(server.hits('/html-as-png')).toBe(hits + 1);
    now += 61 * 60_000;
    expect(await cache.get(url)).toBeNull();
    expect(server.hits('/html-as-png')).toBe(hits + 2);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('fetches at most 4 at a time, and each URL once however often it is asked for', async () => {
    const held: ServerResponse[] = [];
    let inFlight = 0;
    let most = 0;
    let received = 0;
    const total = 10;
    for (let i = 0; i < total; i++) {
      server.route(`/many/${i}.png`, (_req, res) => {
        inFlight++;
        received++;
        most = Math.max(most, inFlight);
        held.push(res);
        res.on('close', () => inFlight--);
        // Answer once 4 wait (or the last ones arrived): a fifth would have arrived by then if allowed.
        if (inFlight === 4 || received === total) {
          for (const r of held.splice(0)) image(PNG, 'image/png')(_req, r);
        }
      });
    }
    const urls = Array.from({ length: total }, (_, i) => server.url(`/many/${i}.png`));
    const logos = await Promise.all([...urls, ...urls].map((u) => cache.get(u)));
    expect(logos.every((l) => l?.ext === 'png')).toBe(true);
    expect(most).toBe(4);
    expect(received).toBe(total);
  });

  it('channels: by their logo URL; none without one', async () => {
    db.$client.exec(`INSERT INTO sources (id, kind, name) VALUES (1, 'manual', 'm')`);
    const insert = db.$client.prepare(
      `INSERT INTO channels (id, source_id, stable_key, name, url, logo) VALUES (?, 1, ?, ?, 'http://x/a.ts', ?)`,
    );
    insert.run(1, 'a', 'A', server.url('/logo.png'));
    insert.run(2, 'b', 'B', null);
    expect((await cache.forChannel(1))?.ext).toBe('png');
    expect(await cache.forChannel(2)).toBeNull();
    expect(await cache.forChannel(99)).toBeNull();
  });
});

describe('GET /media/logos/<channel>', () => {
  let dvr: Dvr;
  let cleanup: () => Promise<void>;
  let media: RunningServer;
  const token = 'logo-token-0123456789abcdef0123456789';
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ({ dvr, cleanup } = await openTempDvr());
    media = await startHttpServer({ dvr, host: '127.0.0.1', port: 0, token, rendererDir: null });
    const playlist = path.join(tempDir(), 'logos.m3u');
    const entries: Array<[string, string | null]> = [
      ['Png', server.url('/logo.png')],
      ['Svg', server.url('/logo.svg')],
      ['Html', server.url('/html-as-png')],
      ['None', null],
    ];
    writeFileSync(
      playlist,
      [
        '#EXTM3U',
        ...entries.flatMap(([name, logo]) => [
          `#EXTINF:-1 tvg-id="${name}"${logo ? ` tvg-logo="${logo}"` : ''},${name}`,
          `http://127.0.0.1:9/${name}.ts`,
        ]),
      ].join('\n'),
    );
    await dvr.call('sources.add', { kind: 'm3u', location: playlist });
    for (const c of (await dvr.call('channels.search', {})).channels) ids[c.name] = c.id;
  });
  afterAll(async () => {
    await media?.close();
    await cleanup?.();
  });

  const get = (pathname: string, headers: Record<string, string> = {}) =>
    fetch(`${media.url}${pathname}`, { headers });

  it('channel listings point at the route; a channel without a logo has none', async () => {
    const { channels } = await dvr.call('channels.search', {});
    const png = channels.find((c) => c.name === 'Png')!;
    expect(png.logoUrl).toBe(`/media/logos/${png.id}`);
    expect(png.logo).toBe(server.url('/logo.png'));
    expect(channels.find((c) => c.name === 'None')!.logoUrl).toBeNull();
  });

  it('serves the cached logo with the token, a day of caching, and nosniff', async () => {
    const response = await get(`/media/logos/${ids.Png}?token=${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('max-age=86400');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
    const bearer = await get(`/media/logos/${ids.Png}`, { Authorization: `Bearer ${token}` });
    expect(bearer.status).toBe(200);
  });

  it('an SVG goes out with a CSP that runs nothing', async () => {
    const response = await get(`/media/logos/${ids.Svg}?token=${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('401 without the token; 404 with no logo, a refused one, or no such channel', async () => {
    expect((await get(`/media/logos/${ids.Png}`)).status).toBe(401);
    expect((await get(`/media/logos/${ids.Png}?token=wrong`)).status).toBe(401);
    for (const id of [ids.None, ids.Html, 9999]) {
      const response = await get(`/media/logos/${id}?token=${token}`);
      expect(response.status, String(id)).toBe(404);
      expect(await response.text()).toBe(`no logo for channel ${id}`);
    }
    expect((await get(`/media/logos/x?token=${token}`)).status).toBe(404);
  });
});
