// The media routes with awkward file names and with players other than hls.js: a recording called
// "100% Hits" plays, a name holding "%41" serves itself and not "A", and ffmpeg's HLS reader (what
// VLC, mpv and Kodi use) accepts the playlist's chunks because their URLs end in .ts.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import type { Recording } from '../../src-shared/domain';
import { readWithFfmpeg } from '../support/media-client';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';

let streams: StreamServer;
let dvr: Dvr;
let http: RunningServer;
let cleanup: () => Promise<void>;
let hits: Recording;
const token = 'test-token-0123456789abcdef0123456789';
const q = `?token=${token}`;

beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/live/hits.ts');
  await streams.ready();
  ({ dvr, cleanup } = await openTempDvr());
  http = await startHttpServer({ dvr, host: '127.0.0.1', port: 0, token, rendererDir: null });
  const scheduled = await dvr.call('recordings.schedule', {
    title: '100% Hits',
    url: streams.url('/live/hits.ts'),
    start: Date.now(),
    durationMs: 8_000,
  });
  hits = await waitForStatus(dvr, scheduled.id, ['completed', 'failed'], 60_000);
  if (hits.status !== 'completed') throw new Error(`the fixture recording failed: ${hits.error}`);
}, 90_000);

afterAll(async () => {
  await http?.close();
  await cleanup?.();
  await streams?.close();
});

const get = (pathname: string, headers: Record<string, string> = {}) =>
  fetch(`${http.url}${pathname}`, { headers });
const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe('media file names', () => {
  it('plays a real recording titled "100% Hits" (its file name keeps the %)', async () => {
    expect(path.basename(hits.outputPath!)).toMatch(/^100% Hits \(.*\)\.ts$/);
    const whole = readFileSync(hits.outputPath!);
    for (const url of [`/media/recordings/${hits.id}${q}`, `/media/recordings/${hits.id}/file.ts${q}`]) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect((await bytes(response)).equals(whole), url).toBe(true);
      const range = await get(url, { Range: 'bytes=188-375' });
      expect(range.status).toBe(206);
      expect((await bytes(range)).equals(whole.subarray(188, 376))).toBe(true);
    }
    // The playlist of a finished .ts points at the file by a URL with its extension.
    const playlist = await (await get(`/media/recordings/${hits.id}/index.m3u8${q}`)).text();
    const uris = new Set(playlist.split('\n').filter((l) => l.startsWith('/media/')));
    expect(uris).toEqual(new Set([`/media/recordings/${hits.id}/file.ts${q}`]));
  });

  it('serves files whose names hold %41, #, ?, spaces and non-ASCII as themselves', async () => {
    const root = dvr.recordingsDir();
    const original = readFileSync(hits.outputPath!);
    // A decoy the old route resolved "%41" to: it must never be what is served.
    mkdirSync(path.join(root, 'odd'), { recursive: true });
    writeFileSync(path.join(root, 'odd', 'Hits A.ts'), 'decoy');
    const names = [
      'Hits %41.ts',
      'Hits %2e%2e%2f.ts',
      'Hits #1.ts',
      'What? Now.ts',
      '  spaced  out  .ts',
      'Música – Ünïcödé 東京 📺.ts',
      '%.ts',
    ];
    for (const name of names) {
      const file = path.join(root, 'odd', name);
      copyFileSync(hits.outputPath!, file);
      dvr.store.update(hits.id, { outputPath: file });
      const response = await get(`/media/recordings/${hits.id}/file.ts${q}`);
      expect(response.status, name).toBe(200);
      expect((await bytes(response)).equals(original), name).toBe(true);
      const head = await fetch(`${http.url}/media/recordings/${hits.id}/file.ts${q}`, { method: 'HEAD' });
      expect(head.status, name).toBe(200);
      expect(Number(head.headers.get('content-length')), name).toBe(original.length);
      const playlist = await get(`/media/recordings/${hits.id}/index.m3u8${q}`);
      expect(playlist.status, name).toBe(200);
    }
    dvr.store.update(hits.id, { outputPath: hits.outputPath });
  });

  it('answers a file URL with the wrong extension with 404, and keeps the old URL working', async () => {
    expect((await get(`/media/recordings/${hits.id}/file.mkv${q}`)).status).toBe(404);
    expect((await get(`/media/recordings/${hits.id}/file.ts`)).status).toBe(401);
    expect((await get(`/media/recordings/${hits.id}${q}`)).status).toBe(200);
  });
});

describe('players that use ffmpeg (VLC, mpv, Kodi)', () => {
  it('read the whole finished recording through its HLS playlist', async () => {
    const read = await readWithFfmpeg(`${http.url}/media/recordings/${hits.id}/index.m3u8${q}`);
    expect(read.stderr).not.toMatch(/not in allowed_segment_extensions|Invalid data/);
    expect(read.code, read.stderr).toBe(0);
    expect(Math.abs(read.seconds - hits.durationMs! / 1000), read.stderr).toBeLessThan(1);
  });

  it('read the file URL directly', async () => {
    const read = await readWithFfmpeg(`${http.url}/media/recordings/${hits.id}/file.ts${q}`);
    expect(read.code, read.stderr).toBe(0);
    expect(Math.abs(read.seconds - hits.durationMs! / 1000), read.stderr).toBeLessThan(1);
  });
});
