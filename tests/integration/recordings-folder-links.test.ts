// A symbolic link planted in the recordings folder cannot send a recording elsewhere: the folder a file
// or a segment goes to must resolve, links and all, inside the recordings folder, or the recording
// fails saying why (and keeps what it captured).
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, tempDir, waitForStatus } from '../support/temp-dvr';

let server: StreamServer;
let dvr: Dvr;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  server = await startStreamServer();
  server.addLive('/live/a.ts');
  ({ dvr, cleanup } = await openTempDvr());
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await server?.close();
});

describe('links in the recordings folder', () => {
  it('refuses to finalize into a show folder that links outside, keeping the segments', async () => {
    const outside = tempDir('tapedeck-outside-');
    symlinkSync(outside, path.join(dvr.recordingsDir(), 'Evil Show'));
    const r = await dvr.call('recordings.schedule', {
      title: 'Evil Show',
      url: server.url('/live/a.ts'),
      start: Date.now(),
      durationMs: 3_000,
    });
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^refusing to write outside the recordings folder: Evil Show is a link to /);
    expect(readdirSync(outside)).toEqual([]);
    expect(done.segments.length).toBe(1);
    expect(existsSync(done.segments[0]!.path)).toBe(true);
  }, 40_000);

  it('refuses to capture into a segments folder that links outside', async () => {
    const outside = tempDir('tapedeck-outside-');
    const staging = path.join(dvr.recordingsDir(), '.tapedeck-segments');
    mkdirSync(staging, { recursive: true });
    // The next recording's own segment folder is the planted link.
    const nextId = (await dvr.call('recordings.list', {})).reduce((max, x) => Math.max(max, x.id), 0) + 1;
    symlinkSync(outside, path.join(staging, String(nextId)));
    const r = await dvr.call('recordings.schedule', {
      title: 'Innocent',
      url: server.url('/live/a.ts'),
      start: Date.now(),
      durationMs: 3_000,
    });
    expect(r.id).toBe(nextId);
    const done = await waitForStatus(dvr, r.id, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^refusing to write outside the recordings folder/);
    expect(readdirSync(outside)).toEqual([]);
  }, 40_000);
});
