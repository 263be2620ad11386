// The one window. Closing it hides it to the tray (recordings go on; the first time a notification
// says so); it really closes only when the app quits. Routes from notifications and links reach the
// renderer through the preload's onNavigate, once the page has loaded.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** Everything the renderer does not need is off (docs/architecture.md, Security checklist). */
export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
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
  };
}

/** The slice of a BrowserWindow we use (a fake in tests). */
export interface AppWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  loadURL(url: string): Promise<void>;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'session-end', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  webContents: {
    send(channel: string, ...args: unknown[]): void;
    on(event: 'did-finish-load', listener: () => void): unknown;
  };
}

export interface WindowServiceOptions {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => AppWindow;
  preload: string;
  url: string;
  icon?: string;
  /** True once the app is quitting: closing then really closes. */
  quitting: () => boolean;
  /** The window was closed to the tray (the caller tells the user the first time). */
  onHiddenToTray: () => void;
  /** Windows is logging off or shutting down (the one place Windows says so). */
  onSessionEnd?: () => void;
  navigateChannel: string;
}

/** A route inside the app: "/recordings/12", "/recordings?tab=upcoming"; anything else is null. */
export function safeAppLink(link: unknown): string | null {
  if (typeof link !== 'string' || link.length > 300) return null;
  if (!link.startsWith('/') || link.startsWith('//')) return null;
  return /^[A-Za-z0-9/_\-.~?=&%:+,]*$/.test(link) && !link.split(/[/?]/).includes('..') ? link : null;
}

export class WindowService {
  private win: AppWindow | null = null;
  private loaded = false;
  private pendingRoute: string | null = null;

  constructor(private readonly options: WindowServiceOptions) {}

  /** The window if it exists (it may be hidden). */
  get current(): AppWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** Shows the window (made if need be), in front, at `route` when given. */
  open(route?: string | null): void {
    const win = this.ensure(true);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    if (route) this.navigate(route);
  }

  /** Sends the renderer to a route (after its page loaded); an unsafe route is ignored. */
  navigate(route: string): void {
    const safe = safeAppLink(route);
    if (!safe) return;
    const win = this.current;
    if (win && this.loaded) win.webContents.send(this.options.navigateChannel, safe);
    else this.pendingRoute = safe;
  }

  /** To the renderer if there is one (core events); dropped when the window does not exist. */
  send(channel: string, payload: unknown): void {
    const win = this.current;
    if (win && this.loaded) win.webContents.send(channel, payload);
  }

  /** Makes the window if it does not exist; shows it when ready if `show`. */
  ensure(show: boolean): AppWindow {
    const existing = this.current;
    if (existing) return existing;
    const win = new this.options.BrowserWindow({
      width: 1100,
      height: 760,
      minWidth: 360,
      minHeight: 480,
      title: 'Tapedeck',
      show: false,
      ...(this.options.icon ? { icon: this.options.icon } : {}),
      webPreferences: webPreferences(this.options.preload),
    });
    this.win = win;
    this.loaded = false;
    if (show) win.once('ready-to-show', () => win.show());
    win.webContents.on('did-finish-load', () => {
      this.loaded = true;
      if (this.pendingRoute) {
        win.webContents.send(this.options.navigateChannel, this.pendingRoute);
        this.pendingRoute = null;
      }
    });
    win.on('close', (event) => {
      if (this.options.quitting()) return;
      // Closing the window is not quitting: recordings go on; the tray brings it back.
      event.preventDefault();
      win.hide();
      this.options.onHiddenToTray();
    });
    win.on('closed', () => {
      if (this.win === win) this.win = null;
    });
    win.on('session-end', () => this.options.onSessionEnd?.());
    void win.loadURL(this.options.url);
    return win;
  }
}
