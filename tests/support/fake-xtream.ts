// An Xtream Codes panel on 127.0.0.1 for tests: player_api.php (auth, get_live_categories,
// get_live_streams), xmltv.php, and any extra static routes (playlists and guides served over HTTP).
// Its state is mutable, so a test can rotate stream ids, expire the account or break the server between
// two refreshes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface FakeStream {
  stream_id: number | string;
  name: string;
  category_id: string;
  epg_channel_id?: string | null;
  stream_icon?: string;
  num?: number;
  tv_archive?: number;
  tv_archive_duration?: number;
}

export interface FakeXtreamState {
  username: string;
  password: string;
  /** 'Active', 'Expired', 'Banned', ... */
  status: string;
  /** Expiry in Unix seconds (as panels send it, a string), or null for none. */
  expDate: number | null;
  maxConnections: number;
  activeConnections: number;
  allowedOutputFormats: string[];
  categories: Array<{ category_id: string; category_name: string }>;
  streams: FakeStream[];
  /** Served at xmltv.php for the right credentials. */
  xmltv: string;
  /** Answer player_api.php with this status code instead (a broken server). */
  failWith: number | null;
}

export interface RouteReply {
  status?: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface FakeXtream {
  url: string;
  state: FakeXtreamState;
  /** Extra routes by path (e.g. '/playlist.m3u'); a function is called per request. */
  routes: Map<string, RouteReply | (() => RouteReply)>;
  /** Every request path with its query, in order (credentials included: it is a test server). */
  requests: string[];
  close(): Promise<void>;
}

export function defaultXtreamState(): FakeXtreamState {
  return {
    username: 'alice',
    password: 's3cr3t/pa?ss',
    status: 'Active',
    expDate: Math.floor(Date.now() / 1000) + 30 * 86400,
    maxConnections: 2,
    activeConnections: 0,
    allowedOutputFormats: ['m3u8', 'ts', 'rtmp'],
    categories: [
      { category_id: '1', category_name: 'UK News' },
      { category_id: '2', category_name: 'Sports' },
    ],
    streams: [
      {
        stream_id: 101,
        num: 1,
        name: 'BBC News',
        category_id: '1',
        epg_channel_id: 'bbcnews.uk',
        tv_archive: 1,
        tv_archive_duration: 7,
      },
      { stream_id: 102, num: 2, name: 'Sky Sports 1', category_id: '2', epg_channel_id: 'skysports1.uk' },
      { stream_id: 103, num: 3, name: 'Euro Sport', category_id: '2', epg_channel_id: null },
    ],
    xmltv: '<?xml version="1.0" encoding="UTF-8"?><tv></tv>',
    failWith: null,
  };
}

export async function startFakeXtream(patch: Partial<FakeXtreamState> = {}): Promise<FakeXtream> {
  const state: FakeXtreamState = { ...defaultXtreamState(), ...patch };
  const routes = new Map<string, RouteReply | (() => RouteReply)>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers });
      res.end(body);
    };
    const json = (value: unknown) => send(200, JSON.stringify(value), { 'Content-Type': 'application/json' });
    const route = routes.get(url.pathname);
    if (route) {
      const reply = typeof route === 'function' ? route() : route;
      return send(reply.status ?? 200, reply.body, reply.headers);
    }
    const authed =
      url.searchParams.get('username') === state.username &&
      url.searchParams.get('password') === state.password;
    if (url.pathname === '/player_api.php') {
      if (state.failWith !== null) return send(state.failWith, 'panel error');
      if (!authed) return json({ user_info: { auth: 0 } });
      const action = url.searchParams.get('action');
      if (action === 'get_live_categories') return json(state.categories);
      if (action === 'get_live_streams') {
        return json(
          state.streams.map((s) => ({
            num: s.num ?? null,
            name: s.name,
            stream_type: 'live',
            stream_id: s.stream_id,
            stream_icon: s.stream_icon ?? '',
            epg_channel_id: s.epg_channel_id ?? null,
            added: '1700000000',
            category_id: s.category_id,
            custom_sid: '',
            tv_archive: s.tv_archive ?? 0,
            direct_source: '',
            tv_archive_duration: s.tv_archive_duration ?? 0,
          })),
        );
      }
      return json({
        user_info: {
          username: state.username,
          password: state.password,
          message: '',
          auth: 1,
          status: state.status,
          exp_date: state.expDate === null ? null : String(state.expDate),
          is_trial: '0',
          active_cons: String(state.activeConnections),
          created_at: '1600000000',
          max_connections: String(state.maxConnections),
          allowed_output_formats: state.allowedOutputFormats,
        },
        server_info: { url: '127.0.0.1', port: '80', server_protocol: 'http', timezone: 'UTC' },
      });
    }
    if (url.pathname === '/xmltv.php') {
      if (!authed) return send(401, 'unauthorized');
      // Panels often send the guide gzipped with Content-Encoding (fetch inflates it).
      return send(200, gzipSync(state.xmltv), {
        'Content-Type': 'application/xml',
        'Content-Encoding': 'gzip',
      });
    }
    if (url.pathname.startsWith('/live/'))
      return send(200, Buffer.alloc(188, 0x47), { 'Content-Type': 'video/mp2t' });
    send(404, 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    routes,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
