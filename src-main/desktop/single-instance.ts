// One Tapedeck per user: a second launch hands its arguments to the first (which comes to the front)
// and quits. tapedeck:// is registered as the app's link scheme; on macOS links and files arrive as
// open-url / open-file events instead of arguments, possibly before the app is ready: they wait.
import { LINK_SCHEME, fileKind, parseLaunchArgs, routeFromLink, type LaunchRequest } from './launch-args';

export interface Preventable {
  preventDefault(): void;
}

/** The slice of Electron's app this uses. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string) => void,
  ): unknown;
  on(event: 'open-url', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'open-file', listener: (event: Preventable, path: string) => void): unknown;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  quit(): void;
}

export interface SingleInstanceOptions {
  app: SingleInstanceApp;
  /** Register tapedeck:// with the OS (packaged builds; a dev run would claim it for the bare electron binary). */
  registerScheme: boolean;
}

export class SingleInstance {
  private handler: ((request: LaunchRequest, second: boolean) => void) | null = null;
  private readonly waiting: Array<[LaunchRequest, boolean]> = [];

  constructor(private readonly options: SingleInstanceOptions) {}

  /** Takes the lock; false (and the app quits) when another instance has it. */
  claim(): boolean {
    const { app } = this.options;
    if (!app.requestSingleInstanceLock()) {
      app.quit();
      return false;
    }
    app.on('second-instance', (_event, argv, cwd) => this.deliver(parseLaunchArgs(argv, cwd), true));
    app.on('open-url', (event, url) => {
      event.preventDefault();
      const route = routeFromLink(url);
      if (route) this.deliver({ routes: [route], files: [] }, true);
    });
    app.on('open-file', (event, file) => {
      event.preventDefault();
      const kind = fileKind(file);
      if (kind) this.deliver({ routes: [], files: [{ path: file, kind }] }, true);
    });
    if (this.options.registerScheme) app.setAsDefaultProtocolClient(LINK_SCHEME);
    return true;
  }

  /** From now on requests go to `handler`; the ones that came early are handed over now. */
  ready(handler: (request: LaunchRequest, second: boolean) => void): void {
    this.handler = handler;
    for (const [request, second] of this.waiting.splice(0)) handler(request, second);
  }

  private deliver(request: LaunchRequest, second: boolean): void {
    if (this.handler) this.handler(request, second);
    else this.waiting.push([request, second]);
  }
}
