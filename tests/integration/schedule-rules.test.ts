// Bad input changes nothing; the data folder has one owner; ffmpeg is found in the documented order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import { DataDirLockedError } from '../../src-main/core/data-dir';
import { resolveFfmpeg } from '../../src-main/core/record/ffmpeg-path';
import { TapedeckError } from '../../src-shared/contract';
import { openTempDvr } from '../support/temp-dvr';

let dvr: Dvr;
let dataDir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dvr, dataDir, cleanup } = await openTempDvr());
});
afterAll(() => cleanup());

describe('scheduling refuses bad input and changes nothing', () => {
  const hour = 3600_000;
  const url = 'http://127.0.0.1:9/live.ts';
  it.each([
    [
      'end before start',
      () => ({ url, start: Date.now() + hour, end: Date.now() + hour / 2 }),
      /end must be after the start/,
    ],
    [
      'a zero duration',
      () => ({ url, start: Date.now() + hour, durationMs: 0 }),
      /duration must be more than zero/,
    ],
    [
      'an unknown channel',
      () => ({ channelId: 4242, start: Date.now() + hour, durationMs: hour }),
      /channel 4242 does not exist/,
    ],
    [
      'a malformed URL',
      () => ({ url: 'http//nope', start: Date.now() + hour, durationMs: hour }),
      /URL is malformed/,
    ],
    [
      'a start more than a year away',
      () => ({ url, start: Date.now() + 400 * 24 * hour, durationMs: hour }),
      /more than a year away/,
    ],
    [
      'a window that already ended',
      () => ({ url, start: Date.now() - 2 * hour, durationMs: hour }),
      /already ended/,
    ],
    [
      'a recording over 24 hours',
      () => ({ url, start: Date.now() + hour, durationMs: 25 * hour }),
      /longer than 24 hours/,
    ],
  ])('%s', async (_what, input, message) => {
    const before = await dvr.call('recordings.list', {});
    await expect(dvr.call('recordings.schedule', input())).rejects.toThrow(message);
    expect(await dvr.call('recordings.list', {})).toEqual(before);
  });

  it.each([
    ['recordings.get'],
    ['recordings.stop'],
    ['recordings.cancel'],
    ['recordings.retry'],
    ['recordings.delete'],
  ] as const)('%s of an invalid or unknown id is refused', async (name) => {
    await expect(dvr.call(name, { id: -1 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(dvr.call(name, { id: 99_999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('cancels a scheduled recording, refuses to retry or stop it, and deletes it', async () => {
    const r = await dvr.call('recordings.schedule', {
      url,
      start: Date.now() + hour,
      durationMs: hour,
      title: 'Later',
    });
    expect(r.status).toBe('scheduled');
    await expect(dvr.call('recordings.stop', { id: r.id })).rejects.toThrow(/is scheduled, not recording/);
    expect((await dvr.call('recordings.cancel', { id: r.id })).status).toBe('cancelled');
    await expect(dvr.call('recordings.retry', { id: r.id })).rejects.toBeInstanceOf(TapedeckError);
    expect(await dvr.call('recordings.delete', { id: r.id, keepFile: false })).toEqual({
      id: r.id,
      deletedFiles: [],
    });
    await expect(dvr.call('recordings.get', { id: r.id })).rejects.toMatchObject({ code: 'not_found' });
    // the audit log outlives the row
    expect(dvr.store.events(r.id).map((e) => e.reason)).toContain('deleted by the user with its files');
  });
});

describe('status', () => {
  it('names the ffmpeg in use and its version', async () => {
    const first = await dvr.call('status.get', {});
    expect(first.ffmpeg).toMatchObject({ path: '/usr/bin/ffmpeg', origin: 'PATH' });
    expect(first.ffmpeg?.version).toMatch(/^\d+\.\d+/);
    expect((await dvr.call('status.get', {})).ffmpeg).toEqual(first.ffmpeg);
    expect(first.recordingsDir.startsWith(dataDir)).toBe(true);
  });
});

describe('the data folder', () => {
  it('has one owner: a second instance is refused with a clear message', async () => {
    await expect(openTempDvr({ dataDir })).rejects.toThrow(DataDirLockedError);
    await expect(openTempDvr({ dataDir })).rejects.toThrow(/is in use by another Tapedeck/);
    // the first instance is unharmed
    expect(await dvr.call('recordings.list', {})).toBeInstanceOf(Array);
  });
});

describe('ffmpeg resolution', () => {
  const exists = (files: string[]) => (f: string) => files.includes(f);
  const which = (map: Record<string, string>) => (c: string) => map[c] ?? null;
  it('prefers the setting, then FFMPEG_BIN, then ffmpeg-static, then PATH', () => {
    const all = ['/set/ffmpeg', '/env/ffmpeg', '/static/ffmpeg', '/usr/bin/ffmpeg', '/usr/bin/ffprobe'];
    const common = {
      fileExists: exists(all),
      which: which({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' }),
    };
    expect(
      resolveFfmpeg({
        ...common,
        setting: '/set/ffmpeg',
        env: { FFMPEG_BIN: '/env/ffmpeg' },
        ffmpegStaticPath: '/static/ffmpeg',
      }).origin,
    ).toBe('setting');
    expect(
      resolveFfmpeg({ ...common, env: { FFMPEG_BIN: '/env/ffmpeg' }, ffmpegStaticPath: '/static/ffmpeg' })
        .origin,
    ).toBe('FFMPEG_BIN');
    expect(resolveFfmpeg({ ...common, env: {}, ffmpegStaticPath: '/static/ffmpeg' })).toMatchObject({
      origin: 'ffmpeg-static',
      ffmpeg: '/static/ffmpeg',
      ffprobe: '/usr/bin/ffprobe',
    });
    // ffmpeg-static's path exists only where its download succeeded
    expect(resolveFfmpeg({ ...common, env: {}, ffmpegStaticPath: '/missing/ffmpeg' })).toMatchObject({
      origin: 'PATH',
      ffmpeg: '/usr/bin/ffmpeg',
    });
  });

  it('explains what to do when there is no ffmpeg at all, or a bad setting', () => {
    expect(() =>
      resolveFfmpeg({ env: {}, ffmpegStaticPath: null, fileExists: () => false, which: () => null }),
    ).toThrow(/FFMPEG_BIN/);
    expect(() => resolveFfmpeg({ setting: '/nope', fileExists: () => false })).toThrow(
      /does not exist: \/nope/,
    );
  });
});
