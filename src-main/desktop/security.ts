// What no page of ours needs, denied app-wide: permissions (but fullscreen for the player and writing
// the clipboard, from our own origin), devices, webviews, new windows, and navigation, redirects and
// frame navigation away from app://tapedeck. A link the user clicks goes to ExternalLinks instead.
import { APP_HOST, APP_SCHEME } from './protocol';

export interface Preventable {
  preventDefault(): void;
}
export interface NavigationEvent extends Preventable {
  url: string;
}

/** The slice of a Session these handlers are set on. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/** The slice of a WebContents the guard watches. */
export interface GuardedContents {
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Whether a URL is a page of the app itself. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

const ALLOWED_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write']);

/** The one permission rule: a short list, from our own pages only; everything else is denied. */
export function permissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

export function applyPermissionPolicy(session: PermissionSession): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_wc, permission, origin) =>
    permissionAllowed(permission, origin ? `${origin}/` : undefined),
  );
  // USB, HID, serial, Bluetooth: never.
  session.setDevicePermissionHandler(() => false);
}

/**
 * Guards one WebContents (app.on('web-contents-created') calls it for each): no webview, no window.open,
 * no navigation off the app. An http(s) link that tried to leave goes to `openExternal` (the policy).
 */
export function guardWebContents(contents: GuardedContents, openExternal: (url: string) => void): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/i.test(url)) openExternal(url);
    return { action: 'deny' };
  });
  const stayInApp = (leaving: (url: string) => void) => (event: NavigationEvent) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    leaving(event.url);
  };
  contents.on(
    'will-navigate',
    stayInApp((url) => {
      if (/^https?:/i.test(url)) openExternal(url);
    }),
  );
  contents.on(
    'will-redirect',
    stayInApp(() => undefined),
  );
  contents.on(
    'will-frame-navigate',
    stayInApp(() => undefined),
  );
}
