// A finished file never sits in the recordings folder without the row that points at it: when the
// final status cannot be written (here: the database refuses it once), the finalize is undone and the
// next reconcile finishes it; a finalize cut short after the file moved is finished by adopting it.
import { existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, waitForStatus } from '../support/temp-dvr';
import { probeDuration } from '../support/test-media';
import { waitFor } from '../support/wait';

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  server = await startStreamServer();
  server.addLive('/live/a.ts');
  ({ dvr, cleanup } = await openTempDvr({ reconcileMs: 3_600_000 }));
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await server?.close();
});

/** Every finished file under the recordings folder (segments staging excluded). */
function finishedFiles(): string[] {
  const root = dvr.recordingsDir();
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('.tapedeck-segments'))
    .map((f) => path.join(root, f));
}

describe('finalize writes the row first', () => {
  it('undoes the rename when the final status cannot be written, and completes on the next reconcile', async () => {
    const store = dvr.store;
    const transition = store.transition.bind(store);
    let refused = 0;
    store.transition = (id, to, reason, patch) => {
      if (to === 'completed' && refused === 0) {
        refused++;
        throw new Error('database or disk is full');
      }
      return transition(id, to, reason, patch);
    };
    try {
      const r = await dvr.call('recordings.schedule', {
        title: 'Row first',
        url: server.url('/live/a.ts'),
        start: Date.now(),
        durationMs: 4_000,
      });
      await waitFor(() => refused === 1 && !dvr.recorder.isActive(r.id), {
        timeoutMs: 30_000,
        what: 'the refused final status',
      });
      // The file went back to its segment: nothing in the folder without a row that says completed.
      expect(store.get(r.id).status).toBe('recording');
      expect(finishedFiles()).toEqual([]);
      expect(existsSync(store.get(r.id).segments[0]!.path)).toBe(true);
      await dvr.scheduler.reconcile();
      const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 30_000);
      expect(done.status).toBe('completed');
      expect(finishedFiles()).toEqual([done.outputPath]);
      expect(await probeDuration(done.outputPath!)).toBeGreaterThan(2.5);
    } finally {
      store.transition = transition;
    }
  }, 60_000);

  it('adopts a file a cut-short finalize already moved into place', async () => {
    const r = await dvr.call('recordings.schedule', {
      title: 'Cut short',
      url: server.url('/live/a.ts'),
      start: Date.now(),
      durationMs: 4_000,
    });
    const store = dvr.store;
    const transition = store.transition.bind(store);
    // As if the app died right after the rename: the row has the path, the status never changed.
    store.transition = (id, to, reason, patch) => {
      if (id === r.id && to === 'completed') throw new Error('killed');
      return transition(id, to, reason, patch);
    };
    try {
      await waitFor(() => !dvr.recorder.isActive(r.id) && store.get(r.id).outputPath !== null, {
        timeoutMs: 30_000,
        what: 'the finalize to pick its output path',
      });
    } finally {
      store.transition = transition;
    }
    const row = store.get(r.id);
    const moved = row.outputPath!;
    renameSync(row.segments[0]!.path, moved);
    const done = await dvr.recorder.finalize(r.id, 'finalized after a restart from what was captured');
    expect(done.status).toBe('completed');
    expect(done.outputPath).toBe(moved);
    expect(finishedFiles().filter((f) => f.includes('Cut short'))).toEqual([moved]);
    expect(await probeDuration(moved)).toBeGreaterThan(2.5);
  }, 60_000);
});
