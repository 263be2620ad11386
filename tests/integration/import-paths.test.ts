// Which local files a caller may import. A browser (the WebSocket UI, or any page holding the token)
// names files only in the import folder or uploads them; the CLI (POST /api/call from this machine,
// no Origin) and the desktop window may name any file. Otherwise a page could make the server read
// any file on the machine, and see its first bytes in the error.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Dvr } from '../../src-main/core/dvr';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import { apiCall } from '../support/cli-runner';
import { openTempDvr, tempDir } from '../support/temp-dvr';

let dvr: Dvr;
let dataDir: string;
let server: RunningServer;
let cleanup: () => Promise<void>;
let importDir: string;
let outsideDir: string;
const token = 'test-token-0123456789abcdef0123456789';
const SECRET = 'do-not-echo-0123456789';
const MAX_UPLOAD = 64 * 1024;

const playlist = (names: string[], header = '') =>
  `#EXTM3U${header}\n` +
  names.map((n, i) => `#EXTINF:-1 tvg-id="c${i}",${n}\nhttp://127.0.0.1:9/${i}.ts\n`).join('');
const GUIDE = '<?xml version="1.0"?>\n<tv><channel id="c0"><display-name>One</display-name></channel></tv>\n';

beforeAll(async () => {
  ({ dvr, dataDir, cleanup } = await openTempDvr());
  server = await startHttpServer({
    dvr,
    host: '127.0.0.1',
    port: 0,
    token,
    rendererDir: null,
    maxUploadBytes: MAX_UPLOAD,
  });
  importDir = path.join(dataDir, 'imports');
  outsideDir = tempDir('tapedeck-outside-');
  writeFileSync(path.join(outsideDir, 'secret.m3u'), `${SECRET}\n`);
  writeFileSync(path.join(outsideDir, 'outside.m3u'), playlist(['Outside One']));
  writeFileSync(path.join(outsideDir, 'guide.xml'), GUIDE);
  writeFileSync(path.join(dataDir, 'secret-in-data.txt'), `${SECRET}\n`);
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

interface Outcome {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/** One call over the WebSocket, as the browser UI makes it. */
async function wsCall(name: string, input: unknown): Promise<Outcome> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/ws?token=${token}`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise<Outcome>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as Outcome & { type: string; id: unknown };
        if (message.type === 'result' && message.id === 1) resolve(message);
      });
      ws.send(JSON.stringify({ id: 1, name, input }));
    });
  } finally {
    ws.close();
  }
}

async function upload(
  name: string,
  body: string | Buffer,
  headers: Record<string, string> = { Authorization: `Bearer ${token}` },
): Promise<{ status: number; body: Outcome }> {
  const response = await fetch(`${server.url}/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers,
    body,
  });
  return { status: response.status, body: (await response.json()) as Outcome };
}

function expectRefused(outcome: Outcome, what: string): void {
  expect(outcome.ok, what).toBe(false);
  expect(outcome.error?.code, what).toBe('invalid_input');
  expect(outcome.error?.message, what).toContain(
    `from a browser, playlists and guides on this computer must be in ${importDir} or uploaded`,
  );
  expect(outcome.error?.message, what).not.toContain(SECRET);
}

describe('from a browser (WebSocket)', () => {
  it('refuses playlists and guides outside the import folder, however they are spelt', async () => {
    mkdirSync(importDir, { recursive: true });
    symlinkSync(path.join(outsideDir, 'secret.m3u'), path.join(importDir, 'link.m3u'));
    const outside = [
      path.join(outsideDir, 'secret.m3u'),
      `file://${path.join(outsideDir, 'secret.m3u')}`,
      path.join(dataDir, 'server-token'),
      path.join(dataDir, 'secret-in-data.txt'),
      `${importDir}/../secret-in-data.txt`,
      `${importDir}-evil/x.m3u`,
      path.join(importDir, 'link.m3u'),
    ];
    for (const location of outside) {
      expectRefused(await wsCall('sources.add', { kind: 'm3u', location }), location);
      expectRefused(await wsCall('guides.add', { location }), location);
    }
    expect(dvr.sources.store.rows()).toHaveLength(0);
    expect(await dvr.call('guides.list', {})).toHaveLength(0);
  });

  it('refuses moving a source or guide to a file outside the import folder', async () => {
    const source = await dvr.call('sources.add', {
      kind: 'm3u',
      location: path.join(outsideDir, 'outside.m3u'),
    });
    const guide = await dvr.call('guides.add', { location: path.join(outsideDir, 'guide.xml') });
    const secret = path.join(outsideDir, 'secret.m3u');
    expectRefused(await wsCall('sources.update', { id: source.id, location: secret }), 'sources.update');
    expectRefused(await wsCall('guides.update', { id: guide.id, location: secret }), 'guides.update');
    // Refreshing what the CLI added is fine: the location was chosen by a trusted caller.
    expect((await wsCall('sources.refresh', { id: source.id })).ok).toBe(true);
    await dvr.call('sources.remove', { id: source.id });
    await dvr.call('guides.remove', { id: guide.id });
  });

  it('imports a file in the import folder', async () => {
    mkdirSync(importDir, { recursive: true });
    const file = path.join(importDir, 'inside.m3u');
    writeFileSync(file, playlist(['Inside One', 'Inside Two']));
    const added = await wsCall('sources.add', { kind: 'm3u', location: file });
    expect(added.ok, JSON.stringify(added.error)).toBe(true);
    expect((added.result as { counts: { live: number } }).counts.live).toBe(2);
    const id = (added.result as { id: number }).id;
    await dvr.call('sources.remove', { id });
  });

  it('does not add a guide the playlist offers from a file outside the import folder', async () => {
    const file = path.join(importDir, 'offers.m3u');
    const offered = path.join(outsideDir, 'guide.xml');
    writeFileSync(file, playlist(['Offered'], ` url-tvg="${offered}"`));
    const added = await wsCall('sources.add', { kind: 'm3u', location: file, addOfferedGuides: true });
    expect(added.ok, JSON.stringify(added.error)).toBe(true);
    expect(await dvr.call('guides.list', {})).toHaveLength(0);
    // still offered, for the CLI or the desktop app to add
    expect((added.result as { offeredGuides: string[] }).offeredGuides).toEqual([offered]);
    await dvr.call('sources.remove', { id: (added.result as { id: number }).id });
  });
});

describe('uploads', () => {
  it('stores an upload in the import folder under a clean, unique name, and imports it', async () => {
    const first = await upload('My List.m3u', playlist(['Up One']));
    expect(first.status).toBe(200);
    const stored = first.body.result as { path: string; bytes: number };
    expect(path.dirname(stored.path)).toBe(importDir);
    expect(path.basename(stored.path)).toBe('My List.m3u');
    expect(stored.bytes).toBe(Buffer.byteLength(playlist(['Up One'])));
    const second = await upload('My List.m3u', playlist(['Up Two']));
    const again = (second.body.result as { path: string }).path;
    expect(again).not.toBe(stored.path);
    expect(path.dirname(again)).toBe(importDir);

    const added = await wsCall('sources.add', { kind: 'm3u', location: stored.path });
    expect(added.ok, JSON.stringify(added.error)).toBe(true);
    await dvr.call('sources.remove', { id: (added.result as { id: number }).id });
  });

  it('never leaves the import folder, whatever the name', async () => {
    for (const name of ['../../escape.m3u', '/etc/passwd', '.hidden', 'a\u0000b.m3u', '', 'CON']) {
      const reply = await upload(name, playlist(['X']));
      expect(reply.status, name).toBe(200);
      const stored = (reply.body.result as { path: string }).path;
      expect(path.dirname(stored), name).toBe(importDir);
      expect(path.basename(stored).startsWith('.'), name).toBe(false);
    }
  });

  it('refuses an upload over the limit with 413 and keeps nothing of it', async () => {
    const before = readdirSync(importDir).length;
    const reply = await upload('big.m3u', Buffer.alloc(MAX_UPLOAD + 1, 0x41));
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(readdirSync(importDir)).toHaveLength(before);
    // Sent in chunks, with no Content-Length to refuse it by: cut off while it is being written.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${server.url}/api/upload?name=big.m3u`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Transfer-Encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(MAX_UPLOAD / 2, 0x41));
      req.end();
    });
    expect(chunked).toBe(413);
    expect(readdirSync(importDir)).toHaveLength(before);
  });

  it('needs the token', async () => {
    expect((await upload('x.m3u', 'x', {})).status).toBe(401);
    expect((await upload('x.m3u', 'x', { Authorization: 'Bearer wrong' })).status).toBe(401);
  });
});

describe('from the CLI (HTTP from this machine)', () => {
  it('imports any file, but not when the request comes from a browser page (Origin)', async () => {
    const location = path.join(outsideDir, 'outside.m3u');
    const fromCli = await apiCall(server.url, 'sources.add', { kind: 'm3u', location }, token);
    expect(fromCli.status, JSON.stringify(fromCli.body)).toBe(200);
    await dvr.call('sources.remove', { id: (fromCli.body as { result: { id: number } }).result.id });

    const response = await fetch(`${server.url}/api/call/sources.add`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Origin: server.url,
      },
      body: JSON.stringify({ kind: 'm3u', location }),
    });
    expect(response.status).toBe(400);
    expectRefused((await response.json()) as Outcome, 'POST with Origin');
  });
});
