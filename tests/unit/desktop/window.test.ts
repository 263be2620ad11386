// The window: secure webPreferences (asserted on what the BrowserWindow constructor receives), closing
// hides to the tray unless quitting, routes reach the renderer once it has loaded.
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { NAVIGATE_CHANNEL } from '../../../src-main/desktop/ipc';
import { RENDERER_URL } from '../../../src-main/desktop/protocol';
import { safeAppLink, WindowService, type AppWindow } from '../../../src-main/desktop/window';
import { FakeEmitter, preventable } from './fakes';

class FakeWindow extends FakeEmitter {
  static made: FakeWindow[] = [];
  destroyed = false;
  visible = false;
  minimized = false;
  focused = 0;
  loaded: string[] = [];
  sent: Array<[string, unknown]> = [];
  readonly webContents = Object.assign(new FakeEmitter(), {
    send: (channel: string, payload: unknown) => void this.sent.push([channel, payload]),
  });
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeWindow.made.push(this);
  }
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  show = () => void (this.visible = true);
  hide = () => void (this.visible = false);
  focus = () => void this.focused++;
  restore = () => void (this.minimized = false);
  loadURL = (url: string) => (this.loaded.push(url), Promise.resolve());
  /** What Electron does when the user closes it: 'close' (preventable), then 'closed' unless prevented. */
  userCloses(): boolean {
    const event = preventable();
    this.emit('close', event);
    if (!event.prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return !event.prevented;
  }
}

function service(overrides: { quitting?: () => boolean } = {}) {
  FakeWindow.made = [];
  const hidden = vi.fn();
  const sessionEnd = vi.fn();
  const windows = new WindowService({
    BrowserWindow: FakeWindow as unknown as new (o: BrowserWindowConstructorOptions) => AppWindow,
    preload: '/app/dist/main/preload.cjs',
    url: RENDERER_URL,
    quitting: overrides.quitting ?? (() => false),
    onHiddenToTray: hidden,
    onSessionEnd: sessionEnd,
    navigateChannel: NAVIGATE_CHANNEL,
  });
  return { windows, hidden, sessionEnd };
}

describe('the window', () => {
  it('is made with every renderer protection on, and loads app://tapedeck/', () => {
    const { windows } = service();
    windows.open(null);
    const [win] = FakeWindow.made;
    expect(win!.options.webPreferences).toEqual({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    });
    expect(win!.options.show).toBe(false);
    expect(win!.loaded).toEqual(['app://tapedeck/']);
  });

  it('closing hides it to the tray (each time, the caller told), and really closes when quitting', () => {
    let quitting = false;
    const { windows, hidden } = service({ quitting: () => quitting });
    windows.open(null);
    const win = FakeWindow.made[0]!;
    expect(win.userCloses()).toBe(false);
    expect(win.visible).toBe(false);
    expect(hidden).toHaveBeenCalledTimes(1);
    windows.open(null);
    expect(FakeWindow.made).toHaveLength(1);
    expect(win.visible).toBe(true);
    quitting = true;
    expect(win.userCloses()).toBe(true);
    expect(hidden).toHaveBeenCalledTimes(1);
    expect(windows.current).toBeNull();
    windows.open(null);
    expect(FakeWindow.made).toHaveLength(2);
  });

  it('comes to the front, restored, when opened again', () => {
    const { windows } = service();
    windows.open(null);
    const win = FakeWindow.made[0]!;
    win.minimized = true;
    windows.open(null);
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(2);
  });

  it('sends a route once the page has loaded, and at once after', () => {
    const { windows } = service();
    windows.open('/recordings/12');
    const win = FakeWindow.made[0]!;
    expect(win.sent).toEqual([]);
    win.webContents.emit('did-finish-load');
    expect(win.sent).toEqual([[NAVIGATE_CHANNEL, '/recordings/12']]);
    windows.open('/sources');
    windows.send('tapedeck:event', { name: 'x' });
    expect(win.sent.slice(1)).toEqual([
      [NAVIGATE_CHANNEL, '/sources'],
      ['tapedeck:event', { name: 'x' }],
    ]);
  });

  it('ignores routes that are not plain app paths', () => {
    const { windows } = service();
    windows.open(null);
    const win = FakeWindow.made[0]!;
    win.webContents.emit('did-finish-load');
    for (const bad of [
      'https://evil.test/',
      '//evil.test/x',
      'javascript:alert(1)',
      '/a/../b',
      '/x"y',
      '/\\evil',
    ]) {
      windows.navigate(bad);
      expect(safeAppLink(bad), bad).toBeNull();
    }
    expect(win.sent).toEqual([]);
    expect(safeAppLink('/recordings?tab=upcoming')).toBe('/recordings?tab=upcoming');
    expect(safeAppLink(42)).toBeNull();
  });

  it('quits cleanly when Windows ends the session', () => {
    const { windows, sessionEnd } = service();
    windows.open(null);
    FakeWindow.made[0]!.emit('session-end');
    expect(sessionEnd).toHaveBeenCalledTimes(1);
  });
});
