// The headless host: the contract over HTTP (POST /api/call/<command>) and WebSocket (/api/ws),
// media (media-routes.ts), and the renderer's static files.
import { timingSafeEqual } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import {
  isCommandName,
  type CommandOutcome,
  type ErrorCode,
  type WireError,
} from '../../src-shared/contract';
import type { Dvr } from '../core/dvr';
import { MAX_PLAYLIST_BYTES } from '../core/sources/m3u/m3u-import';
import { toWireError } from '../core/wire';
import { matchMedia, sendFile, serveMedia } from './media-routes';
import { receiveUpload } from './upload-route';

export interface HttpServerOptions {
  dvr: Dvr;
  host: string;
  port: number;
  token: string;
  /** The built renderer (dist/renderer); null serves the API and media only (the desktop app). */
  rendererDir: string | null;
  /** The largest file POST /api/upload takes (default: 512 MiB, the largest playlist an import reads). */
  maxUploadBytes?: number;
  /**
   * A second token that opens /media only. The desktop's renderer gets this one, never `token`: a page
   * that leaked it could play recordings but not call the API (nor read the token back from anywhere).
   */
  mediaToken?: string;
  /**
   * The one other origin allowed to read /media with script (CORS): the desktop's app://tapedeck page,
   * whose player (hls.js) fetches playlists and chunks from this loopback server.
   */
  mediaCorsOrigin?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};
const MAX_BODY = 1024 * 1024;

/** The renderer's Content-Security-Policy (as in src-renderer/index.html, plus frame-ancestors). */
const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: http://127.0.0.1:*",
  "media-src 'self' blob: http://127.0.0.1:* http://localhost:*",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:* http://127.0.0.1:* http://localhost:*",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
const MAX_UPLOAD = MAX_PLAYLIST_BYTES;
/** After a 413 the rest of the body is read and dropped (so the client sees the answer), up to this. */
const MAX_DISCARD = 16 * MAX_BODY;

/**
 * A WebSocket call: `{ id, name, input }`. An id that is not a number or a short string is answered
 * as null rather than refused, so the client still gets an answer it can match to something.
 */
const WsCall = z.looseObject({
  id: z
    .union([z.number(), z.string().max(200)])
    .nullable()
    .default(null)
    .catch(null),
  name: z.unknown().optional(),
  input: z.unknown().optional(),
});

const invalid = (message: string): WireError => ({ code: 'invalid_input', message });

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { dvr, token } = options;
  const tokenBuffer = Buffer.from(token);
  const authorized = (offered: string | null | undefined): boolean => {
    if (!offered) return false;
    const b = Buffer.from(offered);
    return b.length === tokenBuffer.length && timingSafeEqual(b, tokenBuffer);
  };
  // Media-only tokens open /media/ and nothing else: the desktop renderer's (options.mediaToken) and
  // the read-only one in STRM files and the TV playlist (<data>/media-token).
  const mediaTokens = [options.mediaToken, dvr.library.mediaToken]
    .filter((t): t is string => !!t)
    .map((t) => Buffer.from(t));
  const mediaAuthorized = (offered: string | null | undefined): boolean => {
    if (authorized(offered)) return true;
    if (!offered) return false;
    const b = Buffer.from(offered);
    return mediaTokens.some((t) => b.length === t.length && timingSafeEqual(b, t));
  };
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: toWireError(error) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Reject requests addressed to another host name: a DNS-rebinding page cannot reach the API.
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      return json(res, 421, {
        ok: false,
        error: { code: 'invalid_input', message: 'unexpected Host header' },
      });
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!URL.canParse(req.url ?? '/', 'http://localhost'))
      return json(res, 400, { ok: false, error: invalid('the request URL cannot be parsed') });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST')
        return json(res, 405, { ok: false, error: { code: 'invalid_input', message: 'use POST' } });
      if (!authorized(bearer(req)))
        return json(res, 401, {
          ok: false,
          error: { code: 'invalid_input', message: 'missing or wrong token' },
        });
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      } catch {
        return json(res, 400, {
          ok: false,
          error: invalid('the command name in the URL has a broken %-escape'),
        });
      }
      if (!isCommandName(name))
        return json(res, 404, {
          ok: false,
          error: { code: 'not_found', message: `unknown command ${name}` },
        });
      const body = await readBody(req);
      if (body === null)
        return json(res, 413, { ok: false, error: invalid('the request body is larger than 1 MiB') });
      let input: unknown;
      try {
        input = body.length ? (JSON.parse(body) as unknown) : undefined;
      } catch {
        return json(res, 400, { ok: false, error: invalid('the request body is not valid JSON') });
      }
      try {
        const result = await dvr.call(name, input, { trustedPaths: isCli(req) });
        return json(res, 200, { ok: true, result } satisfies CommandOutcome<unknown>);
      } catch (error) {
        const wire = toWireError(error);
        return json(res, STATUS[wire.code], { ok: false, error: wire });
      }
    }
    if (url.pathname === '/api/upload') {
      if (req.method !== 'POST') return json(res, 405, { ok: false, error: invalid('use POST') });
      if (!authorized(bearer(req)))
        return json(res, 401, { ok: false, error: invalid('missing or wrong token') });
      const max = options.maxUploadBytes ?? MAX_UPLOAD;
      const outcome = await receiveUpload(req, dvr.importDir(), url.searchParams.get('name') ?? '', max);
      if ('tooLarge' in outcome) {
        const mib = max >= 1024 * 1024 ? `${Math.round(max / 1024 / 1024)} MiB` : `${max} bytes`;
        return json(res, 413, { ok: false, error: invalid(`the file is larger than ${mib}`) });
      }
      return json(res, 200, { ok: true, result: outcome.stored });
    }
    const media = matchMedia(url.pathname);
    if (media && options.mediaCorsOrigin && req.headers.origin === options.mediaCorsOrigin) {
      res.setHeader('Access-Control-Allow-Origin', options.mediaCorsOrigin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges');
      if (req.method === 'OPTIONS') {
        // The preflight carries no token; it learns only that GET with a Range header is fine.
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, HEAD',
          'Access-Control-Allow-Headers': 'Range',
          'Access-Control-Max-Age': '600',
        });
        return void res.end();
      }
    }
    if (media) {
      const token = url.searchParams.get('token') ?? bearer(req);
      if (!mediaAuthorized(token)) return text(res, 401, 'missing or wrong token');
      return serveMedia(dvr, req, res, media, token ?? '');
    }
    if (options.rendererDir && (req.method === 'GET' || req.method === 'HEAD')) {
      // The build's asset links are relative ('./assets/…', for Electron's file:// page): a deep link
      // such as /rules/12 asks for /rules/assets/…, which is the one /assets/ folder.
      const assetAt = url.pathname.lastIndexOf('/assets/');
      const requested =
        url.pathname === '/'
          ? '/index.html'
          : assetAt > 0 && !url.pathname.slice(assetAt + 8).includes('/')
            ? url.pathname.slice(assetAt)
            : url.pathname;
      const file = path.join(options.rendererDir, path.normalize(requested).replace(/^([/\\])+/, ''));
      const inside = file.startsWith(path.resolve(options.rendererDir) + path.sep);
      const target =
        inside && existsSync(file) && statSync(file).isFile()
          ? file
          : path.join(options.rendererDir, 'index.html');
      // The page's policy as a header as well as in index.html: only a header can forbid framing.
      if (target.endsWith('.html')) res.setHeader('Content-Security-Policy', RENDERER_CSP);
      return sendFile(req, res, target);
    }
    text(res, 404, 'not found');
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  server.on('upgrade', (req, socket, head) => {
    // Node takes its error listener off an upgraded socket: a client resetting mid-handshake would
    // otherwise be an unhandled 'error' event, which ends the process.
    socket.on('error', () => socket.destroy());
    const url = URL.canParse(req.url ?? '/', 'http://localhost')
      ? new URL(req.url ?? '/', 'http://localhost')
      : null;
    const origin = req.headers.origin;
    const sameOrigin = !origin || allowedHosts.has(origin.replace(/^https?:\/\//, '').toLowerCase());
    if (
      url?.pathname !== '/api/ws' ||
      !allowedHosts.has((req.headers.host ?? '').toLowerCase()) ||
      !sameOrigin ||
      !authorized(url.searchParams.get('token'))
    ) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const unsubscribe = dvr.bus.subscribe((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', event }));
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    ws.on('message', (data) => {
      const reply = (id: number | string | null, outcome: CommandOutcome<unknown>) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, ...outcome }));
      };
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data)) as unknown;
      } catch {
        return reply(null, { ok: false, error: invalid('the message is not valid JSON') });
      }
      const message = WsCall.safeParse(parsed);
      if (!message.success) {
        return reply(null, {
          ok: false,
          error: invalid('a call is a JSON object: { "id": ..., "name": "...", "input": {...} }'),
        });
      }
      const { id, name, input } = message.data;
      if (!isCommandName(name)) {
        return reply(id, {
          ok: false,
          error: { code: 'not_found', message: `unknown command ${String(name)}` },
        });
      }
      // A WebSocket is the browser UI (or any page holding the token): never trusted with local paths.
      dvr.call(name, input, { trustedPaths: false }).then(
        (result) => reply(id, { ok: true, result }),
        (error: unknown) => reply(id, { ok: false, error: toWireError(error) }),
      );
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  allowedHosts = new Set([
    `${hostForUrl}:${port}`,
    `localhost:${port}`,
    `127.0.0.1:${port}`,
    `[::1]:${port}`,
  ]);
  if (options.host === '0.0.0.0' || options.host === '::') allowedHosts = new AllowAnyHost();
  dvr.announceServer(port);
  return {
    url: `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        dvr.announceServer(null);
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Bound to every interface on purpose (home server): any Host name is fine; the token still guards. */
class AllowAnyHost extends Set<string> {
  override has(): boolean {
    return true;
  }
}

/**
 * POST /api/call from this machine without an Origin header is the CLI (or a script run by the user),
 * trusted to name local files like the desktop window. A browser always sends Origin with a POST, and
 * a request from another machine is not the CLI. "This machine": a loopback peer, or a peer whose
 * address is our own (the CLI reaches a server bound to a LAN address through that address).
 * A request a reverse proxy forwarded (X-Forwarded-For, Forwarded, X-Real-IP) comes from the proxy's
 * loopback address but from anyone behind it: never the CLI (docs/headless.md).
 */
export function isCli(req: IncomingMessage): boolean {
  const h = req.headers;
  const forwarded =
    h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined;
  return h.origin === undefined && !forwarded && fromThisMachine(req.socket);
}

export function fromThisMachine(socket: { remoteAddress?: string; localAddress?: string }): boolean {
  const remote = socket.remoteAddress;
  if (!remote) return false;
  if (remote === '::1' || /^(::ffff:)?127\./.test(remote)) return true;
  return remote === socket.localAddress;
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}

/**
 * The request body as text, or null when it is over MAX_BODY. The rest of an oversized body is still
 * read and dropped (up to MAX_DISCARD), so the client, still sending, gets the 413 instead of a reset.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) return void chunks.push(chunk);
      chunks.length = 0;
      resolve(null);
      if (size > MAX_BODY + MAX_DISCARD) req.destroy();
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function text(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}
