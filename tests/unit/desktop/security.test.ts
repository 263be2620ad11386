// The app-wide guards: permissions denied but a short list from our own pages, no webviews, no new
// windows, no navigation off app://tapedeck; links that leave go to the browser only by the policy.
import { describe, expect, it, vi } from 'vitest';
import { ExternalLinks, externalLinkDecision } from '../../../src-main/desktop/external-links';
import {
  applyPermissionPolicy,
  guardWebContents,
  isAppUrl,
  permissionAllowed,
  type GuardedContents,
  type PermissionSession,
} from '../../../src-main/desktop/security';
import { FakeEmitter, preventable } from './fakes';

function fakeSession() {
  const handlers: {
    request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
    check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
    device?: Parameters<PermissionSession['setDevicePermissionHandler']>[0];
  } = {};
  const session: PermissionSession = {
    setPermissionRequestHandler: (h) => void (handlers.request = h),
    setPermissionCheckHandler: (h) => void (handlers.check = h),
    setDevicePermissionHandler: (h) => void (handlers.device = h),
  };
  return { session, handlers };
}

function fakeContents() {
  const emitter = new FakeEmitter();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => void (openHandler = h),
  }) as unknown as GuardedContents & FakeEmitter;
  return { contents, emitter, windowOpen: (url: string) => openHandler!({ url }) };
}

describe('permissions', () => {
  it('deny by default: requests, checks and devices', () => {
    const { session, handlers } = fakeSession();
    applyPermissionPolicy(session);
    const asked = (permission: string, requestingUrl: string) => {
      const callback = vi.fn();
      handlers.request!(null, permission, callback, { requestingUrl });
      return callback.mock.calls[0]![0] as boolean;
    };
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'hid',
      'unknown',
    ]) {
      expect(asked(permission, 'app://tapedeck/'), permission).toBe(false);
      expect(handlers.check!(null, permission, 'app://tapedeck'), permission).toBe(false);
    }
    expect(handlers.device!({ deviceType: 'usb' })).toBe(false);
  });

  it('allows fullscreen and clipboard writes to our own pages only', () => {
    const { session, handlers } = fakeSession();
    applyPermissionPolicy(session);
    const callback = vi.fn();
    handlers.request!(null, 'fullscreen', callback, { requestingUrl: 'app://tapedeck/play/3' });
    expect(callback).toHaveBeenCalledWith(true);
    expect(handlers.check!(null, 'clipboard-sanitized-write', 'app://tapedeck')).toBe(true);
    expect(handlers.check!(null, 'fullscreen', 'http://127.0.0.1:4000')).toBe(false);
    expect(permissionAllowed('fullscreen', 'https://evil.test/')).toBe(false);
    expect(permissionAllowed('fullscreen', undefined)).toBe(false);
  });
});

describe('web contents guard', () => {
  it('denies webviews and every window.open, sending http(s) links to the external policy', () => {
    const { contents, emitter, windowOpen } = fakeContents();
    const external = vi.fn();
    guardWebContents(contents, external);
    const attach = preventable();
    emitter.emit('will-attach-webview', attach);
    expect(attach.prevented).toBe(true);
    expect(windowOpen('https://github.com/tapedeck')).toEqual({ action: 'deny' });
    expect(windowOpen('app://tapedeck/settings')).toEqual({ action: 'deny' });
    expect(windowOpen('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(external.mock.calls).toEqual([['https://github.com/tapedeck']]);
  });

  it('keeps navigation, redirects and frames on app://tapedeck', () => {
    const { contents, emitter } = fakeContents();
    const external = vi.fn();
    guardWebContents(contents, external);
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const inside = preventable({ url: 'app://tapedeck/recordings/3' });
      emitter.emit(event, inside);
      expect(inside.prevented, event).toBe(false);
      for (const url of [
        'https://evil.test/',
        'file:///etc/passwd',
        'app://other/',
        'http://127.0.0.1:4000/',
      ]) {
        const away = preventable({ url });
        emitter.emit(event, away);
        expect(away.prevented, `${event} ${url}`).toBe(true);
      }
    }
    // Only a clicked link (will-navigate) to http(s) is offered to the browser.
    expect(external.mock.calls).toEqual([['https://evil.test/'], ['http://127.0.0.1:4000/']]);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('external links', () => {
  it('opens https on the allow-list, asks for other https, refuses the rest', () => {
    expect(externalLinkDecision('https://github.com/x/y')).toBe('open');
    expect(externalLinkDecision('https://GitHub.com/x')).toBe('open');
    expect(externalLinkDecision('https://github.com:8443/x')).toBe('confirm');
    expect(externalLinkDecision('https://github.com.evil.test/')).toBe('confirm');
    expect(externalLinkDecision('https://provider.example/help')).toBe('confirm');
    for (const url of [
      'http://github.com/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'tapedeck://recordings/1',
      'https://user:pw@github.com/',
      'not a url',
    ]) {
      expect(externalLinkDecision(url), url).toBe('refuse');
    }
  });

  it('opens after the user confirmed, and not when they cancelled or it is refused', async () => {
    const openExternal = vi.fn(() => Promise.resolve());
    let answer = false;
    const confirm = vi.fn(() => Promise.resolve(answer));
    const links = new ExternalLinks({ openExternal, confirm });
    expect(await links.open('https://github.com/')).toBe('opened');
    expect(confirm).not.toHaveBeenCalled();
    expect(await links.open('https://provider.example/')).toBe('cancelled');
    answer = true;
    expect(await links.open('https://provider.example/')).toBe('opened');
    expect(await links.open('file:///etc/passwd')).toBe('refused');
    expect(openExternal.mock.calls).toEqual([['https://github.com/'], ['https://provider.example/']]);
    expect(confirm).toHaveBeenCalledTimes(2);
  });
});
