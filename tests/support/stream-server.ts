/**
 * A deterministic, misbehaving-on-purpose IPTV server for integration tests and
 * benchmarks. Listens on 127.0.0.1 only.
 *
 * - Live MPEG-TS routes (`addLive`) stream a generated file at real-time rate,
 *   looping forever, with optional faults (error status, slow start, drops
 *   followed by a refusal window, stalls, refusing the first N requests).
 * - Live HLS routes (`addHls`) serve a sliding-window playlist whose media
 *   sequence follows wall-clock time, optionally showing #EXT-X-ENDLIST for a
 *   while (what an ad break / prematurely ended playlist looks like).
 *
 * "Refused" here means the socket is destroyed as soon as the request arrives:
 * the client sees ECONNRESET / "socket hang up" / ffmpeg "Connection reset by
 * peer" (a true ECONNREFUSED would need a per-path listener).
 */
import { promises as fsp } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureTestHls, ensureTestMedia } from './test-media';

export interface LiveMedia {
  seconds: number;
  bitrateKbps?: number;
}

/** All times are in seconds. Every field is optional and they compose. */
export interface LiveBehaviour {
  /** Which generated file to serve; default 60 s at 1500 kbps. */
  media?: LiveMedia;
  /** Always answer this HTTP status with a short text body (after slowStartSec, if set). */
  status?: number;
  /** Wait this long (per request) before sending the response headers. */
  slowStartSec?: number;
  /** Destroy the socket this long after the connection's first body byte. */
  dropAfterSec?: number;
  /** After a drop, refuse every new request for this long, then serve normally again. */
  refuseForSec?: number;
  /** Only the first served connection is dropped (default true). */
  dropOnce?: boolean;
  /** After this much sending (from the first body byte), send nothing for stallForSec... */
  stallAfterSec?: number;
  /** ...keeping the socket open, then resume pacing where it left off. */
  stallForSec?: number;
  /** Only the first served connection stalls (default true). */
  stallOnce?: boolean;
  /** Refuse the first N requests to this path. */
  refuseFirst?: number;
  /**
   * Answer 403 to a request that lacks one of these headers (names case-insensitive, values exact),
   * logged as 'header-refused': a provider that checks User-Agent / Referer.
   */
  requireHeaders?: Record<string, string>;
}

export interface HlsBehaviour {
  /** Seconds after addHls at which the playlist starts showing #EXT-X-ENDLIST. */
  endListAfterSec?: number;
  /** How long ENDLIST is shown (default: forever once it appears). */
  endListForSec?: number;
  /** Segment length, integral seconds, default 2. */
  segmentSeconds?: number;
  /** Distinct segments to loop over (the sequence keeps increasing), default 30. */
  segments?: number;
}

export interface StreamLogEntry {
  /** Date.now() when it happened. */
  at: number;
  path: string;
  /**
   * 'connect' (request accepted), 'refused', 'not-found', 'status' (error status answered),
   * 'drop', 'stall-start', 'stall-end', 'slow-client' (client fell >1 s behind; data skipped),
   * 'endlist' (playlist served with ENDLIST), 'end' (server finished the response),
   * 'close' (client/socket went away before the server finished), 'header-refused' (403 for a
   * request without the route's requireHeaders).
   */
  event: string;
}

export interface StreamServer {
  readonly port: number;
  url(path: string): string;
  addLive(path: string, behaviour?: LiveBehaviour): void;
  /** `path` is the playlist, e.g. '/hls/ch1.m3u8'; segments are '/hls/ch1-<seq>.ts'. */
  addHls(path: string, behaviour?: HlsBehaviour): void;
  /** Resolves when the media of every route added so far is generated and loaded. */
  ready(): Promise<void>;
  /** Requests that arrived for exactly this path (including refused ones). */
  connections(path: string): number;
  /** Requests for this path currently being answered (accepted and not yet closed). */
  activeConnections(path: string): number;
  readonly log: StreamLogEntry[];
  /** Destroys every socket and stops the server. Safe to call twice. */
  close(): Promise<void>;
}

const TS_PACKET = 188;
/** Pacing tick. 10 writes/s per client keeps syscalls low and bursts small (100 ms of media). */
const TICK_MS = 100;
/** A client that cannot keep up is never buffered for more than this; older data is skipped. */
const MAX_BACKLOG_SEC = 1;

const DEFAULT_MEDIA: Required<LiveMedia> = { seconds: 60, bitrateKbps: 1500 };

interface LoadedMedia {
  buf: Buffer;
  /** Largest multiple of 188 <= buf.length: loops must stay packet-aligned. */
  usable: number;
  bytesPerSec: number;
}

// Module-level cache: every server in the process shares one Buffer per file.
const mediaCache = new Map<string, Promise<LoadedMedia>>();

function loadLiveMedia(spec: LiveMedia): Promise<LoadedMedia> {
  const key = `${spec.seconds}:${spec.bitrateKbps ?? DEFAULT_MEDIA.bitrateKbps}`;
  let p = mediaCache.get(key);
  if (!p) {
    p = (async () => {
      const media = await ensureTestMedia({
        seconds: spec.seconds,
        bitrateKbps: spec.bitrateKbps ?? DEFAULT_MEDIA.bitrateKbps,
      });
      const buf = await fsp.readFile(media.path);
      const usable = buf.length - (buf.length % TS_PACKET);
      if (usable === 0) throw new Error(`empty test media ${media.path}`);
      return { buf, usable, bytesPerSec: usable / media.seconds };
    })();
    p.catch(() => mediaCache.delete(key));
    mediaCache.set(key, p);
  }
  return p;
}

const segmentCache = new Map<string, Promise<Buffer>>();

function loadSegment(file: string): Promise<Buffer> {
  let p = segmentCache.get(file);
  if (!p) {
    p = fsp.readFile(file);
    p.catch(() => segmentCache.delete(file));
    segmentCache.set(file, p);
  }
  return p;
}

interface LiveRoute {
  kind: 'live';
  path: string;
  b: LiveBehaviour;
  addedAt: number;
  media: Promise<LoadedMedia>;
  requests: number;
  /** Connections that got past refusals; index 0 is "the first connection" for *Once options. */
  served: number;
  /** Date.now() until which requests are refused (set by a drop + refuseForSec). */
  refuseUntil: number;
}

interface HlsRoute {
  kind: 'hls';
  path: string;
  /** Playlist path without '.m3u8'; segments are `${base}-${seq}.ts`. */
  base: string;
  b: HlsBehaviour;
  addedAt: number;
  segmentSeconds: number;
  segmentFiles: Promise<string[]>;
}

/** Per-connection pacing state, advanced by the server's single ticker. */
interface LiveStream {
  route: LiveRoute;
  res: ServerResponse;
  media: LoadedMedia;
  /** performance.now() of the first body byte. */
  startedAt: number;
  /** Bytes of stream time accounted for (sent or skipped); always a multiple of 188. */
  position: number;
  /** Time spent stalled, excluded from the pacing clock so a stall does not end in a burst. */
  pausedMs: number;
  dropAt: number | null;
  stallAt: number | null;
  stallMs: number;
  /** performance.now() when the current stall began, or null when not stalled. */
  stalledSince: number | null;
  slowLogged: boolean;
}

function hasHeaders(req: IncomingMessage, required: Record<string, string>): boolean {
  return Object.entries(required).every(([name, value]) => req.headers[name.toLowerCase()] === value);
}

export async function startStreamServer(): Promise<StreamServer> {
  const routes = new Map<string, LiveRoute | HlsRoute>();
  const hlsByBase = new Map<string, HlsRoute>();
  const requestCounts = new Map<string, number>();
  const activeCounts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const streams = new Set<LiveStream>();
  const pending = new Set<Promise<unknown>>();
  /** Wake-ups for requests sleeping in slowStartSec, so close() does not leave them dangling. */
  const sleepers = new Set<() => void>();
  const log: StreamLogEntry[] = [];
  let ticker: NodeJS.Timeout | null = null;
  let closing = false;

  const note = (p: string, event: string): void => {
    log.push({ at: Date.now(), path: p, event });
  };

  const bump = (m: Map<string, number>, p: string, d: number): void => {
    m.set(p, (m.get(p) ?? 0) + d);
  };

  /** Count the response as active until its socket closes; log 'close' if we had not finished it. */
  const track = (p: string, res: ServerResponse): void => {
    bump(activeCounts, p, 1);
    res.once('close', () => {
      bump(activeCounts, p, -1);
      if (!res.writableFinished) note(p, 'close');
    });
  };

  const refuse = (p: string, req: IncomingMessage): void => {
    note(p, 'refused');
    req.socket.destroy();
  };

  const finish = (
    p: string,
    res: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
  ): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-cache',
    });
    res.end(body, () => note(p, 'end'));
  };

  /** Resolves true after ms, or false early if the response closed or the server is closing. */
  const sleep = (ms: number, res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      let done = false;
      const wake = (alive: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        sleepers.delete(onClose);
        res.off('close', onClose);
        resolve(alive);
      };
      const onClose = (): void => wake(false);
      const timer = setTimeout(() => wake(!closing && !res.destroyed), ms);
      sleepers.add(onClose);
      res.once('close', onClose);
    });

  const stopStream = (s: LiveStream): void => {
    streams.delete(s);
    if (streams.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  };

  /** Write whatever the pacing clock says is due. Chunks are subarrays of the one file Buffer. */
  const pump = (s: LiveStream, now: number): void => {
    const { buf, usable, bytesPerSec } = s.media;
    // One tick's worth is primed so the first bytes go out with the headers.
    const dueSec = (now - s.startedAt - s.pausedMs + TICK_MS) / 1000;
    const due = Math.floor((dueSec * bytesPerSec) / TS_PACKET) * TS_PACKET;
    let owed = due - s.position;
    if (owed <= 0) return;
    // Socket buffer full: the client is not reading. Let the backlog build (bounded below).
    if (s.res.writableNeedDrain) return;
    const maxOwed = Math.max(TS_PACKET, Math.floor((MAX_BACKLOG_SEC * bytesPerSec) / TS_PACKET) * TS_PACKET);
    if (owed > maxOwed) {
      // Like a live source, a client that falls behind loses data rather than growing our memory.
      s.position += owed - maxOwed;
      owed = maxOwed;
      if (!s.slowLogged) {
        s.slowLogged = true;
        note(s.route.path, 'slow-client');
      }
    }
    let pos = s.position % usable;
    while (owed > 0) {
      const n = Math.min(owed, usable - pos);
      s.res.write(buf.subarray(pos, pos + n));
      owed -= n;
      s.position += n;
      pos = 0; // wrapped: loop the file from its start
    }
  };

  const tick = (): void => {
    const now = performance.now();
    for (const s of streams) {
      if (s.res.destroyed) {
        stopStream(s);
        continue;
      }
      if (s.dropAt !== null && now >= s.dropAt) {
        const r = s.route;
        note(r.path, 'drop');
        if (r.b.refuseForSec !== undefined) r.refuseUntil = Date.now() + r.b.refuseForSec * 1000;
        stopStream(s);
        s.res.socket?.destroy();
        s.res.destroy();
        continue;
      }
      if (s.stalledSince !== null) {
        if (now - s.stalledSince < s.stallMs) continue;
        s.pausedMs += now - s.stalledSince;
        s.stalledSince = null;
        note(s.route.path, 'stall-end');
      } else if (s.stallAt !== null && now >= s.stallAt) {
        s.stallAt = null;
        s.stalledSince = now;
        note(s.route.path, 'stall-start');
        continue;
      }
      pump(s, now);
    }
  };

  const handleLive = async (route: LiveRoute, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const b = route.b;
    if (b.requireHeaders && !hasHeaders(req, b.requireHeaders)) {
      note(route.path, 'header-refused');
      return finish(route.path, res, 403, 'text/plain', '403 Forbidden (tapedeck test server)\n');
    }
    const n = ++route.requests;
    if (b.refuseFirst !== undefined && n <= b.refuseFirst) return refuse(route.path, req);
    if (Date.now() < route.refuseUntil) return refuse(route.path, req);

    note(route.path, 'connect');
    track(route.path, res);
    const index = route.served++;

    if (b.slowStartSec !== undefined && b.slowStartSec > 0) {
      if (!(await sleep(b.slowStartSec * 1000, res))) return;
    }
    if (b.status !== undefined) {
      note(route.path, 'status');
      return finish(
        route.path,
        res,
        b.status,
        'text/plain',
        `${b.status} ${http.STATUS_CODES[b.status] ?? 'status'} (tapedeck test server)\n`,
      );
    }

    const media = await route.media;
    if (res.destroyed || closing) return;
    res.writeHead(200, { 'Content-Type': 'video/mp2t', 'Cache-Control': 'no-cache' });
    const startedAt = performance.now();
    const s: LiveStream = {
      route,
      res,
      media,
      startedAt,
      position: 0,
      pausedMs: 0,
      dropAt:
        b.dropAfterSec !== undefined && (b.dropOnce === false || index === 0)
          ? startedAt + b.dropAfterSec * 1000
          : null,
      stallAt:
        b.stallAfterSec !== undefined && b.stallForSec !== undefined && (b.stallOnce === false || index === 0)
          ? startedAt + b.stallAfterSec * 1000
          : null,
      stallMs: (b.stallForSec ?? 0) * 1000,
      stalledSince: null,
      slowLogged: false,
    };
    res.once('close', () => stopStream(s));
    streams.add(s);
    ticker ??= setInterval(tick, TICK_MS);
    pump(s, startedAt);
  };

  const playlist = (route: HlsRoute, files: string[]): { text: string; endList: boolean } => {
    const elapsed = (Date.now() - route.addedAt) / 1000;
    const seg = route.segmentSeconds;
    const count = files.length;
    const window = 3;
    const first = Math.floor(elapsed / seg);
    const { endListAfterSec: after, endListForSec: forSec } = route.b;
    const endList =
      after !== undefined && elapsed >= after && (forSec === undefined || elapsed < after + forSec);
    const name = path.posix.basename(route.base);
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      `#EXT-X-TARGETDURATION:${seg}`,
      `#EXT-X-MEDIA-SEQUENCE:${first}`,
      // Each wrap of the segment loop restarts timestamps, i.e. a discontinuity.
      `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(first / count)}`,
    ];
    for (let seq = first; seq < first + window; seq++) {
      if (seq % count === 0 && seq !== first) lines.push('#EXT-X-DISCONTINUITY');
      lines.push(`#EXTINF:${seg.toFixed(3)},`, `${name}-${seq}.ts`);
    }
    if (endList) lines.push('#EXT-X-ENDLIST');
    return { text: `${lines.join('\n')}\n`, endList };
  };

  const handleHlsPlaylist = async (route: HlsRoute, res: ServerResponse): Promise<void> => {
    note(route.path, 'connect');
    track(route.path, res);
    const files = await route.segmentFiles;
    if (res.destroyed || closing) return;
    const { text, endList } = playlist(route, files);
    if (endList) note(route.path, 'endlist');
    finish(route.path, res, 200, 'application/vnd.apple.mpegurl', text);
  };

  const handleHlsSegment = async (
    route: HlsRoute,
    seq: number,
    p: string,
    res: ServerResponse,
  ): Promise<void> => {
    note(p, 'connect');
    track(p, res);
    const files = await route.segmentFiles;
    const data = await loadSegment(files[seq % files.length]!);
    if (res.destroyed || closing) return;
    finish(p, res, 200, 'video/mp2t', data);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let p: string;
    try {
      p = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    } catch {
      p = req.url ?? '/';
    }
    bump(requestCounts, p, 1);
    if (closing) return refuse(p, req);

    const route = routes.get(p);
    if (route?.kind === 'live') return handleLive(route, req, res);
    if (route?.kind === 'hls') return handleHlsPlaylist(route, res);

    const seg = /^(.*)-(\d+)\.ts$/.exec(p);
    const hls = seg ? hlsByBase.get(seg[1]!) : undefined;
    if (seg && hls) return handleHlsSegment(hls, Number(seg[2]), p, res);

    note(p, 'not-found');
    finish(p, res, 404, 'text/plain', '404 Not Found (tapedeck test server)\n');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      note(req.url ?? '?', `error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent && !res.destroyed) {
        finish(req.url ?? '?', res, 500, 'text/plain', '500 test server error\n');
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
  });
  // A destroyed socket mid-write surfaces here; it is expected behaviour, not a test failure.
  server.on('clientError', (_err, sock) => sock.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  // Pre-load the default live media so a default addLive() is serving immediately.
  await loadLiveMedia(DEFAULT_MEDIA);

  const keep = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    // Errors are reported to the requests that await the route; don't crash on an unhandled rejection.
    p.then(
      () => pending.delete(p),
      () => pending.delete(p),
    );
    return p;
  };

  const assertPath = (p: string): void => {
    if (!p.startsWith('/')) throw new Error(`route path must start with '/': ${p}`);
    if (routes.has(p)) throw new Error(`route already exists: ${p}`);
  };

  let closed: Promise<void> | null = null;

  return {
    port,
    log,
    url: (p) => `http://127.0.0.1:${port}${p.startsWith('/') ? p : `/${p}`}`,

    addLive(p, behaviour = {}) {
      assertPath(p);
      routes.set(p, {
        kind: 'live',
        path: p,
        b: { ...behaviour },
        addedAt: Date.now(),
        media: keep(loadLiveMedia(behaviour.media ?? DEFAULT_MEDIA)),
        requests: 0,
        served: 0,
        refuseUntil: 0,
      });
    },

    addHls(p, behaviour = {}) {
      assertPath(p);
      if (!p.endsWith('.m3u8')) throw new Error(`HLS playlist path must end with .m3u8: ${p}`);
      const segmentSeconds = behaviour.segmentSeconds ?? 2;
      const base = p.slice(0, -'.m3u8'.length);
      const route: HlsRoute = {
        kind: 'hls',
        path: p,
        base,
        b: { ...behaviour },
        addedAt: Date.now(),
        segmentSeconds,
        segmentFiles: keep(
          ensureTestHls({ segmentSeconds, segments: behaviour.segments ?? 30 }).then((h) => h.segmentFiles),
        ),
      };
      routes.set(p, route);
      hlsByBase.set(base, route);
    },

    async ready() {
      await Promise.all([...pending]);
    },

    connections: (p) => requestCounts.get(p) ?? 0,
    activeConnections: (p) => activeCounts.get(p) ?? 0,

    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        if (ticker) clearInterval(ticker);
        ticker = null;
        streams.clear();
        for (const wake of [...sleepers]) wake();
        server.close(() => resolve());
        for (const sock of sockets) sock.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
