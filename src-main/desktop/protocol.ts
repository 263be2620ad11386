// The renderer comes from app://tapedeck/, not file://: a file:// page shares its origin with every
// file on the disk (and Electron's fuse grants file:// extra powers), a custom standard and secure
// scheme is an origin of its own. The handler is a pure function Request -> Response, so it is tested
// in plain Node: files only from the renderer folder, routes answered with index.html (the router
// reads the path), and the page's Content-Security-Policy as a header, where frame-ancestors works.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tapedeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_URL = `${APP_ORIGIN}/`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: an origin, relative URLs and history; secure: like https (no mixed-content downgrade);
  // supportFetchAPI: fetch() of our own files. No bypassCSP, no corsEnabled for others.
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/**
 * The page's policy: nothing remote, no inline script; media, images (channel logos) and the player's
 * requests only from the one loopback port the media server listens on.
 */
export function rendererCsp(mediaPort: number): string {
  const media = `http://127.0.0.1:${mediaPort}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${media}`,
    `media-src 'self' blob: ${media}`,
    `connect-src 'self' ${media}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

type ResponseBody = ConstructorParameters<typeof Response>[0];

export interface AppHandlerOptions {
  /** dist/renderer (inside app.asar when packaged: Electron's fs reads it). */
  root: string;
  csp: string;
  readFile?: (file: string) => Promise<Uint8Array>;
  isFile?: (file: string) => Promise<boolean>;
}

export function createAppHandler(options: AppHandlerOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.root);
  const readFile = options.readFile ?? ((file: string) => fs.readFile(file));
  const isFile =
    options.isFile ??
    ((file: string) =>
      fs.stat(file).then(
        (s) => s.isFile(),
        () => false,
      ));
  const headers = (type: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
  const fail = (status: number, text: string) =>
    new Response(text, { status, headers: headers('text/plain; charset=utf-8') });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail(400, 'bad URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return fail(404, 'not found');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return fail(400, 'bad URL');
    }
    const file = await locate(root, pathname, isFile);
    if (file === 'refused') return fail(403, 'outside the app');
    if (file === null) return fail(404, 'not found');
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body as ResponseBody, { status: 200, headers: headers(type) });
  };
}

/**
 * The file a path names under root, or index.html for an app route, or null. Segments that climb
 * ("..", also once %-decoded) or carry a backslash or NUL are refused outright; the resolved path must
 * stay inside root whatever happens. Vite's relative asset URLs ("./assets/x.js") seen from a deep
 * route (/recordings/12) arrive as /recordings/assets/x.js: the shorter tails are tried too.
 */
async function locate(
  root: string,
  pathname: string,
  isFile: (file: string) => Promise<boolean>,
): Promise<string | null | 'refused'> {
  const segments = pathname.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return 'refused';
  const last = segments.at(-1) ?? '';
  const asset = Object.hasOwn(TYPES, path.extname(last).toLowerCase()) && last !== 'index.html';
  if (!asset) return path.join(root, 'index.html');
  for (let start = 0; start < segments.length; start++) {
    const candidate = path.resolve(root, ...segments.slice(start));
    if (!candidate.startsWith(root + path.sep)) return 'refused';
    if (await isFile(candidate)) return candidate;
  }
  return null;
}
