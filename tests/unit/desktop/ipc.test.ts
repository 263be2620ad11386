// The contract over IPC: one handler per command, every channel behind the same sender check (the
// media base included), results and errors as outcomes.
import { describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, TapedeckError } from '../../../src-shared/contract';
import {
  commandChannel,
  forwardEvents,
  isTrustedSender,
  MEDIA_BASE_CHANNEL,
  registerIpc,
  registerMediaBase,
  type IpcMainLike,
} from '../../../src-main/desktop/ipc';
import { RENDERER_URL } from '../../../src-main/desktop/protocol';

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (channel: string, url: string | null, input?: unknown) =>
    handlers.get(channel)!({ senderFrame: url === null ? null : { url } }, input);
  return { ipc, handlers, invoke };
}

const PAGE = 'app://tapedeck/recordings/12';
const STRANGERS = [
  'https://evil.test/',
  'app://evil/',
  'app://tapedeck.evil/',
  'foo://tapedeck/',
  'file:///tmp/other.html',
  'app:///index.html',
  '',
  'about:blank',
  'not a url',
];

describe('IPC bridge', () => {
  it('registers one handler per contract command and removes them all', () => {
    const { ipc, handlers } = fakeIpcMain();
    const dispose = registerIpc(ipc, { call: vi.fn() }, RENDERER_URL);
    expect([...handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('passes calls from any page of app://tapedeck to the core and returns its result', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const call = vi.fn().mockResolvedValue([{ id: 1 }]);
    registerIpc(ipc, { call }, RENDERER_URL);
    const outcome = await invoke(commandChannel('recordings.list'), PAGE, { status: 'failed' });
    expect(call).toHaveBeenCalledWith('recordings.list', { status: 'failed' });
    expect(outcome).toEqual({ ok: true, result: [{ id: 1 }] });
  });

  it('refuses calls from any other frame without reaching the core', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const call = vi.fn();
    registerIpc(ipc, { call }, RENDERER_URL);
    for (const url of [...STRANGERS, null]) {
      expect(await invoke(commandChannel('recordings.delete'), url, { id: 1 }), String(url)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: 'IPC from an untrusted frame was refused' },
      });
    }
    expect(call).not.toHaveBeenCalled();
  });

  it('carries core errors as codes and messages', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerIpc(
      ipc,
      { call: () => Promise.reject(new TapedeckError('not_found', 'recording 9 does not exist')) },
      RENDERER_URL,
    );
    expect(await invoke(commandChannel('recordings.get'), PAGE, { id: 9 })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'recording 9 does not exist' },
    });
  });

  it('answers the media base only to our page, and with the media token it was given', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const base = vi.fn(() => ({ url: 'http://127.0.0.1:4000', token: 'media-only' }));
    registerMediaBase(ipc, RENDERER_URL, base);
    expect(await invoke(MEDIA_BASE_CHANNEL, PAGE)).toEqual({
      ok: true,
      result: { url: 'http://127.0.0.1:4000', token: 'media-only' },
    });
    for (const url of [...STRANGERS, null]) {
      expect(await invoke(MEDIA_BASE_CHANNEL, url), String(url)).toMatchObject({ ok: false });
    }
    expect(base).toHaveBeenCalledTimes(1);
  });

  it('compares scheme and host (a custom scheme has no origin to compare)', () => {
    expect(new URL('app://evil/').origin).toBe(new URL('app://tapedeck/').origin); // both "null"
    expect(isTrustedSender('app://evil/', RENDERER_URL)).toBe(false);
    expect(isTrustedSender('app://tapedeck/settings?x=1', RENDERER_URL)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    const file = 'file:///opt/Tapedeck/dist/renderer/index.html';
    expect(isTrustedSender(file, file)).toBe(true);
    expect(isTrustedSender('file:///tmp/x.html', file)).toBe(false);
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
