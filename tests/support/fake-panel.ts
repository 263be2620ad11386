/**
 * A provider panel that enforces its accounts' connection limits, for tests of scheduling under
 * `max_connections`. It listens on 127.0.0.1 and sits in front of a test stream server
 * (stream-server.ts, composed, not changed): every request under an account's path prefix
 * (`/live/alice/pw/`) counts as one connection of that account while its response is open, and the
 * (N+1)th concurrent one is refused, with HTTP 403 or a reset as panels do. Anything else it forwards
 * uncounted. A test asserts `refusals === 0` (or `peak(prefix) <= max`) to prove the DVR never asked
 * for one connection too many.
 *
 * Live routes are added on the panel (`addLive`, same behaviours as the stream server) and served from
 * the inner stream server at the same path, piped through: real-time MPEG-TS, and the inner server's
 * faults (drops, stalls, status) reach the client as they are.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startStreamServer, type LiveBehaviour, type StreamServer } from './stream-server';

export interface PanelAccountOptions {
  maxConnections: number;
  /** How the connection beyond the limit is refused: HTTP 403 (default) or a reset socket. */
  refuseWith?: 403 | 'reset';
}

export interface PanelLogEntry {
  /** Date.now() when it happened. */
  at: number;
  /** The account's prefix; null for requests outside every account (forwarded, not counted). */
  account: string | null;
  path: string;
  /** 'connect' (counted), 'refused' (beyond the limit), 'close' (a counted connection ended). */
  event: 'connect' | 'refused' | 'close';
  /** The account's open connections after the event. */
  active: number;
}

export interface FakePanel {
  readonly port: number;
  url(path: string): string;
  /** Connections whose path starts with `prefix` count against this account (longest prefix wins). */
  addAccount(prefix: string, options: PanelAccountOptions): void;
  /** Changes an account's limit; connections already open stay open (as panels do). */
  setMaxConnections(prefix: string, maxConnections: number): void;
  /** A live MPEG-TS route (see stream-server.ts for the behaviours). */
  addLive(path: string, behaviour?: LiveBehaviour): void;
  /** Resolves when the media of every route added so far is ready. */
  ready(): Promise<void>;
  /** Open connections of an account now. */
  active(prefix: string): number;
  /** The most connections an account had open at once. */
  peak(prefix: string): number;
  /** Connections refused for being beyond an account's limit, per account. */
  refusalsOf(prefix: string): number;
  /** Connections refused for being beyond a limit, over all accounts: 0 unless a client asked for too many. */
  readonly refusals: number;
  readonly log: PanelLogEntry[];
  /** The stream server behind the panel (its own log of what it served). */
  readonly streams: StreamServer;
  /** Stops the panel and its stream server. Safe to call twice. */
  close(): Promise<void>;
}

interface Account {
  prefix: string;
  max: number;
  refuseWith: 403 | 'reset';
  active: number;
  peak: number;
  refusals: number;
}

export async function startFakePanel(): Promise<FakePanel> {
  const streams = await startStreamServer();
  const accounts = new Map<string, Account>();
  const log: PanelLogEntry[] = [];
  const sockets = new Set<Socket>();
  // No keep-alive pool: each counted connection is one upstream stream, ended with it.
  const agent = new http.Agent({ keepAlive: false });
  let refusals = 0;

  const accountOf = (p: string): Account | null => {
    let best: Account | null = null;
    for (const account of accounts.values()) {
      if (p.startsWith(account.prefix) && (!best || account.prefix.length > best.prefix.length))
        best = account;
    }
    return best;
  };

  const accountNamed = (prefix: string): Account => {
    const account = accounts.get(prefix);
    if (!account) throw new Error(`no panel account ${prefix}`);
    return account;
  };

  /** Pipes the inner stream server's answer for the same path and query. */
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const headers = { 'User-Agent': req.headers['user-agent'] ?? 'fake-panel' };
    const upstream = http.get(streams.url(req.url ?? '/'), { agent, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.once('error', () => res.destroy());
    });
    // The inner server reset the request (its refusals and drops): so does the panel.
    upstream.once('error', () => res.destroy());
    res.once('close', () => upstream.destroy());
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const p = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const account = accountOf(p);
    if (!account) return forward(req, res);
    if (account.active >= account.max) {
      account.refusals++;
      refusals++;
      log.push({
        at: Date.now(),
        account: account.prefix,
        path: p,
        event: 'refused',
        active: account.active,
      });
      if (account.refuseWith === 'reset') {
        req.socket.destroy();
        return;
      }
      const body = `max connections reached (${account.max})\n`;
      res.writeHead(403, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    account.active++;
    account.peak = Math.max(account.peak, account.active);
    log.push({ at: Date.now(), account: account.prefix, path: p, event: 'connect', active: account.active });
    // 'close' comes once per response, whether it finished or the client went away.
    res.once('close', () => {
      account.active--;
      log.push({ at: Date.now(), account: account.prefix, path: p, event: 'close', active: account.active });
    });
    forward(req, res);
  };

  const server = http.createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | null = null;

  return {
    port,
    log,
    streams,
    url: (p) => `http://127.0.0.1:${port}${p.startsWith('/') ? p : `/${p}`}`,
    addAccount(prefix, options) {
      if (!prefix.startsWith('/')) throw new Error(`account prefix must start with '/': ${prefix}`);
      if (accounts.has(prefix)) throw new Error(`account already exists: ${prefix}`);
      accounts.set(prefix, {
        prefix,
        max: options.maxConnections,
        refuseWith: options.refuseWith ?? 403,
        active: 0,
        peak: 0,
        refusals: 0,
      });
    },
    setMaxConnections(prefix, maxConnections) {
      accountNamed(prefix).max = maxConnections;
    },
    addLive: (p, behaviour) => streams.addLive(p, behaviour),
    ready: () => streams.ready(),
    active: (prefix) => accountNamed(prefix).active,
    peak: (prefix) => accountNamed(prefix).peak,
    refusalsOf: (prefix) => accountNamed(prefix).refusals,
    get refusals() {
      return refusals;
    },
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
          server.closeAllConnections();
        });
        agent.destroy();
        await streams.close();
      })();
      return closed;
    },
  };
}
