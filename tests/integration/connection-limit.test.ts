// Capture-time enforcement of a provider's connection limit: a stand-in panel that refuses connection
// N+1 is never hit. With one connection, an overlapping recording waits (the plan says why), then fails
// at its window's end saying why; a back-to-back one starts as soon as the earlier one lets go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startFakePanel, type FakePanel } from '../support/fake-panel';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

let panel: FakePanel;
let dvr: Dvr;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  panel = await startFakePanel();
  panel.addAccount('/live/u/p/', { maxConnections: 1 });
  for (const p of ['/live/u/p/1.ts', '/live/u/p/2.ts', '/live/u/p/3.ts']) panel.addLive(p);
  await panel.ready();
  ({ dvr, cleanup } = await openTempDvr());
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await panel?.close();
});

describe('a provider allowing one connection', () => {
  it('never gets a second: the overlap waits and fails with why, back-to-back hands over', async () => {
    const channel = async (name: string, path: string) =>
      (await dvr.call('channels.add', { name, url: panel.url(path) })).id;
    const a = await channel('A', '/live/u/p/1.ts');
    const b = await channel('B', '/live/u/p/2.ts');
    const c = await channel('C', '/live/u/p/3.ts');
    const manual = (await dvr.call('sources.list', {})).find((s) => s.kind === 'manual')!;
    await dvr.call('sources.update', { id: manual.id, maxConnections: 1 });
    const start = Date.now() + 4_000;
    const schedule = (title: string, channelId: number, at: number, durationMs: number) =>
      dvr.call('recordings.schedule', { title, channelId, start: at, durationMs });
    const first = await schedule('First', a, start, 8_000);
    const second = await schedule('Second', b, start + 1_000, 4_000);
    const third = await schedule('Third', c, start + 8_000, 4_000);
    await waitFor(() => dvr.store.get(second.id).conflict, {
      timeoutMs: 10_000,
      what: 'the plan to mark the overlap',
    });
    expect(dvr.store.get(second.id).conflict).toMatch(
      /needs a 2nd connection to Added by hand .*held by "First"/,
    );
    expect(dvr.store.get(third.id).conflict).toBeNull();
    const failed = await waitForStatus(dvr, second.id, ['failed', 'completed'], 30_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^no free connection: /);
    expect((await waitForStatus(dvr, first.id, ['completed', 'failed'], 30_000)).status).toBe('completed');
    const done3 = await waitForStatus(dvr, third.id, ['completed', 'failed'], 30_000);
    expect(done3.status).toBe('completed');
    // It started as its neighbour let go, not a connection early.
    expect(done3.capturedMs!).toBeGreaterThan(3_000);
    expect(panel.refusals).toBe(0);
    expect(panel.peak('/live/u/p/')).toBe(1);
  }, 90_000);
});
