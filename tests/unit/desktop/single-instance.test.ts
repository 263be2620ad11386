// One instance: a second launch hands its arguments to the first (links and files, parsed against its
// working directory), macOS's open-url / open-file arrive the same way, requests that come before the
// app is ready wait; tapedeck:// links become app routes and nothing else. Launch actions add playlists
// with the real core; "open at login" writes a freedesktop autostart entry on Linux.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dvr } from '../../../src-main/core/dvr';
import { LaunchActions } from '../../../src-main/desktop/launch-actions';
import {
  fileKind,
  parseLaunchArgs,
  routeFromLink,
  type LaunchRequest,
} from '../../../src-main/desktop/launch-args';
import { autostartEntry, HIDDEN_FLAG, LoginItem, startsHidden } from '../../../src-main/desktop/login-item';
import { SingleInstance, type SingleInstanceApp } from '../../../src-main/desktop/single-instance';
import { openTempDvr, tempDir } from '../../support/temp-dvr';
import { FakeEmitter, preventable } from './fakes';

function fakeApp(lock: boolean) {
  const emitter = new FakeEmitter();
  const app = Object.assign(emitter, {
    requestSingleInstanceLock: vi.fn(() => lock),
    setAsDefaultProtocolClient: vi.fn(() => true),
    quit: vi.fn(),
  });
  return app as typeof app & SingleInstanceApp;
}

describe('single instance', () => {
  it('a second launch quits at once and registers nothing', () => {
    const app = fakeApp(false);
    expect(new SingleInstance({ app, registerScheme: true }).claim()).toBe(false);
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(app.count('second-instance')).toBe(0);
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
  });

  it('the first gets the second launch’s links and files, resolved against its folder', () => {
    const app = fakeApp(true);
    const single = new SingleInstance({ app, registerScheme: true });
    expect(single.claim()).toBe(true);
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith('tapedeck');
    const got: Array<[LaunchRequest, boolean]> = [];
    single.ready((request, second) => got.push([request, second]));
    app.emit(
      'second-instance',
      {},
      ['/opt/Tapedeck/tapedeck', '--no-sandbox', 'tapedeck://recordings/12', 'lists/uk.m3u', 'notes.txt'],
      '/home/ann',
    );
    expect(got).toEqual([
      [
        {
          routes: ['/recordings/12'],
          files: [{ path: path.resolve('/home/ann', 'lists/uk.m3u'), kind: 'playlist' }],
        },
        true,
      ],
    ]);
  });

  it('macOS links and files that arrive before the app is ready wait for it', () => {
    const app = fakeApp(true);
    const single = new SingleInstance({ app, registerScheme: false });
    single.claim();
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    const url = preventable();
    app.emit('open-url', url, 'tapedeck://recordings?tab=upcoming');
    const file = preventable();
    app.emit('open-file', file, '/Users/ann/guide.xml.gz');
    app.emit('open-file', preventable(), '/Users/ann/photo.jpg');
    app.emit('open-url', preventable(), 'tapedeck://evil.test:8080/x');
    expect(url.prevented && file.prevented).toBe(true);
    const got: Array<[LaunchRequest, boolean]> = [];
    single.ready((request, second) => got.push([request, second]));
    expect(got).toEqual([
      [{ routes: ['/recordings?tab=upcoming'], files: [] }, true],
      [{ routes: [], files: [{ path: '/Users/ann/guide.xml.gz', kind: 'guide' }] }, true],
    ]);
  });
});

describe('launch arguments', () => {
  it('turns tapedeck:// links into app routes, and refuses anything else', () => {
    expect(routeFromLink('tapedeck://recordings/12')).toBe('/recordings/12');
    expect(routeFromLink('tapedeck:///recordings/12')).toBe('/recordings/12');
    expect(routeFromLink('tapedeck://open')).toBe('/');
    expect(routeFromLink('TAPEDECK://sources')).toBe('/sources');
    // Markup arrives %-encoded: a harmless path the router does not know.
    expect(routeFromLink('tapedeck://recordings/<script>')).toBe('/recordings/%3Cscript%3E');
    // Dot segments (also %-encoded) are resolved by URL parsing and never climb out of the app.
    expect(routeFromLink('tapedeck://recordings/%2e%2e/%2e%2e/settings')).toBe('/recordings/settings');
    for (const bad of [
      'https://recordings/1',
      'tapedeck://user:pw@recordings/1',
      'tapedeck://recordings:99/1',
      `tapedeck://recordings/${'x'.repeat(400)}`,
      'not a link',
    ]) {
      expect(routeFromLink(bad), bad).toBeNull();
    }
  });

  it('knows playlists and guides by their names; skips switches and other files', () => {
    expect(fileKind('a.M3U8')).toBe('playlist');
    expect(fileKind('epg.xmltv')).toBe('guide');
    expect(fileKind('epg.xml.gz')).toBe('guide');
    expect(fileKind('movie.ts')).toBeNull();
    expect(parseLaunchArgs(['--hidden', '-m3u', 'x.m3u', 'tapedeck://bad:1/'], '/w')).toEqual({
      routes: [],
      files: [{ path: path.resolve('/w', 'x.m3u'), kind: 'playlist' }],
    });
  });
});

describe('launch actions with the core', () => {
  let dvr: Dvr;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dvr, dataDir, cleanup } = await openTempDvr());
  });
  afterAll(async () => cleanup?.());

  function actions() {
    const opened: Array<string | null> = [];
    const notes: Array<[string, string, string | null]> = [];
    const launch = new LaunchActions({
      call: (name, input) => dvr.call(name, input),
      open: (route) => opened.push(route),
      notify: (title, body, route) => notes.push([title, body, route]),
    });
    return { launch, opened, notes };
  }

  it('a bare second launch brings the window forward; a bare first launch does nothing', async () => {
    const { launch, opened } = actions();
    await launch.handle({ routes: [], files: [] }, false);
    expect(opened).toEqual([]);
    await launch.handle({ routes: [], files: [] }, true);
    expect(opened).toEqual([null]);
    await launch.handle({ routes: ['/recordings/3'], files: [] }, false);
    expect(opened).toEqual([null, '/recordings/3']);
  });

  it('a playlist opened with the app is added and said so; a broken one says why', async () => {
    const { launch, opened, notes } = actions();
    const file = path.join(dataDir, 'opened.m3u');
    writeFileSync(
      file,
      '#EXTM3U\n#EXTINF:-1 tvg-id="one",One\nhttp://127.0.0.1:9/one.ts\n#EXTINF:-1,Two\nhttp://127.0.0.1:9/two.ts\n',
    );
    await launch.handle({ routes: [], files: [{ path: file, kind: 'playlist' }] }, true);
    expect(notes).toHaveLength(1);
    expect(notes[0]![0]).toBe('Playlist added');
    expect(notes[0]![1]).toMatch(/: 2 channels$/);
    expect(opened).toEqual(['/sources']);
    expect((await dvr.call('sources.list', {})).map((s) => s.counts.live)).toEqual([2]);

    await launch.handle(
      { routes: [], files: [{ path: path.join(dataDir, 'missing.m3u'), kind: 'playlist' }] },
      true,
    );
    expect(notes[1]![0]).toBe('Could not add the playlist');
    expect(notes[1]![1]).toMatch(/^missing\.m3u: /);
  });
});

describe('open at login', () => {
  it('Linux: an autostart entry that starts hidden, removed when switched off', () => {
    const dir = tempDir('tapedeck-autostart-');
    try {
      const app = { setLoginItemSettings: vi.fn() };
      const item = new LoginItem({
        platform: 'linux',
        app,
        command: ['/home/ann/Apps/Tape deck.AppImage'],
        autostartDir: dir,
      });
      item.apply(true);
      const entry = readFileSync(path.join(dir, 'tapedeck.desktop'), 'utf8');
      expect(entry).toContain(`Exec="/home/ann/Apps/Tape deck.AppImage" ${HIDDEN_FLAG}\n`);
      expect(app.setLoginItemSettings).not.toHaveBeenCalled();
      item.apply(false);
      expect(() => readFileSync(path.join(dir, 'tapedeck.desktop'))).toThrow(/ENOENT/);
      item.apply(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Windows and macOS: the OS login item (with the hidden flag where arguments reach it)', () => {
    const app = { setLoginItemSettings: vi.fn() };
    new LoginItem({
      platform: 'win32',
      app,
      command: ['C:\\Tapedeck\\Tapedeck.exe'],
      autostartDir: '',
    }).apply(true);
    new LoginItem({
      platform: 'darwin',
      app,
      command: ['/Applications/Tapedeck.app'],
      autostartDir: '',
    }).apply(false);
    expect(app.setLoginItemSettings.mock.calls).toEqual([
      [{ openAtLogin: true, path: 'C:\\Tapedeck\\Tapedeck.exe', args: [HIDDEN_FLAG] }],
      [{ openAtLogin: false }],
    ]);
    expect(startsHidden(['/x', HIDDEN_FLAG], false)).toBe(true);
    expect(startsHidden(['/x'], true)).toBe(true);
    expect(startsHidden(['/x'], false)).toBe(false);
  });

  it('quotes and escapes Exec as the Desktop Entry spec says', () => {
    expect(autostartEntry(['/a b/c', '100%', 'x"$y']).split('\n')).toContain(
      'Exec="/a b/c" "100%%" "x\\\\"\\\\$y"',
    );
  });
});
