// The Electron layer, with fakes for the parts of Electron it touches (the binary cannot run here).
import { describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, TapedeckError } from '../../src-shared/contract';
import {
  commandChannel,
  forwardEvents,
  isTrustedSender,
  registerIpc,
  type IpcMainLike,
} from '../../src-main/desktop/ipc';
import { RecordingPowerGuard } from '../../src-main/desktop/power';
import { notificationFor, trayTooltip } from '../../src-main/desktop/status-text';
import type { Recording } from '../../src-shared/domain';

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipc, handlers };
}

const RENDERER = 'file:///opt/Tapedeck/resources/app.asar/dist/renderer/index.html';

describe('IPC bridge', () => {
  it('registers one handler per contract command and removes them all', () => {
    const { ipc, handlers } = fakeIpcMain();
    const dispose = registerIpc(ipc, { call: vi.fn() }, RENDERER);
    expect([...handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('passes trusted calls to the core and returns its result', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const call = vi.fn().mockResolvedValue([{ id: 1 }]);
    registerIpc(ipc, { call }, RENDERER);
    const outcome = await handlers.get(commandChannel('recordings.list'))!(
      { senderFrame: { url: RENDERER } },
      { status: 'failed' },
    );
    expect(call).toHaveBeenCalledWith('recordings.list', { status: 'failed' });
    expect(outcome).toEqual({ ok: true, result: [{ id: 1 }] });
  });

  it('refuses calls from any other frame without reaching the core', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const call = vi.fn();
    registerIpc(ipc, { call }, RENDERER);
    for (const url of ['https://evil.test/', 'file:///tmp/other.html', '', 'about:blank']) {
      const outcome = await handlers.get(commandChannel('recordings.delete'))!(
        { senderFrame: { url } },
        { id: 1 },
      );
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(
      await handlers.get(commandChannel('recordings.delete'))!({ senderFrame: null }, { id: 1 }),
    ).toMatchObject({ ok: false });
    expect(call).not.toHaveBeenCalled();
  });

  it('carries core errors as codes and messages', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpc(
      ipc,
      { call: () => Promise.reject(new TapedeckError('not_found', 'recording 9 does not exist')) },
      RENDERER,
    );
    expect(
      await handlers.get(commandChannel('recordings.get'))!({ senderFrame: { url: RENDERER } }, { id: 9 }),
    ).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'recording 9 does not exist' },
    });
  });

  it('trusts a dev server by origin only', () => {
    expect(isTrustedSender('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isTrustedSender('not a url', RENDERER)).toBe(false);
  });

  it('forwards core events to the window channel', () => {
    const sent: unknown[] = [];
    let emit: ((e: never) => void) | null = null;
    forwardEvents(
      (listener) => ((emit = listener as never), () => undefined),
      (channel, event) => sent.push([channel, event]),
    );
    emit!({ name: 'recording.deleted', payload: { id: 3 } } as never);
    expect(sent).toEqual([['tapedeck:event', { name: 'recording.deleted', payload: { id: 3 } }]]);
  });
});

describe('power guard', () => {
  it('blocks app suspension while anything records, once', () => {
    const blocker = { start: vi.fn().mockReturnValue(7), stop: vi.fn() };
    const guard = new RecordingPowerGuard(blocker);
    guard.update(1);
    guard.update(2);
    expect(blocker.start).toHaveBeenCalledTimes(1);
    expect(blocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    guard.update(0);
    expect(blocker.stop).toHaveBeenCalledWith(7);
    guard.update(0);
    expect(blocker.stop).toHaveBeenCalledTimes(1);
  });
});

describe('tray and notification texts', () => {
  it('says idle, recording N and the next recording', () => {
    expect(trayTooltip(0, null)).toBe('Tapedeck — idle');
    const now = new Date(2026, 10, 26, 12, 0).getTime();
    const text = trayTooltip(
      2,
      { title: 'Match of the Day', startAt: new Date(2026, 10, 26, 22, 30).getTime() },
      now,
    );
    expect(text).toMatch(/^Tapedeck — recording 2\nNext: Match of the Day at /);
  });

  const base = {
    title: 'Show',
    error: null,
    capturedMs: 60_000,
    expectedMs: 60_000,
    gaps: [],
  } as unknown as Recording;
  it('notifies start, finish, gaps and failure with the reason', () => {
    expect(notificationFor({ ...base, status: 'recording' })?.title).toBe('Recording started');
    expect(notificationFor({ ...base, status: 'completed' })?.title).toBe('Recording finished');
    expect(
      notificationFor({
        ...base,
        status: 'completed',
        capturedMs: 45_000,
        gaps: [{ start: 0, end: 1, cause: 'stalled' }],
      }),
    ).toEqual({ title: 'Recorded with gaps', body: 'Show: 75% captured, 1 gap(s)' });
    expect(notificationFor({ ...base, status: 'failed', error: 'HTTP error 404 Not Found' })?.body).toBe(
      'Show: HTTP error 404 Not Found',
    );
    expect(notificationFor({ ...base, status: 'scheduled' })).toBeNull();
  });
});

describe('desktop secret store', () => {
  it('encrypts with the OS keychain when available, and never writes the plain value', async () => {
    const { desktopSecretStore } = await import('../../src-main/desktop/secrets');
    const { readFileSync, mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tapedeck-secrets-'));
    const fake = {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x55)),
      decryptString: (data: Buffer) => Buffer.from([...data].map((b) => b ^ 0x55)).toString(),
    };
    const store = desktopSecretStore(dir, fake);
    store.set('source:1:password', 'hunter2');
    expect(store.get('source:1:password')).toBe('hunter2');
    expect(store.protection).toBe('encrypted by the OS keychain');
    expect(readFileSync(path.join(dir, 'secrets.enc.json'), 'utf8')).not.toContain('hunter2');
    store.delete('source:1:password');
    expect(store.get('source:1:password')).toBeNull();

    const plainStore = desktopSecretStore(dir, { ...fake, isEncryptionAvailable: () => false });
    expect(plainStore.protection).toBe('a file readable by its owner only');
  });
});
