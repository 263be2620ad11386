import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { ensureTestHls, ensureTestMedia, FFMPEG, probeDuration, probeStreams } from '../support/test-media';
import { waitFor } from '../support/wait';

interface Outcome {
  status: number | null;
  /** 'reset' when the server destroyed the socket before any response. */
  error: string | null;
  bytes: number;
  body: Buffer;
  /** Largest gap between body chunks (ms) after the first chunk. */
  maxGapMs: number;
  /** Per-chunk arrival: ms since the request started. */
  chunks: Array<{ t: number; n: number }>;
}

/** GET url, read for at most forMs, then abort. Never rejects. */
function get(url: string, forMs = 2_000, keepBody = false): Promise<Outcome> {
  return startGet(url, forMs, keepBody).done;
}

/** get(), with the outcome so far readable while the request runs (`out` fills in as data arrives). */
function startGet(url: string, forMs: number, keepBody = false): { out: Outcome; done: Promise<Outcome> } {
  const out: Outcome = {
    status: null,
    error: null,
    bytes: 0,
    body: Buffer.alloc(0),
    maxGapMs: 0,
    chunks: [],
  };
  const finished = new Promise<Outcome>((resolve) => {
    const parts: Buffer[] = [];
    const t0 = performance.now();
    let last = -1;
    let settled = false;
    const done = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      out.body = Buffer.concat(parts);
      resolve(out);
    };
    const timer = setTimeout(done, forMs);
    // agent: false => a fresh connection per request, so refusals are per request.
    const req = http.get(url, { agent: false }, (res) => {
      out.status = res.statusCode ?? null;
      res.on('data', (chunk: Buffer) => {
        const t = performance.now() - t0;
        if (last >= 0) out.maxGapMs = Math.max(out.maxGapMs, t - last);
        last = t;
        out.bytes += chunk.length;
        out.chunks.push({ t, n: chunk.length });
        if (keepBody) parts.push(chunk);
      });
      res.on('end', done);
      res.on('error', (e) => {
        out.error ??= e.message;
        done();
      });
    });
    req.on('error', (e) => {
      out.error ??= e.message;
      done();
    });
  });
  return { out, done: finished };
}

function ffmpeg(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(FFMPEG, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stderr });
    });
  });
}

describe('test stream server', () => {
  let server: StreamServer;
  let tmp: string;
  let bytesPerSec: number;

  beforeAll(async () => {
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'tapedeck-stream-test-'));
    server = await startStreamServer();
    const media = await ensureTestMedia({ seconds: 60 });
    bytesPerSec = media.bytes / media.seconds;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
  });

  it('unknown paths and status routes answer with the status', async () => {
    const missing = await get(server.url('/nope.ts'));
    expect(missing.status).toBe(404);

    server.addLive('/err404.ts', { status: 404 });
    server.addLive('/err500.ts', { status: 500, slowStartSec: 0.3 });
    const [a, b] = await Promise.all([get(server.url('/err404.ts')), get(server.url('/err500.ts'))]);
    expect(a.status).toBe(404);
    expect(b.status).toBe(500);
    expect(b.chunks[0]!.t).toBeGreaterThanOrEqual(280);
    expect(server.connections('/err404.ts')).toBe(1);
  }, 10_000);

  it('ffmpeg records ~5 s from the live route', async () => {
    server.addLive('/live/rec.ts');
    const out = path.join(tmp, 'rec.ts');
    const res = await ffmpeg(
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-y',
        '-i',
        server.url('/live/rec.ts'),
        '-c',
        'copy',
        '-t',
        '5',
        out,
      ],
      20_000,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(await probeDuration(out)).toBeGreaterThan(3.5);
    expect(await probeDuration(out)).toBeLessThan(6.5);
    expect(await probeStreams(out)).toEqual(['video', 'audio']);
  }, 20_000);

  it('paces at real-time rate and counts connections', async () => {
    server.addLive('/live/pace.ts');
    const pending = get(server.url('/live/pace.ts'), 3_000);
    await waitFor(() => server.activeConnections('/live/pace.ts') === 1, {
      timeoutMs: 2_000,
      what: 'the server to count the connection as active',
    });
    const r = await pending;
    expect(r.status).toBe(200);
    const seconds = r.bytes / bytesPerSec;
    expect(seconds).toBeGreaterThan(2.5);
    expect(seconds).toBeLessThan(3.6);
    expect(r.bytes % 188).toBe(0);
    expect(server.connections('/live/pace.ts')).toBe(1);
    // the client hung up: the server stops counting it once it sees the socket close
    await waitFor(() => server.activeConnections('/live/pace.ts') === 0, {
      timeoutMs: 2_000,
      what: () => `no active connection (has ${server.activeConnections('/live/pace.ts')})`,
    });
  }, 10_000);

  it('drops after dropAfterSec, refuses for refuseForSec, then serves again', async () => {
    const p = '/live/drop.ts';
    server.addLive(p, { dropAfterSec: 1, refuseForSec: 1.5 });
    const first = await get(server.url(p), 5_000);
    expect(first.status).toBe(200);
    expect(first.error).not.toBeNull(); // aborted mid-body
    expect(first.chunks.at(-1)!.t).toBeGreaterThan(800);
    expect(first.chunks.at(-1)!.t).toBeLessThan(1_500);

    // The refusal window runs from the drop, by the server's own clock (its log).
    const dropAt = server.log.find((e) => e.path === p && e.event === 'drop')!.at;
    const refused = await get(server.url(p), 1_000);
    expect(refused.status).toBeNull();
    expect(refused.error).toMatch(/hang up|ECONNRESET/);
    const refusedAt = server.log.find((e) => e.path === p && e.event === 'refused')!.at;
    expect(refusedAt - dropAt).toBeLessThan(1_500);

    await waitFor(() => Date.now() > dropAt + 1_500, { timeoutMs: 5_000, what: 'the refusal window to end' });
    const again = await get(server.url(p), 1_500);
    expect(again.status).toBe(200);
    expect(again.error).toBeNull(); // not dropped: dropOnce
    expect(again.bytes).toBeGreaterThan(bytesPerSec);

    const events = server.log.filter((e) => e.path === p).map((e) => e.event);
    expect(events.slice(0, 5)).toEqual(['connect', 'drop', 'close', 'refused', 'connect']);
  }, 10_000);

  it('refuseFirst refuses the first N requests', async () => {
    const p = '/live/refuse2.ts';
    server.addLive(p, { refuseFirst: 2 });
    const a = await get(server.url(p), 500);
    const b = await get(server.url(p), 500);
    const c = await get(server.url(p), 500);
    expect([a.status, b.status, c.status]).toEqual([null, null, 200]);
    expect(server.connections(p)).toBe(3);
  }, 5_000);

  it('stalls: no bytes for stallForSec, then resumes', async () => {
    const p = '/live/stall.ts';
    server.addLive(p, { stallAfterSec: 0.5, stallForSec: 1.5 });
    const r = await get(server.url(p), 3_000);
    expect(r.status).toBe(200);
    expect(r.maxGapMs).toBeGreaterThan(1_400);
    expect(r.maxGapMs).toBeLessThan(2_000);
    // Resumes at real-time pace, without a catch-up burst: ~1.5 s of media in 3 s.
    const seconds = r.bytes / bytesPerSec;
    expect(seconds).toBeGreaterThan(1.2);
    expect(seconds).toBeLessThan(2.0);
    const events = server.log.filter((e) => e.path === p).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['stall-start', 'stall-end']));
  }, 10_000);

  it('HLS playlist is live, shows ENDLIST only in its window, and segments are fetchable', async () => {
    const p = '/hls/ch1.m3u8';
    // Warm the segment cache first: the ENDLIST window is timed from addHls().
    await ensureTestHls({ segmentSeconds: 2, segments: 30 });
    const added = Date.now();
    server.addHls(p, { endListAfterSec: 1, endListForSec: 2 });
    await server.ready();

    const before = (await get(server.url(p), 2_000, true)).body.toString();
    expect(before).toMatch(/^#EXTM3U/);
    expect(before).not.toContain('#EXT-X-ENDLIST');
    const uris = before.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(uris).toHaveLength(3);
    for (const uri of uris) {
      expect(uri).not.toMatch(/^\/|:\/\//); // relative
      const seg = await get(new URL(uri, server.url(p)).toString(), 2_000, true);
      expect(seg.status).toBe(200);
      expect(seg.body[0]).toBe(0x47); // MPEG-TS sync byte
      expect(seg.bytes % 188).toBe(0);
    }

    // The playlist shows ENDLIST from 1 s after addHls() on, and for 2 s.
    const during = await waitFor(
      async () => {
        const text = (await get(server.url(p), 2_000, true)).body.toString();
        return text.includes('#EXT-X-ENDLIST') && text;
      },
      { timeoutMs: 5_000, what: 'the playlist to show #EXT-X-ENDLIST', intervalMs: 50 },
    );
    expect(during).toMatch(/^#EXTM3U/);
    // What the recorder will see: ffmpeg's hls demuxer reads the window and exits 0.
    const out = path.join(tmp, 'hls.ts');
    const res = await ffmpeg(
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', server.url(p), '-c', 'copy', out],
      10_000,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(await probeDuration(out)).toBeGreaterThan(4);

    const after = await waitFor(
      async () => {
        const text = (await get(server.url(p), 2_000, true)).body.toString();
        return !text.includes('#EXT-X-ENDLIST') && text;
      },
      { timeoutMs: 5_000, what: 'the playlist to stop showing #EXT-X-ENDLIST', intervalMs: 50 },
    );
    expect(after).toMatch(/^#EXTM3U/);
    // ENDLIST was served only inside its window (the route was added at or just after `added`).
    const endListTimes = server.log.filter((e) => e.path === p && e.event === 'endlist').map((e) => e.at);
    expect(endListTimes.length).toBeGreaterThan(0);
    expect(Math.min(...endListTimes) - added).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...endListTimes) - added).toBeLessThan(3_100);
    const seq = (s: string): number => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(s)?.[1]);
    expect(seq(after)).toBeGreaterThan(seq(before));
  }, 15_000);

  it('close() does not hang with clients attached', async () => {
    const s = await startStreamServer();
    s.addLive('/a.ts');
    s.addLive('/slow.ts', { slowStartSec: 30 });
    const a = startGet(s.url('/a.ts'), 5_000);
    const b = get(s.url('/slow.ts'), 5_000);
    // both clients attached: one receiving its stream, one waiting for its (30 s) slow start
    await waitFor(() => a.out.bytes > 0 && s.activeConnections('/slow.ts') === 1, {
      timeoutMs: 3_000,
      what: 'a streaming client and a waiting one',
    });
    expect(s.activeConnections('/a.ts')).toBe(1);
    const t0 = performance.now();
    await s.close();
    expect(performance.now() - t0).toBeLessThan(1_000);
    const [ra, rb] = await Promise.all([a.done, b]);
    expect(ra.bytes).toBeGreaterThan(0);
    expect(rb.status).toBeNull();
  }, 10_000);
});
