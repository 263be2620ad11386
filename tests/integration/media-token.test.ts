// The desktop's renderer gets a media-only token: it opens /media, never the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import { openTempDvr } from '../support/temp-dvr';

const token = 'api-token-0123456789abcdef0123456789';
const mediaToken = 'media-token-0123456789abcdef01234567';
let dvr: Dvr;
let server: RunningServer;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dvr, cleanup } = await openTempDvr());
  server = await startHttpServer({
    dvr,
    host: '127.0.0.1',
    port: 0,
    token,
    mediaToken,
    mediaCorsOrigin: 'app://tapedeck',
    rendererDir: null,
  });
});
afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

const api = (bearer: string) =>
  fetch(`${server.url}/api/call/status.get`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}` },
    body: '{}',
  });

describe('media-only token', () => {
  it('opens the media routes', async () => {
    // No channel 999: past the token check, the route answers 404; a wrong token stops at 401.
    expect((await fetch(`${server.url}/media/logos/999?token=${mediaToken}`)).status).toBe(404);
    expect((await fetch(`${server.url}/media/logos/999?token=${token}`)).status).toBe(404);
    expect((await fetch(`${server.url}/media/logos/999?token=${mediaToken}x`)).status).toBe(401);
  });

  it("lets the desktop page's player read media across origins, and no other page", async () => {
    const logo = (origin: string) =>
      fetch(`${server.url}/media/logos/999?token=${mediaToken}`, { headers: { Origin: origin } });
    expect((await logo('app://tapedeck')).headers.get('access-control-allow-origin')).toBe('app://tapedeck');
    expect((await logo('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/media/recordings/1/index.m3u8`, {
      method: 'OPTIONS',
      headers: { Origin: 'app://tapedeck', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Range');
    const foreign = await fetch(`${server.url}/media/recordings/1/index.m3u8`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.status).not.toBe(204);
  });

  it('does not open the API, nor uploads', async () => {
    expect((await api(mediaToken)).status).toBe(401);
    expect((await api(token)).status).toBe(200);
    const upload = await fetch(`${server.url}/api/upload?name=a.m3u`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${mediaToken}` },
      body: '#EXTM3U\n',
    });
    expect(upload.status).toBe(401);
  });
});
