// Keeps stream credentials out of ffmpeg's command line. On Linux every local user can read every
// process's arguments (`ps`, /proc/<pid>/cmdline), and an IPTV stream URL is a login: Xtream puts
// the username and password in its path, playlists put tokens in the query. So ffmpeg is not given
// the real URL but a local one, http://127.0.0.1:<port>/h/<128 random bits>[.ext], that this process
// answers with `302 Found` and the real URL as Location. ffmpeg follows the redirect itself, so the
// stream flows from the provider straight into ffmpeg, as before.
//
// Why a redirect and not a relay (Node fetching the stream and feeding ffmpeg): a relay would also
// count connections per source, switch to a fallback URL without restarting ffmpeg and carry headers
// such as Authorization or Cookie that ffmpeg otherwise gets in its arguments. But every byte of every
// recording would pass through the app's one event loop, the same thread that runs the scheduler, the
// database writes and the API (fifty 8 Mbit/s recordings are 400 Mbit/s through JavaScript on a
// two-core box); a GC pause or a slow handler would stall every capture at once, and HLS would need its
// playlists rewritten so segments also came through the relay. The redirect costs one local round trip
// per ffmpeg start and moves no media.
//
// Who can use a local URL: it is in ffmpeg's arguments, so other users see it in `ps`, and a 302
// would give them the real URL. On Linux the handoff therefore answers only connections whose socket
// belongs to this process's user (the uid column of /proc/net/tcp; a same-user process can read the
// secret store anyway); everyone else gets the 404 an unknown URL gets. macOS and Windows show a
// process's arguments only to its user and administrators, so there the random path is the guard.
// Each URL works until release() (ffmpeg exited): ffmpeg reconnects and reloads HLS playlists at the
// address it was redirected to, but nothing breaks if it comes back.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactText, registerSecret } from '../redact';

export interface Handoff {
  /** The URL to give ffmpeg instead of the real one. */
  readonly localUrl: string;
  /** The local URL answers 404 from now on. Idempotent. */
  release(): void;
}

export interface PreparedCapture {
  /** What to pass to buildCaptureArgs as `url`. */
  url: string;
  /** What to pass to buildCaptureArgs as `headers` (ffmpeg gets them in its arguments). */
  headers: Record<string, string>;
  /** Whether the real URL was kept out of ffmpeg's arguments. */
  handedOff: boolean;
  /** Call once ffmpeg has exited. Idempotent. */
  release(): void;
}

const TOKEN_PATH = /^\/h\/([0-9a-f]{32})(?:\.[A-Za-z0-9]{1,5})?$/;
/** The real path's extension is kept: ffmpeg's HLS probe wants .m3u8 when the MIME type is vague. */
const EXTENSION = /\.[A-Za-z0-9]{1,5}$/;
/**
 * ffmpeg prints the URL it was given; error lines that quote the local URL are rewritten to the real
 * one, redacted (redact.ts), for a while after release, because the error is written after ffmpeg exits.
 */
const ALIAS_LINGER_MS = 60_000;
/** Headers that are credentials: ffmpeg cannot get them but in its arguments, so they are only masked in text. */
const SECRET_HEADER = /^(?:authorization|proxy-authorization|cookie|x-api-key|x-auth-token)$/i;

/** The uid owning the TCP connection from 127.0.0.1:peerPort to 127.0.0.1:serverPort, if known. */
export type PeerUidLookup = (serverPort: number, peerPort: number) => Promise<number | null>;

export class StreamHandoff {
  private server: http.Server | null = null;
  private port: Promise<number> | null = null;
  private readonly targets = new Map<string, string>();
  /** Requests answered with a redirect, and requests refused (unknown, released, wrong user or host). */
  readonly counts = { redirected: 0, refused: 0 };

  constructor(private readonly peerUid: PeerUidLookup | null = defaultPeerUid()) {}

  /** A local URL that redirects to `realUrl` until released. Starts the server on first use. */
  async register(realUrl: string): Promise<Handoff> {
    const port = await this.start();
    const token = randomBytes(16).toString('hex');
    const target = asHeaderValue(realUrl);
    const localUrl = `http://127.0.0.1:${port}/h/${token}${EXTENSION.exec(new URL(target).pathname)?.[0] ?? ''}`;
    this.targets.set(token, target);
    const forgetAlias = registerSecret(localUrl, redactText(realUrl));
    let released = false;
    return {
      localUrl,
      release: () => {
        if (released) return;
        released = true;
        this.targets.delete(token);
        setTimeout(forgetAlias, ALIAS_LINGER_MS).unref();
      },
    };
  }

  /** Stops answering (tests; a process that exits needs nothing: the server does not hold it open). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.port = null;
    this.targets.clear();
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private start(): Promise<number> {
    this.port ??= new Promise<number>((resolve, reject) => {
      const server = http.createServer((req, res) => {
        this.answer(req, res).catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
        });
      });
      // Failing to listen rejects this start; failing later drops the server, so the next
      // registration starts a new one.
      server.on('error', (error) => {
        if (this.server === server) this.server = null;
        this.port = null;
        reject(error);
      });
      server.listen(0, '127.0.0.1', () => {
        // A DVR that is quitting must not be kept alive by its handoff server.
        server.unref();
        this.server = server;
        resolve((server.address() as AddressInfo).port);
      });
    });
    return this.port;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = req.socket.localPort ?? 0;
    const token = TOKEN_PATH.exec(req.url ?? '')?.[1];
    const target = token === undefined ? undefined : this.targets.get(token);
    const allowed =
      target !== undefined &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      // Not reachable by name: a DNS-rebinding page cannot address it.
      req.headers.host === `127.0.0.1:${port}` &&
      (await this.fromOwner(port, req.socket.remotePort ?? 0));
    if (!allowed || target === undefined) {
      this.counts.refused++;
      res.writeHead(404, { 'Content-Length': '0', 'Cache-Control': 'no-store' }).end();
      return;
    }
    this.counts.redirected++;
    res.writeHead(302, { Location: target, 'Content-Length': '0', 'Cache-Control': 'no-store' }).end();
  }

  /** Refuses only a connection shown to belong to another user; unknown owners pass (see the top). */
  private async fromOwner(serverPort: number, peerPort: number): Promise<boolean> {
    if (!this.peerUid || typeof process.getuid !== 'function') return true;
    const uid = await this.peerUid(serverPort, peerPort).catch(() => null);
    return uid === null || uid === process.getuid();
  }
}

function defaultPeerUid(): PeerUidLookup | null {
  return process.platform === 'linux' ? (server, peer) => uidFromProcNetTcp(server, peer) : null;
}

/**
 * Linux: /proc/net/tcp lists every IPv4 socket of this network namespace with its owner's uid. The
 * client's socket is the row whose local port is the peer's port and whose remote port is ours.
 */
export async function uidFromProcNetTcp(
  serverPort: number,
  peerPort: number,
  table?: string,
): Promise<number | null> {
  const text = table ?? (await readFile('/proc/net/tcp', 'utf8').catch(() => ''));
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const localPort = parseInt(fields[1]?.split(':')[1] ?? '', 16);
    const remotePort = parseInt(fields[2]?.split(':')[1] ?? '', 16);
    if (localPort === peerPort && remotePort === serverPort) return Number(fields[7]);
  }
  return null;
}

/** Node refuses header values outside Latin-1; URLs from playlists may hold raw Unicode or spaces. */
function asHeaderValue(url: string): string {
  return url.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
}

let shared: StreamHandoff | null = null;

/** The process's one handoff (started lazily). */
export function streamHandoff(): StreamHandoff {
  shared ??= new StreamHandoff();
  return shared;
}

/**
 * What capture gives ffmpeg for a stream: an http(s) URL is replaced by a local handoff URL, so the
 * real one (and its credentials) never appears in ffmpeg's arguments. Other protocols (rtmp, rtsp,
 * udp...) cannot be redirected and are passed as they are. Headers are passed as they are too, since
 * ffmpeg has no other way to get them; credential headers (Authorization, Cookie...) are registered
 * for redaction (for the life of the process, like the sources' passwords) so at least no log or
 * stored error shows them. If the loopback server cannot start, the real URL is used: a recording
 * matters more than the process list.
 */
export async function prepareCaptureUrl(
  url: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<PreparedCapture> {
  for (const [name, value] of Object.entries(headers)) if (SECRET_HEADER.test(name)) registerSecret(value);
  const direct: PreparedCapture = {
    url,
    headers: { ...headers },
    handedOff: false,
    release: () => undefined,
  };
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol !== 'http:' && protocol !== 'https:') return direct;
  try {
    const handoff = await streamHandoff().register(url);
    return { url: handoff.localUrl, headers: { ...headers }, handedOff: true, release: handoff.release };
  } catch (error) {
    if (!warned) {
      warned = true;
      console.warn(`stream handoff unavailable, ffmpeg gets stream URLs in its arguments: ${String(error)}`);
    }
    return direct;
  }
}

let warned = false;
