// Settings over the contract on a real Dvr: what settings.get shows, what settings.update and
// settings.reset change and do (ffmpeg found again, the recordings folder made, paths only from trusted
// callers, no folder move under a running capture), and settings.testFfmpeg.
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { startHttpServer } from '../../src-main/server/http-server';
import { TapedeckError, type CommandName } from '../../src-shared/contract';
import type { AppNotification } from '../../src-shared/contract-system';
import { SETTING_DEFAULTS, type Settings } from '../../src-shared/settings';
import { startStreamServer } from '../support/stream-server';
import { openTempDvr, tempDir, waitForStatus } from '../support/temp-dvr';

let dvr: Dvr;
let dataDir: string;
let cleanup: () => Promise<void>;
const browser = { trustedPaths: false };

beforeEach(async () => {
  // No pinned ffmpeg: these tests are about how the settings choose one.
  ({ dvr, dataDir, cleanup } = await openTempDvr({ ffmpeg: undefined }));
});
afterEach(async () => {
  await cleanup?.();
});

async function refusal(name: CommandName, input: unknown, caller?: { trustedPaths: boolean }) {
  try {
    await dvr.call(name, input, caller);
  } catch (error) {
    if (error instanceof TapedeckError) return error;
    throw error;
  }
  throw new Error(`${name} was not refused`);
}

describe('settings.get', () => {
  it('gives every setting with its default, and the facts a settings screen shows', async () => {
    const view = await dvr.call('settings.get', {});
    expect(view.settings).toEqual(SETTING_DEFAULTS);
    expect(view.facts).toEqual({
      recordingsDir: path.join(dataDir, 'recordings'),
      importDir: path.join(dataDir, 'imports'),
      dataDir,
      secretsProtection: 'a file readable by its owner only',
      serverPort: null,
    });
  });

  it('knows the port of the HTTP server the host runs, while it runs', async () => {
    const server = await startHttpServer({
      dvr,
      host: '127.0.0.1',
      port: 0,
      token: 't'.repeat(32),
      rendererDir: null,
    });
    expect((await dvr.call('settings.get', {})).facts.serverPort).toBe(server.port);
    await server.close();
    expect((await dvr.call('settings.get', {})).facts.serverPort).toBeNull();
  });
});

describe('settings.update and settings.reset', () => {
  it('changes only what it is given, merges notification switches, and tells every window', async () => {
    const events: Settings[] = [];
    dvr.bus.subscribe((e) => {
      if (e.name === 'settings.changed') events.push(e.payload as Settings);
    });
    await dvr.call('settings.update', { stallTimeoutSec: 20, theme: 'dark' });
    const after = await dvr.call('settings.update', { notifications: { failed: false }, keepDays: 30 });
    expect(after).toEqual({
      ...SETTING_DEFAULTS,
      stallTimeoutSec: 20,
      theme: 'dark',
      keepDays: 30,
      notifications: { ...SETTING_DEFAULTS.notifications, failed: false },
    });
    expect((await dvr.call('settings.get', {})).settings).toEqual(after);
    expect(events.at(-1)).toEqual(after);
    expect(events).toHaveLength(2);

    const reset = await dvr.call('settings.reset', { keys: ['stallTimeoutSec', 'notifications'] });
    expect(reset.stallTimeoutSec).toBe(10);
    expect(reset.notifications).toEqual(SETTING_DEFAULTS.notifications);
    expect(reset.theme).toBe('dark');
  });

  it('refuses bad values with the contract, writing nothing', async () => {
    const error = await refusal('settings.update', { theme: 'dark', stallTimeoutSec: 1 });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/stallTimeoutSec/);
    expect((await dvr.call('settings.get', {})).settings.theme).toBe('system');
  });

  it('a new recordings folder is created and used; a relative one is refused', async () => {
    const target = path.join(tempDir(), 'a', 'b', 'recordings');
    const after = await dvr.call('settings.update', { recordingsDir: target });
    expect(after.recordingsDir).toBe(target);
    expect(existsSync(target)).toBe(true);
    expect((await dvr.call('settings.get', {})).facts.recordingsDir).toBe(target);
    expect(dvr.recordingsDir()).toBe(target);

    const relative = await refusal('settings.update', { recordingsDir: 'tv/recordings' });
    expect(relative.message).toMatch(/recordingsDir: give an absolute path/);
    // A folder that cannot be made (its parent is a file) is refused before anything is written.
    const blocked = path.join(tempDir(), 'file');
    writeFileSync(blocked, '');
    const cannot = await refusal('settings.update', { recordingsDir: path.join(blocked, 'x') });
    expect(cannot.message).toMatch(/recordingsDir: cannot create/);
    expect(dvr.recordingsDir()).toBe(target);

    await dvr.call('settings.reset', { keys: ['recordingsDir'] });
    expect(dvr.recordingsDir()).toBe(path.join(dataDir, 'recordings'));
  });

  it('a new ffmpegPath is used at once (the ffmpeg found before is forgotten); null goes back', async () => {
    const before = (await dvr.call('status.get', {})).ffmpeg;
    expect(before).not.toBeNull();
    const dir = tempDir();
    const link = path.join(dir, 'ffmpeg');
    symlinkSync('/usr/bin/ffmpeg', link);
    await dvr.call('settings.update', { ffmpegPath: link });
    const after = (await dvr.call('status.get', {})).ffmpeg;
    expect(after).toMatchObject({ path: link, origin: 'setting' });
    expect(after!.version).toBe(before!.version);
    expect(dvr.ffmpeg().ffmpeg).toBe(link);

    await dvr.call('settings.update', { ffmpegPath: null });
    expect((await dvr.call('status.get', {})).ffmpeg).toEqual(before);
  });

  it('an ffmpegPath that is missing or is not ffmpeg is refused and not saved', async () => {
    const missing = await refusal('settings.update', { ffmpegPath: '/nonexistent/ffmpeg' });
    expect(missing.code).toBe('not_found');
    expect(missing.message).toMatch(/does not exist: \/nonexistent\/ffmpeg/);
    const echo = await refusal('settings.update', { ffmpegPath: '/bin/echo' });
    expect(echo.message).toMatch(/\/bin\/echo does not run as ffmpeg/);
    expect((await dvr.call('settings.get', {})).settings.ffmpegPath).toBeNull();
  });

  it('from a browser, paths cannot be set (they could widen the import folder or run any program)', async () => {
    for (const input of [{ importDir: '/' }, { ffmpegPath: '/bin/sh' }, { recordingsDir: '/tmp/x' }]) {
      const error = await refusal('settings.update', input, browser);
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(
        /^from a browser, \w+ cannot be changed: use the desktop app or `tapedeck settings set`/,
      );
    }
    expect((await dvr.call('settings.get', {})).settings.importDir).toBeNull();
    // Other settings, and paths back to their defaults, are anyone's.
    await dvr.call('settings.update', { theme: 'light', importDir: null }, browser);
    await dvr.call('settings.reset', { keys: ['ffmpegPath'] }, browser);
    expect((await dvr.call('settings.testFfmpeg', {}, browser)).version).toMatch(/\S/);
    expect((await refusal('settings.testFfmpeg', { path: '/bin/sh' }, browser)).message).toMatch(
      /from a browser, ffmpegPath cannot be changed/,
    );
  });

  it('the recordings folder does not move under a running capture', async () => {
    const streams = await startStreamServer();
    try {
      streams.addLive('/live/a.ts');
      await streams.ready();
      const scheduled = await dvr.call('recordings.schedule', {
        url: streams.url('/live/a.ts'),
        start: Date.now(),
        durationMs: 60_000,
      });
      await waitForStatus(dvr, scheduled.id, ['recording']);
      const error = await refusal('settings.update', { recordingsDir: path.join(tempDir(), 'elsewhere') });
      expect(error.code).toBe('conflict');
      expect(error.message).toBe(
        '1 recording is in progress: change the recordings folder when it has finished',
      );
      // Other settings change meanwhile.
      await dvr.call('settings.update', { padAfterSec: 0 });
      await dvr.call('recordings.stop', { id: scheduled.id });
    } finally {
      await streams.close();
    }
  });
});

describe('settings.testFfmpeg', () => {
  it('runs the given ffmpeg, or the one the settings choose', async () => {
    const given = await dvr.call('settings.testFfmpeg', { path: '/usr/bin/ffmpeg' });
    expect(given).toEqual({
      path: '/usr/bin/ffmpeg',
      version: expect.stringMatching(/\S/),
      ffprobe: '/usr/bin/ffprobe',
    });
    const current = await dvr.call('settings.testFfmpeg', {});
    expect(current.version).toBe(given.version);
  });

  it('says clearly what is wrong', async () => {
    expect((await refusal('settings.testFfmpeg', { path: '/nonexistent/ffmpeg' })).message).toMatch(
      /the ffmpeg set in settings does not exist: \/nonexistent\/ffmpeg/,
    );
    const echo = await refusal('settings.testFfmpeg', { path: '/bin/echo' });
    expect(echo.code).toBe('invalid_input');
    expect(echo.message).toBe(
      '/bin/echo does not run as ffmpeg (`echo -version` failed or printed no ffmpeg version)',
    );
  });
});

describe('notification switches', () => {
  it('a kind turned off is not raised; the others are', async () => {
    const streams = await startStreamServer();
    const other = await openTempDvr({ captureSettings: { maxFailedAttempts: 2, retryBaseMs: 100 } });
    try {
      streams.addLive('/live/gone.ts', { status: 404 });
      await streams.ready();
      const seen: AppNotification[] = [];
      other.dvr.bus.subscribe((e) => {
        if (e.name === 'notification') seen.push(e.payload as AppNotification);
      });
      const fail = async () => {
        const r = await other.dvr.call('recordings.schedule', {
          url: streams.url('/live/gone.ts'),
          start: Date.now(),
          durationMs: 3_000,
        });
        await waitForStatus(other.dvr, r.id, ['failed'], 30_000);
        return r.id;
      };
      await other.dvr.call('settings.update', { notifications: { failed: false } });
      await fail();
      expect(seen.filter((n) => n.kind === 'failed')).toEqual([]);
      await other.dvr.call('settings.update', { notifications: { failed: true } });
      const id = await fail();
      expect(seen.filter((n) => n.kind === 'failed').map((n) => n.link)).toEqual([`/recordings/${id}`]);
    } finally {
      await other.cleanup();
      await streams.close();
    }
  });
});
