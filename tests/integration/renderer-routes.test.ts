// The app's pages as `tapedeck serve` hands them to a browser: any route is the app's index.html, and
// the build's relative asset links ('./assets/…') resolve from a deep link too (/rules/12 asks for
// /rules/assets/…), so a reload of any screen loads its script instead of the index page.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import { openTempDvr, tempDir } from '../support/temp-dvr';

let dvr: Dvr;
let server: RunningServer;
let cleanup: () => Promise<void>;
const token = 'test-token-0123456789abcdef0123456789';

beforeAll(async () => {
  ({ dvr, cleanup } = await openTempDvr());
  const renderer = tempDir('tapedeck-renderer-');
  mkdirSync(path.join(renderer, 'assets'));
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><script src="./assets/app.js"></script>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log("app");');
  server = await startHttpServer({ dvr, host: '127.0.0.1', port: 0, token, rendererDir: renderer });
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

async function get(pathname: string): Promise<{ type: string; body: string }> {
  const res = await fetch(new URL(pathname, server.url));
  return { type: res.headers.get('content-type') ?? '', body: await res.text() };
}

describe('the app over HTTP', () => {
  it('answers every route with the index page', async () => {
    for (const route of ['/', '/rules', '/rules/12', '/sources/channels']) {
      expect((await get(route)).body, route).toContain('<!doctype html>');
    }
  });

  it('serves the assets from a deep link as from the top', async () => {
    for (const asset of ['/assets/app.js', '/rules/assets/app.js', '/sources/channels/assets/app.js']) {
      const answer = await get(asset);
      expect(answer.body, asset).toBe('console.log("app");');
      expect(answer.type, asset).toMatch(/javascript/);
    }
    // A missing asset is still the index page (as any unknown path), not an error page.
    expect((await get('/x/assets/missing.js')).body).toContain('<!doctype html>');
  });
});
