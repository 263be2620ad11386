// The stand-in provider panel (tests/support/fake-panel.ts): it must count an account's concurrent
// connections exactly and refuse the one beyond the limit, or later tests of the scheduler's limits
// would prove nothing.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePanel, type FakePanel } from '../support/fake-panel';
import { readWithFfmpeg } from '../support/media-client';
import { waitFor } from '../support/wait';

interface Client {
  status: number | null;
  error: string | null;
  bytes: number;
  first: Buffer | null;
  body: string;
  /** Resolves once the status line arrived, or the request failed. */
  answered: Promise<void>;
  close(): void;
}

/** Opens a GET on a fresh connection and keeps reading until close(). */
function open(url: string): Client {
  let answered!: () => void;
  const client: Client = {
    status: null,
    error: null,
    bytes: 0,
    first: null,
    body: '',
    answered: new Promise((resolve) => (answered = resolve)),
    close: () => req.destroy(),
  };
  const req = http.get(url, { agent: false }, (res) => {
    client.status = res.statusCode ?? null;
    answered();
    res.on('data', (chunk: Buffer) => {
      client.first ??= chunk;
      client.bytes += chunk.length;
      if (client.status !== 200) client.body += chunk.toString();
    });
    res.on('error', () => undefined);
  });
  req.on('error', (error) => {
    client.error ??= error.message;
    answered();
  });
  return client;
}

describe('fake provider panel', () => {
  let panel: FakePanel;
  const clients: Client[] = [];
  const connect = async (path: string): Promise<Client> => {
    const client = open(panel.url(path));
    clients.push(client);
    await client.answered;
    return client;
  };

  beforeAll(async () => {
    panel = await startFakePanel();
    panel.addAccount('/live/alice/pw/', { maxConnections: 2 });
    panel.addAccount('/live/bob/pw/', { maxConnections: 1, refuseWith: 'reset' });
    for (const p of ['/live/alice/pw/1.ts', '/live/alice/pw/2.ts', '/live/bob/pw/1.ts', '/free.ts']) {
      panel.addLive(p);
    }
    await panel.ready();
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await panel?.close();
  });

  it("serves live MPEG-TS, counts an account's connections and refuses the one beyond its limit", async () => {
    const a = await connect('/live/alice/pw/1.ts');
    const b = await connect('/live/alice/pw/2.ts');
    expect([a.status, b.status]).toEqual([200, 200]);
    await waitFor(() => a.first !== null && b.first !== null, { timeoutMs: 5_000, what: 'media bytes' });
    expect(a.first![0]).toBe(0x47); // an MPEG-TS sync byte
    expect(panel.active('/live/alice/pw/')).toBe(2);
    expect(panel.refusals).toBe(0);

    // Another account, and paths outside any account, are counted apart (or not at all).
    const other = await connect('/live/bob/pw/1.ts');
    const free = await connect('/free.ts');
    expect([other.status, free.status]).toEqual([200, 200]);

    const third = await connect('/live/alice/pw/1.ts');
    expect(third.status).toBe(403);
    await waitFor(() => third.body.includes('max connections'), { timeoutMs: 2_000, what: 'the 403 body' });
    expect(panel.refusals).toBe(1);
    expect(panel.refusalsOf('/live/alice/pw/')).toBe(1);
    expect(panel.refusalsOf('/live/bob/pw/')).toBe(0);
    expect(panel.log.filter((e) => e.event === 'refused')).toEqual([
      expect.objectContaining({ account: '/live/alice/pw/', path: '/live/alice/pw/1.ts', active: 2 }),
    ]);

    // A client hanging up frees its connection: the next one is served.
    a.close();
    await waitFor(() => panel.active('/live/alice/pw/') === 1, {
      timeoutMs: 5_000,
      what: () => `alice's connection to close (active ${panel.active('/live/alice/pw/')})`,
    });
    const again = await connect('/live/alice/pw/1.ts');
    expect(again.status).toBe(200);
    expect(panel.peak('/live/alice/pw/')).toBe(2);
    expect(panel.refusals).toBe(1);

    for (const client of [b, other, free, again]) client.close();
    await waitFor(() => panel.active('/live/alice/pw/') === 0 && panel.active('/live/bob/pw/') === 0, {
      timeoutMs: 5_000,
      what: 'every counted connection to close',
    });
  }, 20_000);

  it('resets the connection beyond the limit when told to', async () => {
    const first = await connect('/live/bob/pw/1.ts');
    expect(first.status).toBe(200);
    const second = await connect('/live/bob/pw/1.ts');
    expect(second.status).toBeNull();
    expect(second.error).toMatch(/hang up|ECONNRESET/);
    expect(panel.refusalsOf('/live/bob/pw/')).toBe(1);
    first.close();
    await waitFor(() => panel.active('/live/bob/pw/') === 0, {
      timeoutMs: 5_000,
      what: "bob's connection to close",
    });
  }, 20_000);

  it('a limit can change while connections are open: they stay, new ones are refused', async () => {
    panel.setMaxConnections('/live/alice/pw/', 1);
    try {
      const kept = await connect('/live/alice/pw/1.ts');
      const refused = await connect('/live/alice/pw/2.ts');
      expect([kept.status, refused.status]).toEqual([200, 403]);
      kept.close();
    } finally {
      panel.setMaxConnections('/live/alice/pw/', 2);
    }
  }, 20_000);

  it('ffmpeg reads the stream through the panel, as the recorder would', async () => {
    const before = panel.refusals;
    const read = await readWithFfmpeg(
      panel.url('/live/alice/pw/2.ts'),
      ['-analyzeduration', '1000000', '-t', '2'],
      20_000,
    );
    expect(read.code, read.stderr).toBe(0);
    expect(read.seconds).toBeGreaterThan(1.5);
    expect(panel.refusals).toBe(before);
    await waitFor(() => panel.active('/live/alice/pw/') === 0, {
      timeoutMs: 5_000,
      what: 'ffmpeg to hang up',
    });
  }, 30_000);
});
