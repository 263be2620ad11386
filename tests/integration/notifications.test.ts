// The notifications the core raises for every host: a recording started, finished with its health,
// failed with why; a conflict ahead (once per stage, also across a restart); a source whose refresh
// fails. Each is a `notification` event with a link into the app.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppNotification } from '../../src-shared/contract-system';
import type { Dvr } from '../../src-main/core/dvr';
import { m3u, writeTemp } from '../support/guide-builder';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, tempDir, waitForStatus } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

let server: StreamServer;

beforeAll(async () => {
  server = await startStreamServer();
  server.addLive('/live/a.ts');
  server.addLive('/live/gone.ts', { status: 404 });
  await server.ready();
}, 120_000);

afterAll(async () => {
  await server?.close();
});

function collect(dvr: Dvr): AppNotification[] {
  const seen: AppNotification[] = [];
  dvr.bus.subscribe((e) => {
    if (e.name === 'notification') seen.push(e.payload as AppNotification);
  });
  return seen;
}

describe('notifications', () => {
  it('says when a recording starts, finishes (with its health) and fails (with why)', async () => {
    const { dvr, cleanup } = await openTempDvr({
      captureSettings: { maxFailedAttempts: 2, retryBaseMs: 100 },
    });
    try {
      const seen = collect(dvr);
      const ok = await dvr.call('recordings.schedule', {
        title: 'Fine',
        url: server.url('/live/a.ts'),
        start: Date.now() + 1_000,
        durationMs: 3_000,
      });
      await waitForStatus(dvr, ok.id, ['completed', 'failed'], 30_000);
      const bad = await dvr.call('recordings.schedule', {
        title: 'Gone',
        url: server.url('/live/gone.ts'),
        start: Date.now(),
        durationMs: 3_000,
      });
      await waitForStatus(dvr, bad.id, ['failed'], 30_000);
      expect(seen.map((n) => [n.kind, n.title, n.link])).toEqual([
        ['started', 'Recording started', `/recordings/${ok.id}`],
        ['completed', 'Recording finished', `/recordings/${ok.id}`],
        ['failed', 'Recording failed', `/recordings/${bad.id}`],
      ]);
      expect(seen[1]!.body).toBe('Fine: 100 %');
      expect(seen[2]!.body).toMatch(/^Gone: nothing was captured: .*404/);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it('warns of a conflict a day ahead once, also after a restart, and of a source that cannot refresh', async () => {
    const dataDir = tempDir();
    const playlist = writeTemp(
      'p.m3u',
      m3u([
        { tvgId: 'a', name: 'A', url: server.url('/live/a.ts') },
        { tvgId: 'b', name: 'B', url: server.url('/live/a.ts') },
      ]),
    );
    let { dvr, cleanup } = await openTempDvr({ dataDir });
    try {
      const source = await dvr.call('sources.add', { kind: 'm3u', location: playlist, maxConnections: 1 });
      const channels = (await dvr.call('channels.search', {})).channels;
      const start = Date.now() + 3 * 3600_000;
      for (const c of channels) {
        await dvr.call('recordings.schedule', {
          title: `Show ${c.name}`,
          channelId: c.id,
          start,
          durationMs: 3600_000,
        });
      }
      await dvr.planner.evaluate();
      let seen = collect(dvr);
      await dvr.notifier.check();
      expect(seen.filter((n) => n.kind === 'conflict')).toHaveLength(1);
      expect(seen[0]!.body).toMatch(/needs a 2nd connection/);
      await dvr.notifier.check();
      expect(seen.filter((n) => n.kind === 'conflict')).toHaveLength(1);
      // The playlist goes away: the refresh fails and the source says so.
      rmSync(playlist);
      await dvr.call('sources.refresh', { id: source.id }).catch(() => undefined);
      await dvr.notifier.check();
      const problem = seen.find((n) => n.kind === 'source-problem');
      expect(problem).toMatchObject({ link: '/sources' });
      await dvr.shutdown();
      ({ dvr, cleanup } = await openTempDvr({ dataDir }));
      seen = collect(dvr);
      await waitFor(async () => (await dvr.call('upcoming.list', {})).length > 0, {
        timeoutMs: 10_000,
        what: 'the plan',
      });
      await dvr.notifier.check();
      expect(seen).toEqual([]);
    } finally {
      await cleanup();
    }
  }, 60_000);
});
