// An HDHomeRun tuner on 127.0.0.1 for tests: discover.json (tuner count, lineup URL) and lineup.json.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLineupItem {
  GuideNumber: string;
  GuideName: string;
  /** Path on the fake device; made absolute when served. */
  path?: string;
  HD?: number;
  DRM?: number;
}

export interface FakeHdHomeRunState {
  tunerCount: number;
  deviceId: string;
  lineup: FakeLineupItem[];
  /** Serve this instead of discover.json (garbage, wrong shape). */
  discoverBody: string | null;
}

export interface FakeHdHomeRun {
  /** host:port, as a user types the device address. */
  address: string;
  state: FakeHdHomeRunState;
  close(): Promise<void>;
}

export async function startFakeHdHomeRun(patch: Partial<FakeHdHomeRunState> = {}): Promise<FakeHdHomeRun> {
  const state: FakeHdHomeRunState = {
    tunerCount: 3,
    deviceId: '1234ABCD',
    lineup: [
      { GuideNumber: '2.1', GuideName: 'WCBS-DT', HD: 1 },
      { GuideNumber: '4.1', GuideName: 'WNBC-HD', HD: 1 },
      { GuideNumber: '7.1', GuideName: 'WABC-HD', HD: 1, DRM: 1 },
    ],
    discoverBody: null,
    ...patch,
  };
  let base = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (value: unknown) => {
      const body = typeof value === 'string' ? value : JSON.stringify(value);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (url.pathname === '/discover.json') {
      return json(
        state.discoverBody ?? {
          FriendlyName: 'HDHomeRun CONNECT',
          ModelNumber: 'HDHR5-4US',
          FirmwareName: 'hdhomerun5_atsc',
          DeviceID: state.deviceId,
          DeviceAuth: 'not-a-secret',
          BaseURL: base,
          LineupURL: `${base}/lineup.json`,
          TunerCount: state.tunerCount,
        },
      );
    }
    if (url.pathname === '/lineup.json') {
      return json(
        state.lineup.map((c) => ({
          GuideNumber: c.GuideNumber,
          GuideName: c.GuideName,
          URL: `${base}${c.path ?? `/auto/v${c.GuideNumber}`}`,
          ...(c.HD !== undefined ? { HD: c.HD } : {}),
          ...(c.DRM !== undefined ? { DRM: c.DRM } : {}),
        })),
      );
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    address: `127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
