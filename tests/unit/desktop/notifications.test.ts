// OS notifications from the core's `notification` events: what they say, the user's switches (applied
// by the core, here with a real data folder and a real failing recording), and clicks that open the app
// where the notification points.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TapedeckEvent } from '../../../src-shared/contract';
import type { Dvr } from '../../../src-main/core/dvr';
import {
  explainTrayOnce,
  NotificationService,
  TRAY_HINT_KEY,
  type NotificationApi,
} from '../../../src-main/desktop/notifications';
import { openTempDvr, waitForStatus } from '../../support/temp-dvr';
import { waitFor } from '../../support/wait';
import { FakeEmitter } from './fakes';

function fakeNotifications(supported = true) {
  const shown: FakeNote[] = [];
  class FakeNote extends FakeEmitter {
    visible = false;
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      this.visible = true;
      shown.push(this);
    }
    static isSupported = () => supported;
  }
  return { Notification: FakeNote as unknown as NotificationApi, shown };
}

function bus() {
  const listeners = new Set<(e: TapedeckEvent) => void>();
  return {
    subscribe: (l: (e: TapedeckEvent) => void) => (listeners.add(l), () => void listeners.delete(l)),
    emit: (e: TapedeckEvent) => listeners.forEach((l) => l(e)),
  };
}

const failed = {
  name: 'notification',
  payload: {
    kind: 'failed',
    key: 'failed:12:1',
    title: 'Recording failed',
    body: 'News: HTTP error 404 Not Found',
    link: '/recordings/12',
    at: 1,
  },
} as TapedeckEvent;

describe('OS notifications', () => {
  it('shows each notification event with its title and body, and nothing else', () => {
    const { Notification, shown } = fakeNotifications();
    const events = bus();
    const service = new NotificationService({ Notification, open: () => undefined });
    const stop = service.start(events.subscribe);
    events.emit(failed);
    events.emit({ name: 'recording.deleted', payload: { id: 1 } } as TapedeckEvent);
    expect(shown.map((n) => n.options)).toEqual([
      { title: 'Recording failed', body: 'News: HTTP error 404 Not Found' },
    ]);
    stop();
    events.emit(failed);
    expect(shown).toHaveLength(1);
  });

  it('a click opens the window at the link; the click handler stays alive until then', () => {
    const { Notification, shown } = fakeNotifications();
    const opened: Array<string | null> = [];
    const events = bus();
    const service = new NotificationService({ Notification, open: (route) => opened.push(route) });
    service.start(events.subscribe);
    events.emit(failed);
    expect(service.pending).toBe(1);
    shown[0]!.emit('click');
    expect(opened).toEqual(['/recordings/12']);
    expect(service.pending).toBe(0);
    service.show('Tapedeck is still running', 'In the tray');
    shown[1]!.emit('close');
    expect(service.pending).toBe(0);
    shown[1]!.emit('click');
    expect(opened).toEqual(['/recordings/12', null]);
  });

  it('shows nothing where the OS has no notifications', () => {
    const { Notification, shown } = fakeNotifications(false);
    const service = new NotificationService({ Notification, open: () => undefined });
    expect(service.show('a', 'b')).toBe(false);
    expect(shown).toHaveLength(0);
  });

  it('explains closing to the tray once, remembered in the settings store', () => {
    const { Notification, shown } = fakeNotifications();
    const service = new NotificationService({ Notification, open: () => undefined });
    const state = new Map<string, unknown>();
    const store = {
      internal: (k: string) => state.get(k) ?? null,
      setInternal: (k: string, v: unknown) => void state.set(k, v),
    };
    expect(explainTrayOnce(store, service)).toBe(true);
    expect(explainTrayOnce(store, service)).toBe(false);
    expect(shown.map((n) => n.options.title)).toEqual(['Tapedeck is still running']);
    expect(state.get(TRAY_HINT_KEY)).toBe(true);
  });
});

describe('with the core', () => {
  let dvr: Dvr;
  let cleanup: () => Promise<void>;
  let stream: http.Server;
  let streamUrl = '';

  beforeAll(async () => {
    stream = http.createServer((_req, res) => res.writeHead(404).end('gone'));
    await new Promise<void>((resolve) => stream.listen(0, '127.0.0.1', resolve));
    streamUrl = `http://127.0.0.1:${(stream.address() as AddressInfo).port}/live/x.ts`;
    ({ dvr, cleanup } = await openTempDvr({ captureSettings: { maxFailedAttempts: 1, retryBaseMs: 100 } }));
  });
  afterAll(async () => {
    await cleanup?.();
    await new Promise<void>((resolve) => stream.close(() => resolve()));
  });

  const failOne = async (title: string) => {
    const r = await dvr.call('recordings.schedule', {
      url: streamUrl,
      start: Date.now(),
      durationMs: 30_000,
      title,
    });
    await waitForStatus(dvr, r.id, ['failed'], 20_000);
    return r.id;
  };

  it('follows the switch for failures, and a click goes to the recording', async () => {
    const { Notification, shown } = fakeNotifications();
    const opened: Array<string | null> = [];
    const service = new NotificationService({ Notification, open: (route) => opened.push(route) });
    service.start((l) => dvr.bus.subscribe(l));

    await dvr.call('settings.update', { notifications: { failed: false } });
    await failOne('Muted');
    await dvr.call('settings.update', { notifications: { failed: true } });
    const id = await failOne('Loud');
    await waitFor(() => shown.length > 0, { timeoutMs: 5_000, what: 'the failure notification' });
    expect(shown.map((n) => n.options.title)).toEqual(['Recording failed']);
    expect(shown[0]!.options.body).toMatch(/^Loud: /);
    shown[0]!.emit('click');
    expect(opened).toEqual([`/recordings/${id}`]);
  }, 60_000);
});
