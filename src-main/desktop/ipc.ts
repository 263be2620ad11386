// The contract over Electron IPC: one handle per command, the sender checked, the payload validated
// by the core (zod) before anything runs. Results travel as outcomes so error codes survive IPC.
// Every other channel the preload uses (the media base) goes through the same sender check.
import { COMMAND_NAMES, type CommandOutcome, type TapedeckEvent } from '../../src-shared/contract';
import { toWireError } from '../core/wire';

/** The slice of Electron's ipcMain we use (a fake in tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: { url: string } | null }, input: unknown) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface ContractHost {
  call(name: (typeof COMMAND_NAMES)[number], input: unknown): Promise<unknown>;
}

export const commandChannel = (name: string) => `tapedeck:call:${name}`;
export const EVENT_CHANNEL = 'tapedeck:event';
export const MEDIA_BASE_CHANNEL = 'tapedeck:media-base';
/** Main -> renderer: go to this route (a notification or a tapedeck:// link was opened). */
export const NAVIGATE_CHANNEL = 'tapedeck:navigate';

/**
 * Only our own pages may call in: the app:// renderer (scheme and host; a non-special scheme's
 * URL.origin is "null" for every host, so origins cannot be compared), a file:// page by its path, or
 * a dev server by origin.
 */
export function isTrustedSender(url: string | undefined, rendererUrl: string): boolean {
  if (!url) return false;
  try {
    const sender = new URL(url);
    const ours = new URL(rendererUrl);
    if (ours.protocol === 'file:') return sender.protocol === 'file:' && sender.pathname === ours.pathname;
    return sender.protocol === ours.protocol && sender.host === ours.host && sender.host !== '';
  } catch {
    return false;
  }
}

const UNTRUSTED: CommandOutcome<never> = {
  ok: false,
  error: { code: 'invalid_input', message: 'IPC from an untrusted frame was refused' },
};

/** One IPC handler behind the sender check, answering an outcome. */
export function handleTrusted(
  ipcMain: IpcMainLike,
  channel: string,
  rendererUrl: string,
  run: (input: unknown) => Promise<unknown> | unknown,
): void {
  ipcMain.handle(channel, async (event, input): Promise<CommandOutcome<unknown>> => {
    if (!isTrustedSender(event.senderFrame?.url, rendererUrl)) return UNTRUSTED;
    try {
      return { ok: true, result: await run(input) };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  });
}

export function registerIpc(ipcMain: IpcMainLike, host: ContractHost, rendererUrl: string): () => void {
  for (const name of COMMAND_NAMES) {
    handleTrusted(ipcMain, commandChannel(name), rendererUrl, (input) => host.call(name, input));
  }
  return () => COMMAND_NAMES.forEach((name) => ipcMain.removeHandler(commandChannel(name)));
}

/**
 * The media server's base URL and the media-only token (which opens /media and nothing else), for the
 * player. Never the API token: the renderer does not get a secret it could use anywhere else.
 */
export function registerMediaBase(
  ipcMain: IpcMainLike,
  rendererUrl: string,
  base: () => { url: string; token: string },
): () => void {
  handleTrusted(ipcMain, MEDIA_BASE_CHANNEL, rendererUrl, () => base());
  return () => ipcMain.removeHandler(MEDIA_BASE_CHANNEL);
}

/** Forwards core events to a window's renderer. */
export function forwardEvents(
  subscribe: (listener: (event: TapedeckEvent) => void) => () => void,
  send: (channel: string, event: TapedeckEvent) => void,
): () => void {
  return subscribe((event) => send(EVENT_CHANNEL, event));
}
