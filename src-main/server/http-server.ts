// The headless host: the contract over HTTP (POST /api/call/<command>) and WebSocket (/api/ws),
// media (media-routes.ts), and the renderer's static files.
import { timingSafeEqual } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import send from 'send';
import { WebSocketServer, type WebSocket } from 'ws';
import { isCommandName, type CommandOutcome, type ErrorCode } from '../../src-shared/contract';
import type { Dvr } from '../core/dvr';
import { toWireError } from '../core/wire';
import { matchMedia, serveMedia } from './media-routes';

export interface HttpServerOptions {
  dvr: Dvr;
  host: string;
  port: number;
  token: string;
  /** The built renderer (dist/renderer); null serves the API and media only (the desktop app). */
  rendererDir: string | null;
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

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { dvr, token } = options;
  const tokenBuffer = Buffer.from(token);
  const authorized = (offered: string | null | undefined): boolean => {
    if (!offered) return false;
    const b = Buffer.from(offered);
    return b.length === tokenBuffer.length && timingSafeEqual(b, tokenBuffer);
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
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST')
        return json(res, 405, { ok: false, error: { code: 'invalid_input', message: 'use POST' } });
      if (!authorized(bearer(req)))
        return json(res, 401, {
          ok: false,
          error: { code: 'invalid_input', message: 'missing or wrong token' },
        });
      const name = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      if (!isCommandName(name))
        return json(res, 404, {
          ok: false,
          error: { code: 'not_found', message: `unknown command ${name}` },
        });
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.length ? (JSON.parse(body) as unknown) : undefined;
      } catch (error) {
        return json(res, 400, {
          ok: false,
          error: { code: 'invalid_input', message: `bad request body: ${(error as Error).message}` },
        });
      }
      try {
        const result = await dvr.call(name, input);
        return json(res, 200, { ok: true, result } satisfies CommandOutcome<unknown>);
      } catch (error) {
        const wire = toWireError(error);
        return json(res, STATUS[wire.code], { ok: false, error: wire });
      }
    }
    const media = matchMedia(url.pathname);
    if (media) {
      const token = url.searchParams.get('token') ?? bearer(req);
      if (!authorized(token)) return text(res, 401, 'missing or wrong token');
      return serveMedia(dvr, req, res, media, token ?? '');
    }
    if (options.rendererDir && (req.method === 'GET' || req.method === 'HEAD')) {
      const requested = url.pathname === '/' ? '/index.html' : url.pathname;
      const file = path.join(options.rendererDir, path.normalize(requested).replace(/^([/\\])+/, ''));
      const inside = file.startsWith(path.resolve(options.rendererDir) + path.sep);
      const target =
        inside && existsSync(file) && statSync(file).isFile()
          ? file
          : path.join(options.rendererDir, 'index.html');
      send(req, target, { cacheControl: false }).pipe(res);
      return;
    }
    text(res, 404, 'not found');
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const sameOrigin = !origin || allowedHosts.has(origin.replace(/^https?:\/\//, '').toLowerCase());
    if (
      url.pathname !== '/api/ws' ||
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
      let message: { id?: unknown; name?: unknown; input?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      const id = typeof message.id === 'number' || typeof message.id === 'string' ? message.id : null;
      const reply = (outcome: CommandOutcome<unknown>) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, ...outcome }));
      };
      if (!isCommandName(message.name)) {
        return reply({
          ok: false,
          error: { code: 'not_found', message: `unknown command ${String(message.name)}` },
        });
      }
      dvr.call(message.name, message.input).then(
        (result) => reply({ ok: true, result }),
        (error: unknown) => reply({ ok: false, error: toWireError(error) }),
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
  return {
    url: `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
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

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
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
