// app://tapedeck: the renderer's files and nothing else, app routes answered with index.html, and
// the Content-Security-Policy as a header with the media server's one port.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, createAppHandler, rendererCsp } from '../../../src-main/desktop/protocol';

let handler: (request: Request) => Promise<Response>;
let dir: string;
const CSP = rendererCsp(43123);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tapedeck-protocol-'));
  const root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Tapedeck</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  // Beside the renderer folder: what a path escape would read.
  writeFileSync(path.join(dir, 'secret.js'), 'SECRET');
  writeFileSync(path.join(dir, 'renderer-other.js'), 'SECRET');
  handler = createAppHandler({ root, csp: CSP });
});

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves files with their type, nosniff and the CSP header', async () => {
    const js = await get('app://tapedeck/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log(1)');
    const css = await get('app://tapedeck/assets/index-abc.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const page = await get('app://tapedeck/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(await page.text()).toContain('<title>Tapedeck</title>');
  });

  it('answers app routes with index.html, and relative assets seen from a deep route', async () => {
    for (const route of ['/recordings/12', '/recordings', '/guide/3/9', '/settings', '/index.html']) {
      const response = await get(`app://tapedeck${route}?tab=upcoming`);
      expect(response.status, route).toBe(200);
      expect(await response.text(), route).toContain('<title>Tapedeck</title>');
    }
    const deep = await get('app://tapedeck/recordings/assets/index-abc.js');
    expect(await deep.text()).toBe('console.log(1)');
    expect((await get('app://tapedeck/assets/missing.js')).status).toBe(404);
  });

  it('never leaves the renderer folder', async () => {
    for (const url of [
      'app://tapedeck/%2e%2e/secret.js',
      'app://tapedeck/assets/%2e%2e/%2e%2e/secret.js',
      'app://tapedeck/..%2fsecret.js',
      'app://tapedeck/%2e%2e%2fsecret.js',
      'app://tapedeck/..%5csecret.js',
      'app://tapedeck/assets%5c..%5c..%5csecret.js',
      'app://tapedeck/%00.js',
    ]) {
      const response = await get(url);
      expect([403, 404], url).toContain(response.status);
      expect(await response.text(), url).not.toContain('SECRET');
    }
    // The URL parser folds plain "..": it stays inside.
    expect(await (await get('app://tapedeck/../secret.js')).text()).not.toContain('SECRET');
    expect(await (await get('app://tapedeck/../renderer-other.js')).text()).not.toContain('SECRET');
  });

  it('answers only its host, GET and HEAD, and a bad escape', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://tapedeck/', 'POST')).status).toBe(405);
    const head = await get('app://tapedeck/assets/index-abc.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://tapedeck/%E0%A4%A.js')).status).toBe(400);
  });

  it('limits the page to itself and the one media port, and forbids framing', () => {
    const directives = Object.fromEntries(
      CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'connect-src': "'self' http://127.0.0.1:43123",
      'img-src': "'self' data: http://127.0.0.1:43123",
      'media-src': "'self' blob: http://127.0.0.1:43123",
      'object-src': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('registers app as a standard, secure scheme with fetch and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});
